#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The simulated cluster itself: hosts with their own hostnames and
# addresses, hydra placing ranks on them, and teardown that leaves nothing
# behind, also when the test is killed (TERM runs the traps; after KILL the
# next cluster sweeps the leftovers).
. "${abs_top_srcdir:-.}/tests/cluster/common.sh"
cluster_require
cluster_up 2

# Three namespaces (hub and two hosts) and two bridge ports, all named after us.
inv=$(cluster_inventory | sort | tr '\n' ' ')
expect_eq "inventory" "$inv" "netns sbc$$-h1 netns sbc$$-h2 netns sbc$$-hub port veth1 port veth2 "
ip -o link | grep -q "sbc$$" && fail "an interface of the cluster is in the caller's namespace"

# hydra places ranks by -ppn; each host answers with its own name and address.
cluster_mpiexec -n 4 -ppn 2 /bin/sh -c 'echo "$(hostname) $(ip -o -4 addr show dev eth0 | awk "{ print \$4 }")"' \
	> "$CLUSTER_DIR/who" || fail "mpiexec of hostname"
got=$(sort "$CLUSTER_DIR/who" | tr '\n' ' ')
expect_eq "hosts of 4 ranks, 2 per node" "$got" \
	"node1 10.213.0.11/24 node1 10.213.0.11/24 node2 10.213.0.12/24 node2 10.213.0.12/24 "
hostname | grep -qx 'node[0-9]*' && fail "the caller's hostname was changed"

# The hosts reach each other through the bridge: p2p_lat over TCP only.
CLUSTER_TIMEOUT=30 run_trial "$CLUSTER_DIR/tcp" "$CLUSTER_DIR/tcp.json" -n 2 -ppn 1 \
	-genv UCX_TLS tcp,self "$BUILD/p2p_lat" -m 8 -i 20 -x 2 --quiet --json "$CLUSTER_DIR/tcp.json"
grep -q '^# ranks: 2   nodes: 2   ranks per node: 1$' "$CLUSTER_DIR/tcp" || fail "p2p_lat header"

# A cluster in a child that is killed with TERM while ranks run: its traps
# remove every namespace and end every process it started.
# wait_ranks PID: until the child's hosts run processes (or 30 s).
wait_ranks() {
	t=0
	while [ $t -lt 300 ]; do
		p1=$(ip netns pids "sbc$1-h1" 2>/dev/null)
		p2=$(ip netns pids "sbc$1-h2" 2>/dev/null)
		[ -n "$p1" ] && [ -n "$p2" ] && return 0
		sleep 0.1
		t=$((t + 1))
	done
	fail "the child's ranks did not start"
}
# Processes in the child's namespaces, and its namespaces.
child_pids() {
	for ns in hub h1 h2; do ip netns pids "sbc$1-$ns" 2>/dev/null; done | tr '\n' ' '
}
child_netns() {
	ip netns list | awk -v p="sbc$1-" 'index($1, p) == 1 { print $1 }'
}
# Fail if any of the pids in $2 still runs after 5 s (zombies count as gone).
expect_gone() {
	t=0
	for p in $2; do
		while [ -e "/proc/$p" ] && [ "$(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null)" != Z ]; do
			[ $t -lt 50 ] || fail "$1: process $p is still running"
			sleep 0.1
			t=$((t + 1))
		done
	done
	return 0
}

# The child's command line carries our pid, so that its processes (the
# shell and the watchdog, a subshell) can be told from any other.
CHILD=': hosts-test-'$$'; . "$CLUSTER_SRCDIR/cluster.sh"; cluster_up 2; cluster_mpiexec -n 2 -ppn 1 sleep 600'
# Fail unless the child's shells and scratch directory are gone within 3 s.
expect_child_gone() {
	t=0
	while ps -e -o args= | grep -q "^sh -c : hosts-test-$$;"; do
		[ $t -lt 30 ] || fail "$1: a shell of the child still runs"
		sleep 0.1
		t=$((t + 1))
	done
	for d in "${TMPDIR:-/tmp}/sriovstat-cluster-$2".*; do
		[ -e "$d" ] && fail "$1: the child's directory $d remains"
	done
	return 0
}
export CLUSTER_SRCDIR
sh -c "$CHILD" > "$CLUSTER_DIR/child1" 2>&1 &
child=$!
wait_ranks "$child"
pids=$(child_pids "$child")
[ -n "$pids" ] || fail "no processes in the child's namespaces"
kill -TERM "$child"
wait "$child"
rc=$?
expect_eq "exit status of the child killed with TERM" "$rc" 143
expect_eq "namespaces left by the child killed with TERM" "$(child_netns "$child")" ""
expect_gone "after TERM" "$pids"
expect_child_gone "after TERM" "$child"
ip -o link | grep -q "sbc$child" && fail "an interface of the killed child remains"

# Killed with KILL, no trap runs: the namespaces and ranks stay until the
# next cluster (or cluster.sh --sweep) finds their owner gone.
sh -c "$CHILD" > "$CLUSTER_DIR/child2" 2>&1 &
child=$!
wait_ranks "$child"
pids=$(child_pids "$child")
kill -KILL "$child"
wait "$child" 2>/dev/null
[ -n "$(child_netns "$child")" ] || fail "nothing left after KILL: the sweep below proves nothing"
sh "$CLUSTER_SRCDIR/cluster.sh" --sweep 2> "$CLUSTER_DIR/sweep" || fail "cluster.sh --sweep"
grep -q "removing the leftovers of a killed run (sbc$child-\*)" "$CLUSTER_DIR/sweep" ||
	{ cat "$CLUSTER_DIR/sweep" >&2; fail "sweep message"; }
expect_eq "namespaces left after the sweep" "$(child_netns "$child")" ""
expect_gone "after the sweep" "$pids"
expect_child_gone "after KILL and the sweep" "$child"
# Our own cluster, whose owner is alive, was not swept.
expect_eq "our namespaces after the sweep" "$(child_netns $$ | wc -l | tr -d ' ')" 3

# The command-line form, and its misuse.
sh "$CLUSTER_SRCDIR/cluster.sh" --help | grep -q '^Usage: cluster.sh' || fail "cluster.sh --help"
sh "$CLUSTER_SRCDIR/cluster.sh" -n 0 -- -n 1 true 2> "$CLUSTER_DIR/mis"
expect_eq "exit status of cluster.sh -n 0" $? 2
grep -q '^cluster.sh: error: -n 0: expected 1 to 200$' "$CLUSTER_DIR/mis" || fail "cluster.sh -n 0 message"
sh "$CLUSTER_SRCDIR/cluster.sh" -n 3 -- -n 3 -ppn 1 hostname > "$CLUSTER_DIR/cli" ||
	fail "cluster.sh -n 3"
expect_eq "hosts from cluster.sh -n 3" "$(sort "$CLUSTER_DIR/cli" | tr '\n' ' ')" "node1 node2 node3 "

# Our own teardown, checked from outside: the EXIT trap of a child that ends normally.
sh -c '. "$CLUSTER_SRCDIR/cluster.sh"; cluster_up 2; echo $$' > "$CLUSTER_DIR/child3" ||
	fail "a child that brings a cluster up and exits"
child=$(cat "$CLUSTER_DIR/child3")
expect_eq "namespaces left by a child that exited" "$(child_netns "$child")" ""
echo "cluster: all checks passed"
