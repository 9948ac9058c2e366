#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# p2p_bw: bw and bibw with 2 ranks, -W, several pairs with 4 ranks, the
# bandwidth fields of the trial file, and misuse.
. "${abs_top_srcdir:-.}/tests/mpi/common.sh"

J="$WORK/bw.json"
run 2 "$BUILD/p2p_bw" -m 1:4096 -i 20 -x 2 --label native --json "$J" > "$WORK/bw.out" 2> "$WORK/bw.err" ||
	{ cat "$WORK/bw.err" >&2; fail "p2p_bw run"; }
check_bw "$WORK/bw.out" "$J" "1 2 4 8 16 32 64 128 256 512 1024 2048 4096" 20 64 1
grep -q '^# Size *Bandwidth (MB/s) *Min(MB/s) *Max(MB/s) *P50(MB/s) *P90(MB/s) *P95(MB/s) *P99(MB/s) *Iterations$' "$WORK/bw.out" ||
	fail "bw header columns"
"$DUMP" "$J" | grep -q '^trial 1 benchmark p2p_bw op bw complete 1 ranks 2 ' || fail "bw trial metadata"
# The bad tail: P99 is never above P50, and Min <= P99 <= P50 <= Max.
awk '!/^#/ && NF >= 9 && !($3 <= $8 + 0.01 && $8 <= $5 + 0.01 && $5 <= $4 + 0.01) { print; bad = 1 } END { exit bad }' "$WORK/bw.out" ||
	fail "bandwidth percentiles out of order (P99 must be the low tail)"

# bibw moves twice the bytes per window; -W sets the window.
run 2 "$BUILD/p2p_bw" --mode bibw -W 8 -m 64:1024 -i 10 -x 1 --label native --json "$J" > "$WORK/bibw.out" 2> "$WORK/bibw.err" ||
	{ cat "$WORK/bibw.err" >&2; fail "p2p_bw --mode bibw run"; }
check_bw "$WORK/bibw.out" "$J" "64 128 256 512 1024" 10 16 1
"$DUMP" "$J" | grep -q '^trial 2 benchmark p2p_bw op bibw ' || fail "bibw op"
# Large sizes use the large counts (20 windows above 8192 bytes, as OSU).
run 2 "$BUILD/p2p_bw" --window-size 4 -m 16384:16384 -x 1 --label native --json "$J" > "$WORK/large.out" ||
	fail "p2p_bw large size"
check_bw "$WORK/large.out" "$J" "16384" 20 4 1

# Several pairs (4 ranks: 0-2 and 1-3): aggregate bytes of both pairs,
# every pair's samples kept, the pairs in the fingerprint and the header.
run 4 "$BUILD/p2p_bw" -m 1:16 -i 4 -x 1 -W 4 --label native --json "$J" > "$WORK/p4.out" 2> "$WORK/p4.err" ||
	{ cat "$WORK/p4.err" >&2; fail "p2p_bw with 4 ranks"; }
check_bw "$WORK/p4.out" "$J" "1 2 4 8 16" 4 8 2
grep -q '^# pairs: 2 (rank-rank on node-node): 0-2 on 0-0 1-3 on 0-0$' "$WORK/p4.out" || fail "pairs header line"
grep -q 'Iterations *PairMin(MB/s) *PairMax(MB/s)$' "$WORK/p4.out" || fail "pair columns"
# --pairs 1 of 4 ranks: ranks 1 and 3 idle, one pair's bytes.
run 4 "$BUILD/p2p_bw" --pairs 1 -m 8:8 -i 3 -x 1 -W 2 --label native --json "$J" > "$WORK/p1.out" ||
	fail "p2p_bw --pairs 1 with 4 ranks"
check_bw "$WORK/p1.out" "$J" "8" 3 2 1

