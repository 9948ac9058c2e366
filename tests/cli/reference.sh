#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# reference.sh: sriovstat prints the values independent tools compute.
#
# References (computed once, not at test time):
# - R's sleep data (?sleep; R's example(t.test) and wilcox.test output), with
#   A = drug 2 and B = drug 1, B minus A as R's t.test(extra ~ group) reports:
#   paired t = -4.0621, df = 9, p = 0.002833; Welch t = -1.8608,
#   df = 17.776, p = 0.07939; Wilcoxon signed rank V = 0; Mann-Whitney
#   W = U of B = 25.5. Full precision from Python 3.11.2, numpy 1.24.2, scipy 1.10.1:
#     scipy.stats.ttest_rel(b, a)               -> -4.062127683382037, 0.00283289019738427
#     scipy.stats.ttest_ind(b, a, equal_var=False) -> -1.860813467486853, 0.07939414018735814
#       (Welch-Satterthwaite df 17.776473516178495)
#   The rank tests' p-values are exact conditional ones (ties and a zero):
#   R 4.2.2 with coin 1.4.2 (r-cran-coin), same data:
#     pvalue(wilcoxsign_test(a ~ b, distribution = "exact",
#            zero.method = "Wilcoxon"))                           -> 0.00390625
#     pvalue(wilcox_test(v ~ g, distribution = "exact"))           -> 0.065816536404771697
#   where a, b = (extra + 2) for drug 2 and drug 1 (the fixtures' shift).
# - native.json and vm.json, by numpy.percentile (linear = type 7) and
#   scipy.stats.ttest_rel on the trial means (same versions):
#     size 1: native trial mean 1.3966666666666665, sd 0.454569393309023,
#             pooled p95 2.48, p99 4.496; vm p99 7.999;
#             paired t 3.0380509130304376, p 0.0934120570427158,
#             diff 52.028639618138456 %
#     size 64: vm pooled p95 7.75, p99 17.55; t 0.536767485118824,
#              p 0.6451483204719651; trial medians (mean over trials)
#              native 2.2, vm 2.283333333333333
. "$abs_top_srcdir/tests/cli/lib.sh"

# expect_field NAME FILE ROW COLUMN VALUE TOL: field COLUMN of CSV row ROW is VALUE.
expect_field() {
	got=$(csv_field "$2" "$3" "$4")
	if near "$got" "$5" "$6"; then
		pass "$1: $4 = $got"
	else
		fail "$1: $4 = '$got', expected $5 (within $6)"
	fi
}

run() {
	out=$1
	shift
	"$SRIOVSTAT" "$@" >"$TMP/$out" 2>"$TMP/$out.err" || fail "sriovstat $*: exit $?"
}

run paired.csv compare sleep-drug2.json sleep-drug1.json --format csv
expect_field "paired t" "$TMP/paired.csv" 1 statistic -4.062127683382037 1e-9
expect_field "paired t" "$TMP/paired.csv" 1 df 9 0
expect_field "paired t" "$TMP/paired.csv" 1 p 0.00283289019738427 1e-12
expect_field "paired t" "$TMP/paired.csv" 1 significant 1 0
run welch.csv compare sleep-drug2.json sleep-drug1.json --format csv --test welch
expect_field "welch" "$TMP/welch.csv" 1 statistic -1.860813467486853 1e-9
expect_field "welch" "$TMP/welch.csv" 1 df 17.776473516178495 1e-9
expect_field "welch" "$TMP/welch.csv" 1 p 0.07939414018735814 1e-12
expect_field "welch" "$TMP/welch.csv" 1 significant 0 0
run wilcoxon.csv compare sleep-drug2.json sleep-drug1.json --format csv --test wilcoxon
expect_field "wilcoxon" "$TMP/wilcoxon.csv" 1 statistic 0 0
expect_field "wilcoxon" "$TMP/wilcoxon.csv" 1 p 0.00390625 1e-12
run mw.csv compare sleep-drug2.json sleep-drug1.json --format csv --test mann-whitney
expect_field "mann-whitney" "$TMP/mw.csv" 1 statistic 25.5 0
expect_field "mann-whitney" "$TMP/mw.csv" 1 p 0.065816536404771697 1e-12

