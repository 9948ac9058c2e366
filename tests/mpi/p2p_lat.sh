#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# p2p_lat with 2 ranks: table, trial file, appending, and misuse.
. "${abs_top_srcdir:-.}/tests/mpi/common.sh"

J="$WORK/native.json"
for i in 1 2 3; do
	run 2 "$BUILD/p2p_lat" -m 0:1024 -i 300 -x 20 --label native --json "$J" > "$WORK/out$i" 2> "$WORK/err$i" ||
		{ cat "$WORK/err$i" >&2; fail "p2p_lat run $i"; }
	check_run "$WORK/out$i" "$J" "0 1 2 4 8 16 32 64 128 256 512 1024" 300
done
trials=$("$DUMP" "$J" | awk '$1 == "trial" { printf "%s%s", s, $2; s = "," }')
[ "$trials" = "1,2,3" ] || fail "trial numbers after three runs: $trials"
"$DUMP" "$J" | grep -q '^trial 3 benchmark p2p_lat op pingpong complete 1 ranks 2 nodes 1 ranks_per_node 2 ' ||
	fail "trial metadata"
grep -q '^# Size *Avg(us) *Min(us) *Max(us) *P50(us) *P90(us) *P95(us) *P99(us) *Iterations$' "$WORK/out1" ||
	fail "header columns"

# Percentile columns follow --percentiles.
run 2 "$BUILD/p2p_lat" -m 8 -i 100 --percentiles 50,99.9 > "$WORK/pct" || fail "--percentiles run"
grep -q 'P99.9(us)' "$WORK/pct" || fail "P99.9 column missing"

# Misuse: one-line error, exit 2, nothing written.
expect_usage() {
	want=$1; shift
	before=$(cksum < "$J")
	set +e
	"$@" > "$WORK/mis.out" 2> "$WORK/mis.err"
	rc=$?
	set -e
	[ $rc -eq 2 ] || fail "exit $rc (want 2) for: $*"
	grep -q "^p2p_lat: error: .*$want" "$WORK/mis.err" || { cat "$WORK/mis.err" >&2; fail "message for: $*"; }
	[ "$(grep -c . "$WORK/mis.err")" -eq 1 ] || { cat "$WORK/mis.err" >&2; fail "more than one line for: $*"; }
	[ "$(cksum < "$J")" = "$before" ] || fail "$J changed by: $*"
}
set -e
expect_usage "larger than maximum" run 2 "$BUILD/p2p_lat" -m 10:5 --label native --json "$J"
expect_usage "must be at least 1" run 2 "$BUILD/p2p_lat" -i 0 --label native --json "$J"
expect_usage "not a whole number" run 2 "$BUILD/p2p_lat" -i abc --label native --json "$J"
expect_usage "more than the limit" run 2 "$BUILD/p2p_lat" -i 1e12 --label native --json "$J"
expect_usage "needs an even number of ranks, got 3" run 3 "$BUILD/p2p_lat" -i 10 -m 8 --label native --json "$J"
expect_usage "--pairs 2 needs at least 4 ranks, got 2" run 2 "$BUILD/p2p_lat" --pairs 2 -i 10 -m 8 --label native --json "$J"
expect_usage "--pairs 0: must be at least 1" run 2 "$BUILD/p2p_lat" --pairs 0 -i 10 -m 8 --label native --json "$J"
expect_usage "does not exist" run 2 "$BUILD/p2p_lat" -i 10 -m 8 --label native --json "$WORK/missing/dir.json"
[ ! -e "$WORK/missing" ] || fail "a directory was created"
expect_usage "holds label \"native\", this run is \"vm\"" run 2 "$BUILD/p2p_lat" -i 10 -m 8 --label vm --json "$J"
printf '{"format":"sriovstat-trials","version":1,"label":"native","trials":[' > "$WORK/corrupt.json"
cp "$WORK/corrupt.json" "$WORK/corrupt.orig"
set +e
run 2 "$BUILD/p2p_lat" -i 10 -m 8 --label native --json "$WORK/corrupt.json" > /dev/null 2> "$WORK/c.err"
rc=$?
set -e
[ $rc -eq 2 ] || fail "corrupt file: exit $rc"
grep -q "^p2p_lat: error: .*corrupt.json: truncated JSON" "$WORK/c.err" || { cat "$WORK/c.err" >&2; fail "corrupt file message"; }
cmp -s "$WORK/corrupt.json" "$WORK/corrupt.orig" || fail "corrupt file was modified"