# sriovstat reads the bandwidth trials.
"$BUILD/sriovstat" summary "$J" > "$WORK/summary" 2>&1 || { cat "$WORK/summary" >&2; fail "sriovstat summary of bandwidth trials"; }
# plot labels the samples of bandwidth trials as times (lower is faster), not latency.
"$BUILD/sriovstat" plot --op bw --script "$WORK/bw.gp" -o "$WORK/bw.png" "$J" > /dev/null 2>&1 ||
	fail "sriovstat plot --script of bandwidth trials"
grep -q "set ylabel 'time (us)'" "$WORK/bw.gp" || fail "plot: the axis of bandwidth trials says latency"
grep -q 'bandwidth trials: time per window or message, lower is faster' "$WORK/bw.gp" || fail "plot: no bandwidth note"

# compare's verdict on bandwidth trials: B's windows take half the time (twice
# the bandwidth), so B is "faster", never "slower" (5 trials of 8 windows).
bwfile() { # LABEL BASE_NS STEP: a bandwidth trial file, window times from BASE ns, trial t adds t^2 x STEP
	printf '{"format":"sriovstat-trials","version":1,"label":"%s","trials":[' "$1"
	for t in 1 2 3 4 5; do
		[ "$t" -gt 1 ] && printf ','
		printf '{"trial":%d,"benchmark":"p2p_bw","op":"bw","complete":true,"better":"higher",' "$t"
		printf '"quantity":"bandwidth","sizes":[{"size":65536,"iterations":8,"warmup":1,'
		printf '"bytes_per_sample":4194304,"samples":{"unit":"ns","encoding":"json-array","count":8,"data":['
		awk -v b="$2" -v t="$t" -v s="$3" 'BEGIN { for (i = 0; i < 8; i++) printf "%s%d", i ? "," : "", b + i * 97 + t * t * s }'
		printf ']}}]}'
	done
	printf ']}\n'
}
bwfile slow 400000 13 > "$WORK/slow.json"
bwfile fast 200000 29 > "$WORK/fast.json"
"$BUILD/sriovstat" compare "$WORK/slow.json" "$WORK/fast.json" > "$WORK/cmp" 2> "$WORK/cmp.err" ||
	{ cat "$WORK/cmp.err" >&2; fail "sriovstat compare of bandwidth trials"; }
grep -q '^65536 .* faster$' "$WORK/cmp" || { cat "$WORK/cmp" >&2; fail "compare: twice the bandwidth is not 'faster'"; }
grep -q 'slower' "$WORK/cmp" && { cat "$WORK/cmp" >&2; fail "compare calls the faster bandwidth run slower"; }

# Misuse: one-line error, exit 2, nothing written.
expect_usage() {
	before=$(cksum < "$J")
	usage_error p2p_bw "$@"
	[ "$(cksum < "$J")" = "$before" ] || fail "$J changed by: $*"
}
set -e
expect_usage "--mode fast: expected bw or bibw" run 2 "$BUILD/p2p_bw" --mode fast --label native --json "$J"
expect_usage "-W 0: must be at least 1" run 2 "$BUILD/p2p_bw" -W 0 --label native --json "$J"
expect_usage "-W 100000: more than the limit of 65536" run 2 "$BUILD/p2p_bw" -W 100000 --label native --json "$J"
expect_usage "--pairs 2 needs at least 4 ranks, got 2" run 2 "$BUILD/p2p_bw" --pairs 2 --label native --json "$J"
expect_usage "needs an even number of ranks, got 3" run 3 "$BUILD/p2p_bw" -i 2 --label native --json "$J"
expect_usage "needs at least 2 ranks, got 1" run 1 "$BUILD/p2p_bw" -i 2 --label native --json "$J"

"$BUILD/p2p_bw" --help | grep -q '^Usage: mpiexec -n N p2p_bw' || fail "--help"
"$BUILD/p2p_bw" --help | grep -q -- '--mode bw|bibw' || fail "--help lists --mode"
echo "p2p_bw: all checks passed"
