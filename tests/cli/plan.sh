#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# plan.sh: sriovstat plan and compare's planning footer on trial files
# generated here with sriovstat import, against values computed once with R
# 4.2.2 (power.t.test(strict = TRUE, tol = 1e-12), and pt with ncp for
# Welch; the R lines are quoted next to each value).
. "$abs_top_srcdir/tests/cli/lib.sh"
command -v python3 >/dev/null || { echo "python3 is missing: skipped"; exit 77; }

# mk and jget: tests/cli/lib.sh.

# A: 11 .. 20 (mean 15.5); B = A + d, d = 0.5 0.2 0.8 0.1 0.6 -0.1 0.4 0.3
# 0.9 -0.3 (sd 0.3806427313); sizes 8 (one size) and, in *2, 8 and 64.
: >"$TMP/a.in"
: >"$TMP/b.in"
: >"$TMP/a2.in"
: >"$TMP/b2.in"
t=0
for x in 0.5 0.2 0.8 0.1 0.6 -0.1 0.4 0.3 0.9 -0.3; do
	t=$((t + 1))
	y=$(awk -v a=$((10 + t)) -v x="$x" 'BEGIN { printf "%.3f", a + x }')
	echo "$t 8 $((10 + t))" >>"$TMP/a.in"
	echo "$t 8 $y" >>"$TMP/b.in"
	for s in 8 64; do
		echo "$t $s $((10 + t))" >>"$TMP/a2.in"
		echo "$t $s $y" >>"$TMP/b2.in"
	done
done
mk a <"$TMP/a.in"
mk b <"$TMP/b.in"
mk a2 <"$TMP/a2.in"
mk b2 <"$TMP/b2.in"

# 1. One size, paired, 2%: power.t.test(delta = 0.31, sd = sd(d), sig.level
#    = 0.05, power = 0.8, type = "paired")$n = 13.876124 -> 14 pairs; with
#    n = 10: delta 0.3791206824 (2.445939886%), power now 0.6315018039.
"$SRIOVSTAT" plan --threshold 2% --format json "$TMP/a.json" "$TMP/b.json" >"$TMP/p1.json" 2>/dev/null
r="d['rows'][0]"
if [ "$(jget "$TMP/p1.json" "d['command'], d['family'], d['alpha_per_test'], $r['design'], $r['pairs'], $r['trials_needed']")" = \
	"('plan', 1, 0.05, 'paired', 10, 14)" ] &&
	near "$(jget "$TMP/p1.json" "$r['sd']")" 0.3806427313 2e-6 &&
	near "$(jget "$TMP/p1.json" "$r['threshold']")" 0.31 2e-6 &&
	near "$(jget "$TMP/p1.json" "$r['detectable']")" 0.3791206824 2e-6 &&
	near "$(jget "$TMP/p1.json" "$r['detectable_pct']")" 2.445939886 1e-6 &&
	near "$(jget "$TMP/p1.json" "$r['power']")" 0.6315018039 1e-8; then
	pass "plan: paired, one size: 14 pairs for 2%, 2.45% detectable with 10 (R power.t.test)"
else
	fail "plan: paired, one size" "$(cat "$TMP/p1.json")"
fi

# 2. Two sizes, Holm by default: each planned at 0.05/2 (n 16.943710 -> 17;
#    delta 0.4334965241, 2.796751768%); --adjust none: 0.05 again.
"$SRIOVSTAT" plan --threshold 2 --format json "$TMP/a2.json" "$TMP/b2.json" >"$TMP/p2.json" 2>/dev/null
"$SRIOVSTAT" plan --threshold 2 --adjust none --format json "$TMP/a2.json" "$TMP/b2.json" \
	>"$TMP/p2n.json" 2>/dev/null
if [ "$(jget "$TMP/p2.json" "d['family'], d['alpha_per_test'], [r['trials_needed'] for r in d['rows']]")" = \
	"(2, 0.025, [17, 17])" ] &&
	near "$(jget "$TMP/p2.json" "d['rows'][1]['detectable_pct']")" 2.796751768 1e-6 &&
	[ "$(jget "$TMP/p2n.json" "d['alpha_per_test'], [r['trials_needed'] for r in d['rows']]")" = \
		"(0.05, [14, 14])" ]; then
	pass "plan: alpha/2 per size under Holm (17 pairs), alpha with --adjust none (14)"
else
	fail "plan: family-wise alpha" "$(cat "$TMP/p2.json")"
fi

