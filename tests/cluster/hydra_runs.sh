#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The commands of doc/multinode.md's hydra section as written there, on four
# simulated hosts (tests/cluster/cluster.sh): hydra reads -hosts and the
# hostfile itself. Only what a test must cut is changed: host names (n1 ->
# node1), sizes and iteration counts, the transport of the -genv example
# (no RDMA here: tcp,self for rc,self) and its "..." (a label and a file).
# Each trial must record the placement the doc says the command makes.
. "${abs_top_srcdir:-.}/tests/cluster/common.sh"
DOC=${abs_top_srcdir:-.}/doc/multinode.md
cluster_require "$BUILD/p2p_lat" "$BUILD/coll_lat" "$TRIALQ" "$BUILD/sriovstat"
cluster_up 4
W=$CLUSTER_DIR/hydra
mkdir -p "$W" && cd "$W" || fail "cd $W"
printf 'node%d\n' 1 2 3 4 > hostfile
# ./p2p_lat and ./coll_lat as in the doc (hydra starts the ranks here).
ln -s "$BUILD/p2p_lat" "$BUILD/coll_lat" . || fail "links to the benchmarks"

awk '/^## mpiexec \(MPICH.s hydra\)$/ { p = 1; next } /^## / { p = 0 } p' "$DOC" |
	awk '/^```sh$/ { b = 1; next } /^```$/ { b = 0 } b && /^mpiexec /' > commands
expect_eq "mpiexec commands in the hydra section" "$(wc -l < commands | tr -d ' ')" 5

n=0
while IFS= read -r line; do
	n=$((n + 1))
	cmd=$(printf '%s\n' "$line" | sed \
		-e 's/-hosts n1,n2 /-hosts node1,node2 /; s/-hosts n1 /-hosts node1 /' \
		-e 's/UCX_TLS rc,self/UCX_TLS tcp,self/' \
		-e 's|\./p2p_lat \.\.\.$|./p2p_lat -m 0:64 --label env --json env.json|' \
		-e 's/-m 0:4M /-m 0:1024 /; s/--op allreduce /--op allreduce -m 4:64 /' \
		-e 's#\(\./[a-z0-9_]*\) #\1 -i 20 -x 2 #')
	json=$(printf '%s\n' "$cmd" | sed -n 's/.* --json \([^ ]*\).*/\1/p')
	[ -n "$json" ] || fail "no --json in: $cmd"
	echo "run: $cmd"
	# shellcheck disable=SC2086
	set -- ${cmd#mpiexec }
	CLUSTER_OWN_HOSTS=1 run_trial "$W/out$n" "$json" "$@"
done < commands

# nodes, ranks per node, hostnames: what each command of the doc promises.
q() { "$TRIALQ" "$1" nodes ranks_per_node fingerprint.nodes.*.hostname; }
expect_eq "inter-node (-hosts n1,n2 -ppn 1)" "$(q native.json)" "2 1 node1,node2"
expect_eq "intra-node (-hosts n1)" "$(q native-shm.json)" "1 2 node1"
expect_eq "4 nodes x 1 rank (-f hostfile -ppn 1)" "$(q ar-4x1.json)" "4 1 node1,node2,node3,node4"
expect_eq "2 nodes x 2 ranks (-f hostfile -ppn 2)" "$(q ar-2x2.json)" "2 2 node1,node2"
expect_eq "-genv recorded in the fingerprint" \
	"$("$TRIALQ" env.json nodes fingerprint.environment.UCX_TLS)" "2 tcp,self"
# The doc's jq line: one row per node, from version 2's node descriptions.
if command -v jq > /dev/null; then
	awk '/^```sh$/ { b = 1; next } /^```$/ { b = 0 } b' "$DOC" |
		awk '/^jq / { j = 1 } j { print } j && /native\.json$/ { exit }' > jq.sh
	sh jq.sh > jq.out || fail "the doc's jq command: $(cat jq.sh)"
	k=$(uname -r)
	expect_eq "the doc's jq command" "$(cut -f 1-3,5 jq.out | tr '\t\n' ' |')" \
		"1 node1 $k [0]|1 node2 $k [1]|"
else
	echo "note: no jq here: the doc's jq command is not run"
fi
# The two placements of allreduce side by side, as the doc suggests.
"$BUILD/sriovstat" summary ar-4x1.json ar-2x2.json > summary.out 2> summary.err ||
	{ cat summary.err >&2; fail "sriovstat summary of the two placements"; }
grep -q 'native-4x1' summary.out && grep -q 'native-2x2' summary.out ||
	{ cat summary.out >&2; fail "summary does not name both placements"; }
echo "hydra on four simulated hosts, doc/multinode.md's commands: all checks passed"