# The text table prints them as R does, with "< 0.001" only below 0.001.
run paired.txt compare sleep-drug2.json sleep-drug1.json
if grep -q '^   8  A  drug2 .* -36\.5  -4\.0621   9  0\.003  0\.003  \*  .*  faster$' "$TMP/paired.txt"; then
	pass "paired t in text: t -4.0621, df 9, p 0.003 (three decimals), significant"
else
	fail "paired t in text" "$(cat "$TMP/paired.txt")"
fi

run nv.csv compare native.json vm.json --format csv
expect_field "native/vm size 1" "$TMP/nv.csv" 1 a_mean 1.3966666666666665 1e-6
expect_field "native/vm size 1" "$TMP/nv.csv" 1 a_sd 0.454569393309023 1e-6
expect_field "native/vm size 1" "$TMP/nv.csv" 1 a_p95 2.48 1e-9
expect_field "native/vm size 1" "$TMP/nv.csv" 1 a_p99 4.496 1e-9
expect_field "native/vm size 1" "$TMP/nv.csv" 1 b_p99 7.999 1e-9
expect_field "native/vm size 1" "$TMP/nv.csv" 1 statistic 3.0380509130304376 1e-9
expect_field "native/vm size 1" "$TMP/nv.csv" 1 p 0.0934120570427158 1e-12
expect_field "native/vm size 1" "$TMP/nv.csv" 1 diff_pct 52.028639618138456 1e-9
expect_field "native/vm size 64" "$TMP/nv.csv" 2 b_p95 7.75 1e-9
expect_field "native/vm size 64" "$TMP/nv.csv" 2 b_p99 17.55 1e-9
expect_field "native/vm size 64" "$TMP/nv.csv" 2 statistic 0.536767485118824 1e-9
expect_field "native/vm size 64" "$TMP/nv.csv" 2 p 0.6451483204719651 1e-12
run med.csv compare native.json vm.json --format csv --stat median
expect_field "trial medians" "$TMP/med.csv" 2 a_mean 2.2 1e-6
expect_field "trial medians" "$TMP/med.csv" 2 b_mean 2.283333333333333 1e-6

# Holm over the two tested sizes: min(1, 2 p_min), then max with the next.
run holm.csv compare native.json vm.json --format csv --adjust holm
expect_field "holm" "$TMP/holm.csv" 1 p_adjusted 0.1868241140854316 1e-12
expect_field "holm" "$TMP/holm.csv" 2 p_adjusted 0.6451483204719651 1e-12

# A tiny p-value prints as "< 0.001" in text, markdown and LaTeX, exact in CSV.
for side in a b; do
	{
		printf 'trial,size,iteration,latency_us\n'
		for t in 1 2 3 4 5 6; do
			base=$([ "$side" = a ] && echo 10 || echo 20)
			printf '%s,8,1,%s.%s\n' "$t" "$base" "$t"
		done
	} >"$TMP/$side.csv"
	"$SRIOVSTAT" import -l "$side" -o "$TMP/$side.json" "$TMP/$side.csv"
done
# B - A is 10 us for every trial: no variance, so t cannot be computed;
# Welch on the two samples gives a tiny p.
run tiny.txt compare "$TMP/a.json" "$TMP/b.json" --test welch
run tiny.csv compare "$TMP/a.json" "$TMP/b.json" --test welch --format csv
run tiny.tex compare "$TMP/a.json" "$TMP/b.json" --test welch --format latex
p=$(csv_field "$TMP/tiny.csv" 1 p)
if grep -q '  < 0\.001  \*  ' "$TMP/tiny.txt" && grep -q '\$<\$ 0\.001' "$TMP/tiny.tex" &&
	awk -v p="$p" 'BEGIN { exit !(p > 0 && p < 1e-6) }'; then
	pass "tiny p: '< 0.001' in text and LaTeX, $p in CSV"
else
	fail "tiny p" "$(cat "$TMP/tiny.txt")" "csv p = $p"
fi
run zero.txt compare "$TMP/a.json" "$TMP/b.json"
if grep -q '^size 8: ' "$TMP/zero.txt" && grep -q '^   8  A  a .*  -  *-  *-  *-  .*  inconclusive$' "$TMP/zero.txt"; then
	pass "paired t without variance: no p, the reason below the table"
else
	fail "paired t without variance" "$(cat "$TMP/zero.txt")"
fi

finish