# 3. Welch, 20%: the smallest n with welch_power(n, n, sd(A) 3.02765, sd(B)
#    2.966554, 3.1, 0.05) >= 0.8 is 16; uniroot gives 3.971305716 at n = 10.
"$SRIOVSTAT" plan --test welch --threshold 20% --format json "$TMP/a.json" "$TMP/b.json" \
	>"$TMP/p3.json" 2>/dev/null
r="d['rows'][0]"
if [ "$(jget "$TMP/p3.json" "$r['design'], $r['trials_a'], $r['trials_b'], $r['trials_needed']")" = \
	"('two-sample', 10, 10, 16)" ] &&
	near "$(jget "$TMP/p3.json" "$r['detectable']")" 3.971305716 2e-6; then
	pass "plan: Welch two-sample, 16 trials each for 20%"
else
	fail "plan: Welch" "$(cat "$TMP/p3.json")"
fi

# 4. Text: the table, the alpha note and the closing sentence; CSV keys.
"$SRIOVSTAT" plan --threshold 2% "$TMP/a2.json" "$TMP/b2.json" >"$TMP/p4.txt" 2>"$TMP/p4.err"
"$SRIOVSTAT" plan --threshold 2% --format csv "$TMP/a2.json" "$TMP/b2.json" >"$TMP/p4.csv" 2>/dev/null
if grep -q '^ *64 *10 *15.500 *0.381 *0.310 .* 17 *0.433 *2.80$' "$TMP/p4.txt" &&
	grep -q 'alpha 0.05/2 = 0.025 per size (Bonferroni' "$TMP/p4.txt" &&
	grep -q '^plan (80% power, paired t, alpha 0.05/2 = 0.025 per size): a 2% difference needs 17 pairs (the most, at 8 B); the 10 at hand detect 2.8%\.$' "$TMP/p4.txt" &&
	grep -q 'warning: trials paired by their place' "$TMP/p4.err" &&
	[ "$(head -1 "$TMP/p4.csv")" = "benchmark,op,size,design,n_a,n_b,a_mean,sd,sd_b,threshold,alpha_test,power,trials_needed,trials_over,detectable,detectable_pct,note" ] &&
	[ "$(csv_field "$TMP/p4.csv" 2 trials_needed)" = 17 ]; then
	pass "plan: text table, notes and sentence; CSV"
else
	fail "plan: text and CSV" "$(cat "$TMP/p4.txt" "$TMP/p4.csv")"
fi

# 5. Two trials: no sd estimate, every value unknown (null, "-"), and why.
printf '1 8 10\n2 8 11\n' | mk u1
printf '1 8 10.5\n2 8 11.2\n' | mk u2
"$SRIOVSTAT" plan --format json "$TMP/u1.json" "$TMP/u2.json" >"$TMP/p5.json" 2>/dev/null
"$SRIOVSTAT" plan "$TMP/u1.json" "$TMP/u2.json" >"$TMP/p5.txt" 2>/dev/null
r="d['rows'][0]"
if [ "$(jget "$TMP/p5.json" "$r['sd'], $r['power'], $r['trials_needed'], $r['detectable'], $r['detectable_pct']")" = \
	"(None, None, None, None, None)" ] &&
	jget "$TMP/p5.json" "$r['note']" | grep -q '2 pairs: fewer than 3 give no usable estimate' &&
	grep -q '^size 8: 2 pairs: fewer than 3' "$TMP/p5.txt" &&
	grep -q '^ *8 *2 *10.500 *- *0.105 *- *- *- *-$' "$TMP/p5.txt" &&
	grep -q 'needs an unknown number of pairs; unknown at 1 size' "$TMP/p5.txt"; then
	pass "plan: two trials give unknown values, never 0, and say why"
else
	fail "plan: too few trials" "$(cat "$TMP/p5.json" "$TMP/p5.txt")"
fi

# 6. compare: the same plan (80%, its --threshold) in its footer and JSON.
"$SRIOVSTAT" compare --threshold 2% "$TMP/a2.json" "$TMP/b2.json" >"$TMP/c.txt" 2>/dev/null
"$SRIOVSTAT" compare --threshold 2% --format json "$TMP/a2.json" "$TMP/b2.json" >"$TMP/c.json" 2>/dev/null
if grep -q '^plan (80% power, paired t, alpha 0.05/2 = 0.025 per size): a 2% difference needs 17 pairs .* See sriovstat plan\.$' "$TMP/c.txt" &&
	[ "$(jget "$TMP/c.json" "d['plan']['power'], d['plan']['alpha_per_test'], [r['plan']['trials_needed'] for r in d['rows']]")" = \
		"(0.8, 0.025, [17, 17])" ] &&
	near "$(jget "$TMP/c.json" "d['rows'][0]['plan']['detectable']")" 0.4334965241 2e-6; then
	pass "compare: planning footer and JSON plan keys agree with plan"
