#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# verdicts.sh: the five problems of issue 12 as regression tests, on trial
# files generated here with sriovstat import (deterministic values).
. "$abs_top_srcdir/tests/cli/lib.sh"
command -v python3 >/dev/null || { echo "python3 is missing: skipped"; exit 77; }

# mk and jget: tests/cli/lib.sh.

# 1. Pairing by place is reported (every format) and warned about; --pair
#    round refuses files without rounds.
printf '1 8 10.0\n2 8 10.4\n3 8 10.1\n4 8 10.6\n5 8 10.2\n6 8 10.3\n' | mk p1a
printf '1 8 10.2\n2 8 10.5\n3 8 10.4\n4 8 10.7\n5 8 10.3\n6 8 10.6\n' | mk p1b
"$SRIOVSTAT" compare "$TMP/p1a.json" "$TMP/p1b.json" >"$TMP/p1.txt" 2>"$TMP/p1.err"
"$SRIOVSTAT" compare --format json "$TMP/p1a.json" "$TMP/p1b.json" >"$TMP/p1.json" 2>/dev/null
if grep -q 'warning: trials paired by their place in the file' "$TMP/p1.err" &&
	grep -q '^trials paired by their place in the file' "$TMP/p1.txt" &&
	[ "$(jget "$TMP/p1.json" "d['pairing']")" = place ] &&
	jget "$TMP/p1.json" "d['warnings'][0]" | grep -q 'reordering'; then
	pass "problem 1: pairing by place is said in text and JSON, with a warning"
else
	fail "problem 1: pairing by place" "$(cat "$TMP/p1.err" "$TMP/p1.txt")"
fi
check_error "problem 1: --pair round without rounds" 1 \
	"sriovstat: error: pairing by round: the csv trials of $TMP/p1a.json do not each record a distinct sweep round (run them with sriovstat sweep, or pair by place)" \
	compare --pair round "$TMP/p1a.json" "$TMP/p1b.json"

# 2. No adjustment by default: 23 sizes, one with an unadjusted p of 0.0199
#    (differences 0.5 0.2 0.8 0.1 0.6 -0.1 0.4 0.3 0.9 -0.3: scipy
#    ttest_1samp p = 0.019896086933453037), the others p = 1. Holm (the
#    default) flags none; --adjust none flags that one.
: >"$TMP/p2a.in"
: >"$TMP/p2b.in"
for s in 1 2 4 8 16 32 64 128 256 512 1024 2048 4096 8192 16384 32768 65536 \
	131072 262144 524288 1048576 2097152 4194304; do
	t=0
	if [ "$s" = 64 ]; then d="0.5 0.2 0.8 0.1 0.6 -0.1 0.4 0.3 0.9 -0.3"
	else d="0.3 -0.3 0.2 -0.2 0.1 -0.1 0.4 -0.4 0.05 -0.05"; fi
	for x in $d; do
		t=$((t + 1))
		echo "$t $s $((10 + t))" >>"$TMP/p2a.in"
		echo "$t $s $(awk -v a=$((10 + t)) -v x="$x" 'BEGIN { printf "%.3f", a + x }')" >>"$TMP/p2b.in"
	done
done
mk p2a <"$TMP/p2a.in"
mk p2b <"$TMP/p2b.in"
"$SRIOVSTAT" compare --format json "$TMP/p2a.json" "$TMP/p2b.json" >"$TMP/p2.json" 2>/dev/null
"$SRIOVSTAT" compare --format json --adjust none "$TMP/p2a.json" "$TMP/p2b.json" \
	>"$TMP/p2none.json" 2>/dev/null
p=$(jget "$TMP/p2.json" "[r['p'] for r in d['rows'] if r['size'] == 64][0]")
padj=$(jget "$TMP/p2.json" "[r['p_adjusted'] for r in d['rows'] if r['size'] == 64][0]")
if [ "$(jget "$TMP/p2.json" "d['adjust'], d['tested'], d['significant']")" = "('holm', 23, 0)" ] &&
	near "$p" 0.019896086933453037 1e-9 && near "$padj" "$(awk -v p="$p" 'BEGIN { printf "%.15f", 23 * p }')" 1e-12 &&
	[ "$(jget "$TMP/p2none.json" "d['adjust'], d['significant']")" = "('none', 1)" ]; then
	pass "problem 2: Holm by default over the 23 sizes (p $p -> $padj); --adjust none flags it"
else
	fail "problem 2: adjustment by default" "p=$p padj=$padj"
fi

# 3. Rank tests with ties at small n: 3 vs 3 Mann-Whitney (smallest exact p
#    0.1) and 5 equal paired differences (0.0625) never print less, and say
#    they cannot reach significance.
printf '1 8 10\n2 8 11\n3 8 11\n' | mk p3a
printf '1 8 12\n2 8 12\n3 8 13\n' | mk p3b
"$SRIOVSTAT" compare --format json --test mann-whitney "$TMP/p3a.json" "$TMP/p3b.json" \
	>"$TMP/p3.json" 2>/dev/null
"$SRIOVSTAT" compare --test mann-whitney "$TMP/p3a.json" "$TMP/p3b.json" >"$TMP/p3.txt" 2>/dev/null
printf '1 8 10\n2 8 11\n3 8 12\n4 8 13\n5 8 14\n' | mk p3c
printf '1 8 12\n2 8 13\n3 8 14\n4 8 15\n5 8 16\n' | mk p3d
"$SRIOVSTAT" compare --format json --test wilcoxon "$TMP/p3c.json" "$TMP/p3d.json" \
	>"$TMP/p3w.json" 2>/dev/null
