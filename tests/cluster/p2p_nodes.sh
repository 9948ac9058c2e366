#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# p2p_lat on 2 simulated nodes: ranks on different hosts (-ppn 1) and on the
# same host (-ppn 2); each trial records its nodes, ranks per node, hostnames
# and which node held which rank.
. "${abs_top_srcdir:-.}/tests/cluster/common.sh"
cluster_require "$BUILD/p2p_lat" "$TRIALQ"
cluster_up 2
J="$CLUSTER_DIR/p2p.json"
Q="trial nodes ranks_per_node ranks fingerprint.nodes.*.hostname fingerprint.nodes.0.ranks fingerprint.nodes.1.ranks fingerprint.binding.*.node sizes.*.size sizes.*.n"

# Different hosts: rank 0 on node1, rank 1 on node2.
run_trial "$CLUSTER_DIR/inter" "$J" -n 2 -ppn 1 "$BUILD/p2p_lat" -m 8:64 -i 500 -x 20 \
	--label p2p --json "$J"
grep -q '^# ranks: 2   nodes: 2   ranks per node: 1$' "$CLUSTER_DIR/inter" || fail "header of the inter-node run"
# Same host: both ranks on node1.
run_trial "$CLUSTER_DIR/intra" "$J" -n 2 -ppn 2 "$BUILD/p2p_lat" -m 8:64 -i 500 -x 20 \
	--label p2p --json "$J"
grep -q '^# ranks: 2   nodes: 1   ranks per node: 2$' "$CLUSTER_DIR/intra" || fail "header of the intra-node run"

# trial nodes per-node ranks hostnames node0-ranks node1-ranks node-of-each-rank sizes samples
# shellcheck disable=SC2086
"$TRIALQ" "$J" $Q > "$CLUSTER_DIR/q" || fail "trialq $J"
expect_eq "inter-node trial" "$(sed -n 1p "$CLUSTER_DIR/q")" "1 2 1 2 node1,node2 0 1 0,1 8,16,32,64 500,500,500,500"
expect_eq "intra-node trial" "$(sed -n 2p "$CLUSTER_DIR/q")" "2 1 2 2 node1 0,1 - 0,0 8,16,32,64 500,500,500,500"
expect_eq "trials in the file" "$(wc -l < "$CLUSTER_DIR/q" | tr -d ' ')" 2

# The node fingerprints are whole: kernel, CPU and virtualization per node.
for k in kernel.release cpu.model virtualization; do
	v=$("$TRIALQ" "$J" "fingerprint.nodes.*.$k" | sed -n 1p)
	case $v in
	- | *,-* | -,*) fail "fingerprint.nodes[].$k missing: $v" ;;
	esac
done
echo "p2p_lat across nodes: all checks passed"