else
	fail "compare: planning footer" "$(cat "$TMP/c.txt")"
fi

# 7. Bad values.
check_error "plan: --power 1.5" 2 \
	"sriovstat: error: plan: --power: 1.5 is not between 0 and 1 (exclusive) (see 'sriovstat plan --help')" \
	plan --power 1.5 "$TMP/a.json" "$TMP/b.json"
check_error "plan: --power abc" 2 \
	"sriovstat: error: plan: --power: 'abc' is not a number (see 'sriovstat plan --help')" \
	plan --power abc "$TMP/a.json" "$TMP/b.json"
check_error "plan: one file" 2 \
	"sriovstat: error: plan: expected two trial files (A and B), got 1 (see 'sriovstat plan --help')" \
	plan "$TMP/a.json"
"$SRIOVSTAT" plan --power 90% --format json "$TMP/a.json" "$TMP/b.json" >"$TMP/p8.json" 2>/dev/null
if [ "$(jget "$TMP/p8.json" "d['power']")" = 0.9 ]; then
	pass "plan: --power 90% is 0.9"
else
	fail "plan: --power 90%" "$(head -c 300 "$TMP/p8.json")"
fi

# 8. --columns: the plan's columns by their CSV keys, in the order given, in
#    text and CSV; a key with no display column of its own (design) is known;
#    an unknown one is a usage error naming it.
"$SRIOVSTAT" plan --threshold 2% --columns detectable_pct,size,trials_needed \
	"$TMP/a2.json" "$TMP/b2.json" >"$TMP/p9.txt" 2>/dev/null
"$SRIOVSTAT" plan --threshold 2% --format csv --columns size,design,trials_needed \
	"$TMP/a2.json" "$TMP/b2.json" >"$TMP/p9.csv" 2>/dev/null
if grep -q '^ *detectable % *size *pairs needed$' "$TMP/p9.txt" &&
	grep -q '^ *2.80 *64 *17$' "$TMP/p9.txt" &&
	[ "$(cat "$TMP/p9.csv")" = "size,design,trials_needed
8,paired,17
64,paired,17" ]; then
	pass "plan --columns: text and CSV in the order given"
else
	fail "plan --columns" "$(cat "$TMP/p9.txt" "$TMP/p9.csv")"
fi
"$SRIOVSTAT" plan --columns size,nope "$TMP/a2.json" "$TMP/b2.json" >"$TMP/p10.out" 2>"$TMP/p10.err"
rc=$?
if [ $rc -eq 2 ] && [ ! -s "$TMP/p10.out" ] &&
	grep -q '^sriovstat: error: --columns: unknown column "nope" (known: .*trials_needed' "$TMP/p10.err"; then
	pass "plan --columns: an unknown name is a usage error listing the known ones"
else
	fail "plan --columns nope: rc $rc" "$(cat "$TMP/p10.out" "$TMP/p10.err")"
fi

# 9. compare --power: the footer plans for it. power.t.test(delta = 0.31,
#    sd = sd(d), sig.level = 0.025, power = 0.9, type = "paired", strict =
#    TRUE, tol = 1e-12)$n = 21.32541588 -> 22 pairs.
"$SRIOVSTAT" compare --threshold 2% --power 90% "$TMP/a2.json" "$TMP/b2.json" >"$TMP/c9.txt" 2>/dev/null
"$SRIOVSTAT" compare --threshold 2% --power 0.9 --format json "$TMP/a2.json" "$TMP/b2.json" \
	>"$TMP/c9.json" 2>/dev/null
if grep -q '^plan (90% power, paired t, alpha 0.05/2 = 0.025 per size): a 2% difference needs 22 pairs ' "$TMP/c9.txt" &&
	[ "$(jget "$TMP/c9.json" "d['plan']['power'], [r['plan']['trials_needed'] for r in d['rows']]")" = \
		"(0.9, [22, 22])" ]; then
	pass "compare --power 90%: the footer and JSON plan for 90% (22 pairs, R)"
else
	fail "compare --power" "$(cat "$TMP/c9.txt")"
fi
check_error "compare: --power 0" 2 \
	"sriovstat: error: compare: --power: 0 is not between 0 and 1 (exclusive) (see 'sriovstat compare --help')" \
	compare --power 0 "$TMP/a.json" "$TMP/b.json"

finish