# Several pairs (osu_multi_lat): 4 ranks make pairs 0-2 and 1-3, every
# pair's every iteration kept; the row's average is the mean over pairs.
J4="$WORK/pairs.json"
run 4 "$BUILD/p2p_lat" -m 0:8 -i 20 -x 2 --label native --json "$J4" > "$WORK/p4" 2> "$WORK/p4.err" ||
	{ cat "$WORK/p4.err" >&2; fail "p2p_lat with 4 ranks"; }
check_run "$WORK/p4" "$J4" "0 1 2 4 8" 20
"$DUMP" "$J4" | awk '$1 == "size" && ($10 != 20 || $16 != 2) { bad = 1 } END { exit bad }' ||
	fail "4 ranks: every size keeps max over pairs and 2 pairs' samples"
grep -q '^# pairs: 2 (rank-rank on node-node): 0-2 on 0-0 1-3 on 0-0$' "$WORK/p4" || fail "pairs header line"
grep -q 'Iterations *PairMin(us) *PairMax(us)$' "$WORK/p4" || fail "pair columns"
# The per-pair averages bracket the mean over pairs (PairMin <= Avg <= PairMax).
awk '!/^#/ && NF >= 11 && !($10 <= $2 + 0.011 && $2 <= $11 + 0.011) { print; bad = 1 } END { exit bad }' "$WORK/p4" ||
	fail "average over pairs outside the pairs' averages"
# The fingerprint says which pair ran on which nodes.
tr -d ' \n\t' < "$J4" | grep -q '"pairs":\[{"pair":0,"ranks":\[0,2\],"nodes":\[0,0\]},{"pair":1,"ranks":\[1,3\],"nodes":\[0,0\]}\]' ||
	fail "pairs in the fingerprint"
# --pairs 1 with 4 ranks: one pair (0-2), a trial like a 2-rank run's.
run 4 "$BUILD/p2p_lat" --pairs 1 -m 4:4 -i 10 -x 1 --label native --json "$J4" > "$WORK/p1" || fail "--pairs 1 with 4 ranks"
check_run "$WORK/p1" "$J4" "4" 10
"$DUMP" "$J4" | awk '$1 == "trial" { t = $2 } $1 == "size" && t == 2 && ($10 != 0 || NF != 14) { bad = 1 } END { exit bad }' ||
	fail "one pair keeps no per-pair copies"

# Warnings before the column names (and in the trial): percentiles of too few
# iterations (fewer than 10 beyond them), more ranks than logical CPUs.
grep -q '^# warning: P99 from 20 iterations rests on 0.2 iterations beyond it (fewer than 10): unstable; give -i 1000 or more for a stable P99$' "$WORK/p4" ||
	fail "P99 warning at 20 iterations"
grep -q '^# warning: P50 ' "$WORK/p4" && fail "P50 from 20 iterations (10 beyond) is not too few"
tr -d '\n' < "$J4" | grep -q '"warnings":\[.*"P90 from 20 iterations' || fail "warnings recorded in the trial"
cpus=$(grep -c '^processor' /proc/cpuinfo)
if [ "$cpus" -lt 4 ]; then
	grep -q "^# warning: node 0 (.*) runs 4 ranks on $cpus logical CPUs: oversubscribed" "$WORK/p4" ||
		fail "no oversubscription warning with 4 ranks on $cpus CPUs"
else
	grep -q 'oversubscribed' "$WORK/p4" && fail "oversubscription warning with 4 ranks on $cpus CPUs"
fi
run 2 "$BUILD/p2p_lat" -m 8:8 -i 1000 -x 1 > "$WORK/nowarn" || fail "p2p_lat -i 1000"
grep -q '^# warning' "$WORK/nowarn" && { cat "$WORK/nowarn" >&2; fail "a warning with 1000 iterations on 2 ranks"; }
awk '/^# Size/ { cols = 1 } /^# warning/ && cols { bad = 1 } END { exit bad }' "$WORK/p4" ||
	fail "warnings after the column names"

"$BUILD/p2p_lat" --help | grep -q '^Usage: mpiexec -n N p2p_lat' || fail "--help"
"$BUILD/p2p_lat" --version | grep -q '^p2p_lat (sriovstat) ' || fail "--version"
echo "p2p_lat: all checks passed"
