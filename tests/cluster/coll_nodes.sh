#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# coll_lat for every collective on 2 simulated nodes x 2 ranks, each
# checked (--validate); every trial records 2 nodes, 2 ranks per node, both
# hostnames, and ranks 0,1 on node1 and 2,3 on node2.
. "${abs_top_srcdir:-.}/tests/cluster/common.sh"
cluster_require "$BUILD/coll_lat" "$TRIALQ"
cluster_up 2
J="$CLUSTER_DIR/coll.json"
OPS="barrier bcast allgather allreduce alltoall"

# 4 ranks on 2 cores poll in turn (about 8 ms per barrier here): few iterations.
for op in $OPS; do
	size="-m 8:8"
	[ "$op" = barrier ] && size=
	# shellcheck disable=SC2086
	run_trial "$CLUSTER_DIR/$op" "$J" -n 4 -ppn 2 "$BUILD/coll_lat" --op "$op" $size \
		-i 200 -x 5 --validate --label coll2x2 --json "$J"
	grep -q '^# ranks: 4   nodes: 2   ranks per node: 2$' "$CLUSTER_DIR/$op" || fail "$op: header"
	grep -q '^# validation: every size passed$' "$CLUSTER_DIR/$op" || fail "$op: validation"
done

"$TRIALQ" "$J" op ranks nodes ranks_per_node fingerprint.nodes.*.hostname fingerprint.nodes.0.ranks \
	fingerprint.nodes.1.ranks fingerprint.binding.*.node sizes.*.size sizes.*.n sizes.*.validation \
	> "$CLUSTER_DIR/q" || fail "trialq $J"
want=
for op in $OPS; do
	size=8
	[ "$op" = barrier ] && size=0
	want="$want$op 4 2 2 node1,node2 0,1 2,3 0,0,1,1 $size 200 pass
"
done
got=$(cat "$CLUSTER_DIR/q")
[ "$got
" = "$want" ] || { printf 'got:\n%s\nexpected:\n%s' "$got" "$want" >&2; fail "trials of $J"; }
echo "coll_lat on 2 nodes x 2 ranks: all checks passed"