if [ "$(jget "$TMP/p3.json" "d['rows'][0]['p'], d['rows'][0]['p_min'], d['rows'][0]['exact']")" = "(0.1, 0.1, True)" ] &&
	grep -q 'size 8: cannot reach significance with this many trials' "$TMP/p3.txt" &&
	[ "$(jget "$TMP/p3w.json" "d['rows'][0]['p'], d['rows'][0]['p_min'], d['rows'][0]['verdict']")" = "(0.0625, 0.0625, 'inconclusive')" ] &&
	jget "$TMP/p3w.json" "d['rows'][0]['diagnostics'][0]" | grep -q 'cannot reach significance'; then
	pass "problem 3: exact p under ties (0.1 for 3 + 3, 0.0625 for 5 pairs) and the p_min note"
else
	fail "problem 3: rank tests under ties" "$(cat "$TMP/p3.txt")"
fi

# 4. The median's interval takes the trial as its unit: 10 trials of 201
#    iterations, trial t holding 5000 + o_t + j ns for j = -100 .. 100 with
#    o_t = 10 (t - 5.5): trial medians 5000 + o_t (sd 30.277 ns). The interval
#    is the pooled median -+ t(0.975, 9) sd / sqrt(10) = -+ 21.66 ns, not the
#    few ns the iid order-statistic interval of 2010 samples would give.
awk 'BEGIN { for (t = 1; t <= 10; t++) for (j = -100; j <= 100; j++)
	printf "%d 8 %.3f\n", t, (5000 + 10 * (t - 5.5) + j) / 1000 }' | mk p4
"$SRIOVSTAT" summary --format json "$TMP/p4.json" >"$TMP/p4.out" 2>/dev/null
half=$(awk 'BEGIN { s = 0; for (t = 1; t <= 10; t++) s += (10 * (t - 5.5)) ^ 2;
	printf "%.9f", 2.262157162740992 * sqrt(s / 9) / sqrt(10) / 1000 }')
lo=$(jget "$TMP/p4.out" "d['files'][0]['rows'][0]['median_ci'][0]")
hi=$(jget "$TMP/p4.out" "d['files'][0]['rows'][0]['median_ci'][1]")
med=$(jget "$TMP/p4.out" "d['files'][0]['rows'][0]['median']")
if near "$lo" "$(awk -v m="$med" -v h="$half" 'BEGIN { printf "%.9f", m - h }')" 2e-6 &&
	near "$hi" "$(awk -v m="$med" -v h="$half" 'BEGIN { printf "%.9f", m + h }')" 2e-6; then
	pass "problem 4: the median's interval [$lo, $hi] has the trial as its unit"
else
	fail "problem 4: median interval" "median $med, [$lo, $hi], expected half-width $half"
fi

# 5. One set of observations per row: A's trial 1 lacks size 8, so the
#    paired test uses places 2-4 at size 8 and leaves B's trial 1 (a huge
#    value) out; diff, diff %, effect and ratio must come from those 3 pairs
#    (B 0.5 us faster in each), not from all 4 of B's trials.
printf '1 64 20\n2 8 10\n2 64 20\n3 8 11\n3 64 21\n4 8 12\n4 64 22\n' | mk p5a
printf '1 8 99\n1 64 21\n2 8 9.5\n2 64 21\n3 8 10.5\n3 64 22\n4 8 11.5\n4 64 23\n' | mk p5b
"$SRIOVSTAT" compare --format json --test wilcoxon "$TMP/p5a.json" "$TMP/p5b.json" \
	>"$TMP/p5.json" 2>/dev/null
r="[r for r in d['rows'] if r['size'] == 8][0]"
if [ "$(jget "$TMP/p5.json" "$r['pairs'], $r['diff'], $r['effect']['estimate'], $r['unpaired']")" = "(3, -0.5, -0.5, 1)" ] &&
	near "$(jget "$TMP/p5.json" "$r['diff_pct']")" "$(awk 'BEGIN { printf "%.15f", -50 / 11 }')" 1e-9 &&
	jget "$TMP/p5.json" "$r['ratio']['estimate'] < 1 and $r['statistic'] == 0" | grep -q True; then
	pass "problem 5: diff, diff %, effect and ratio from the 3 pairs the test used"
else
	fail "problem 5: one set of observations" "$(jget "$TMP/p5.json" "$r")"
fi

# Verdict words and the closing sentence; a 2% threshold on a 1.5% change.
printf '1 8 10.00\n2 8 10.10\n3 8 10.05\n4 8 10.20\n5 8 10.15\n6 8 10.12\n' | mk v1a
printf '1 8 10.15\n2 8 10.26\n3 8 10.20\n4 8 10.35\n5 8 10.30\n6 8 10.27\n' | mk v1b
"$SRIOVSTAT" compare "$TMP/v1a.json" "$TMP/v1b.json" >"$TMP/v1.txt" 2>/dev/null
"$SRIOVSTAT" compare --threshold 5% "$TMP/v1a.json" "$TMP/v1b.json" >"$TMP/v5.txt" 2>/dev/null
if grep -q '  slower$' "$TMP/v1.txt" &&
	grep -q '^B (v1b) slower at 1 of 1 size (threshold 1%, holm-adjusted p < 0.05)\.$' "$TMP/v1.txt" &&
	grep -q '^B (v1b) equivalent at 1 of 1 size (threshold 5%' "$TMP/v5.txt"; then
	pass "verdicts: slower at 1%, equivalent at 5%, and the closing sentence"
else
	fail "verdicts" "$(cat "$TMP/v1.txt" "$TMP/v5.txt")"
fi
check_error "--threshold 150 refused" 2 \
	"sriovstat: error: compare: --threshold: 150 is out of range [0, 100] (see 'sriovstat compare --help')" \
	compare --threshold 150 "$TMP/v1a.json" "$TMP/v1b.json"

finish
