#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# recipes.sh: the pandas and R recipes of doc/analysis.md, extracted and run
# on `sriovstat export` of two fixtures; their paired t-test at 64 bytes must
# be sriovstat compare's (diff, t, p) and their percentiles sriovstat
# summary's. Skips a recipe whose tools are missing (with the reason).
. "$abs_top_srcdir/tests/cli/lib.sh"
DOC="$abs_top_srcdir/doc/analysis.md"

"$SRIOVSTAT" export -o "$TMP/latency.csv" native.json vm.json || fail "export"
"$SRIOVSTAT" compare native.json vm.json --format csv 2>/dev/null >"$TMP/cmp.csv"
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["size"] == 64 { printf "size 64: diff %.6f us, t %.6f, p %.6f", $c["diff"], $c["statistic"], $c["p"] }' "$TMP/cmp.csv")
p50=$("$SRIOVSTAT" summary --format csv native.json | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["size"] == 64 { printf "%.3f %.3f", $c["p50"], $c["p99"] }')
[ -n "$want" ] && [ -n "$p50" ] || fail "compare or summary gave no row for size 64"
cd "$TMP" || exit 99

# The code block of language $1 in doc/analysis.md.
block() {
	awk -v lang="$1" '$0 == "```" lang { on = 1; next } /^```$/ { on = 0 } on' "$DOC"
}

ran=0
py=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import pandas, scipy' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -n "$py" ]; then
	block python >recipe.py
	if "$py" recipe.py >py.out 2>py.err && grep -qx "$want" py.out &&
		awk -v want="$p50" '
			NF == 4 && $2 ~ /^[0-9]+$/ { lab = $1; s = $2; x = $3; y = $4 }
			NF == 3 && $1 ~ /^[0-9]+$/ { s = $1; x = $2; y = $3 }
			lab == "native" && s == 64 && !got { got = sprintf("%.3f %.3f", x, y) }
			END { exit got != want }' py.out; then
		pass "pandas recipe agrees with compare and summary ($want)"
	else
		fail "pandas recipe" "expected: $want; p50 p99 $p50" "$(cat py.out py.err)"
	fi
	ran=1
else
	echo "# SKIP pandas recipe: no python3 with pandas and scipy (apt-get install python3-pandas python3-scipy)"
fi
if command -v Rscript >/dev/null 2>&1; then
	block r >recipe.R
	if Rscript recipe.R >r.out 2>r.err && grep -qx "$want" r.out &&
		awk -v want="$p50" 'prev ~ /50%/ { got = sprintf("%.3f %.3f", $1, $2) } { prev = $0 } END { exit got != want }' r.out; then
		pass "R recipe agrees with compare and summary ($want)"
	else
		fail "R recipe" "expected: $want; p50 p99 $p50" "$(cat r.out r.err)"
	fi
	ran=1
else
	echo "# SKIP R recipe: no Rscript (apt-get install r-base-core)"
fi
[ "$ran" -eq 1 ] || { echo "recipes.sh: skipped: neither pandas nor R is installed"; exit 77; }
finish
