#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# columns.sh: --columns on every table command (summary, compare, table of
# each kind) in every format: the columns named, in the order given, by their
# CSV header keys; unknown, empty or repeated names are usage errors (exit 2,
# nothing on stdout); JSON keeps every key with a warning. The effect
# columns of table --kind pvalues and matrix --effect are compare's numbers
# and texts for the same data; matrix --means shows summary's means.
. "$abs_top_srcdir/tests/cli/lib.sh"

# The body rows of a Markdown table as trimmed cells joined by '|'.
cells() {
	awk -F'|' '/^\|/ && !/^\|[-:|]+$/ && ++n > 1 {
		out = ""
		for (i = 2; i < NF; i++) { gsub(/^ +| +$/, "", $i); out = out (i > 2 ? "|" : "") $i }
		print out }'
}

# Expected outputs, every display format and CSV.
for fmt in text csv markdown latex; do
	check_output columns-compare "$fmt" compare native.json vm.json --level 0.5 \
		--columns size,p_adjusted,effect,a_mean,b_mean
	# No per-side column: one line per size, without the A/B and label columns.
	check_output columns-compare-pair "$fmt" compare native.json vm.json --level 0.5 \
		--columns size,p_adjusted,effect,ratio,verdict
	check_output columns-summary "$fmt" summary native.json --columns size,p99,mean,trials
	check_output columns-summary-many "$fmt" summary native.json vm.json --columns size,vm,native
	check_output columns-pvalues "$fmt" table --kind pvalues --effect native.json vm.json \
		sleep-drug1.json sleep-drug2.json --name "N=1 PPN=1" --name sleep \
		--columns "size,sleep,sleep effect,N=1 PPN=1"
	check_output columns-tail "$fmt" table --kind tail native.json vm.json \
		--columns "size,vm p99,native max"
	check_output columns-matrix "$fmt" table --kind matrix --means --effect native.json vm.json \
		--columns effect,size,p_adjusted,a_mean
done
# The effect columns of the p-value table, unselected, in every format.
for fmt in text csv markdown latex json; do
	check_output table-pvalues-effect "$fmt" table --kind pvalues --effect native.json vm.json \
		sleep-drug1.json sleep-drug2.json --name "N=1 PPN=1" --name sleep
done

# CSV: the header is the list, in its order, for every command.
header_is() { # NAME WANT ARGS...
	name=$1 want=$2
	shift 2
	got=$("$SRIOVSTAT" "$@" --format csv --columns "$want" 2>"$TMP/err" | head -1)
	[ "$got" = "$want" ] && pass "$name: CSV header in the order given" ||
		fail "$name: CSV header '$got', expected '$want'" "$(cat "$TMP/err")"
}
header_is compare "verdict,size,b_p99,a_p99,p" compare native.json vm.json
header_is summary "max,size,label" summary native.json vm.json --detail
header_is "summary across" "vm,size,native" summary native.json vm.json
header_is pvalues "native vs vm,size,op" table --kind pvalues native.json vm.json
header_is tail "native p99,size,vm max" table --kind tail native.json vm.json
header_is matrix "p_adjusted,b,a,size,ratio_high" table --kind matrix native.json vm.json

# Text: the header line lists the columns in the order given.
"$SRIOVSTAT" summary native.json --columns p99,size,min >"$TMP/s.txt"
[ "$(sed -n 3p "$TMP/s.txt" | tr -s ' ' | sed 's/^ //')" = "p99 size min" ] &&
	pass "text: columns in the order given" || fail "text order" "$(cat "$TMP/s.txt")"

# Errors: one line, exit 2, nothing on stdout; the known names listed.
K="benchmark, op, size, N=1 PPN=1, sleep"
check_error "unknown column (pvalues)" 2 "sriovstat: error: --columns: unknown column \"x\" (known: $K)" \
	table --kind pvalues native.json vm.json sleep-drug1.json sleep-drug2.json \
	--name "N=1 PPN=1" --name sleep --columns size,x
K="benchmark, op, size, native max, native p99, vm max, vm p99"
for fmt in text csv markdown latex; do
	check_error "unknown column (tail, $fmt)" 2 "sriovstat: error: --columns: unknown column \"p95\" (known: $K)" \
		table --kind tail native.json vm.json --columns size,p95 --format "$fmt"
done
for cmd in "compare native.json vm.json" "summary native.json" "summary native.json vm.json" \
	"table --kind matrix native.json vm.json" "table --kind matrix --effect --means native.json vm.json"; do
	for fmt in text csv; do
		rc=0
		# shellcheck disable=SC2086 # the command's words
		"$SRIOVSTAT" $cmd --columns size,nosuch --format $fmt >"$TMP/out" 2>"$TMP/err" || rc=$?
		if [ "$rc" -eq 2 ] && [ ! -s "$TMP/out" ] &&
			grep -q '^sriovstat: error: --columns: unknown column "nosuch" (known: .*size' "$TMP/err"; then
			pass "unknown column: $cmd ($fmt)"
		else
			fail "unknown column: $cmd ($fmt): exit $rc" "$(cat "$TMP/out" "$TMP/err")"
		fi
	done
done
check_error "empty name" 2 "sriovstat: error: summary: --columns: an empty column name in \"size,,p99\" (see 'sriovstat summary --help')" \
	summary native.json --columns size,,p99
check_error "name twice" 2 "sriovstat: error: compare: --columns: \"size\" is listed twice (see 'sriovstat compare --help')" \
	compare native.json vm.json --columns size,p,size
check_error "only CSV columns in text" 2 "sriovstat: error: --columns: none of the columns listed is shown in text" \
	summary native.json --columns benchmark,op
check_error "--effect with tail" 2 "sriovstat: error: table: --effect applies to --kind pvalues and matrix only (see 'sriovstat table --help')" \
	table --kind tail --effect native.json
check_error "--means without matrix" 2 "sriovstat: error: table: --means applies to --kind matrix only (see 'sriovstat table --help')" \
	table --kind pvalues --means native.json vm.json

# JSON: every key, and a warning saying so.
"$SRIOVSTAT" summary native.json --format json >"$TMP/all.json"
"$SRIOVSTAT" summary native.json --format json --columns size >"$TMP/sel.json" 2>"$TMP/err"
cmp -s "$TMP/all.json" "$TMP/sel.json" &&
	[ "$(cat "$TMP/err")" = "sriovstat: warning: summary: --columns applies to text, csv, markdown and latex: the JSON document holds every key" ] &&
	pass "JSON: every key, a warning" || fail "JSON with --columns" "$(cat "$TMP/err")"

# The effect of table --kind pvalues and matrix --effect is compare's: the
# same numbers (CSV) and the same text for the same pair of files.
for lvl in 0.95 0.5; do
	"$SRIOVSTAT" compare native.json vm.json --level $lvl --format csv \
		--columns size,effect,effect_low,effect_high,ratio,ratio_low,ratio_high 2>/dev/null |
		tail -n +2 >"$TMP/cmp.csv"
	"$SRIOVSTAT" table --kind pvalues --effect native.json vm.json --level $lvl --format csv \
		--columns "size,native vs vm effect,native vs vm effect_low,native vs vm effect_high,native vs vm ratio,native vs vm ratio_low,native vs vm ratio_high" \
		2>/dev/null | tail -n +2 >"$TMP/pv.csv"
	"$SRIOVSTAT" table --kind matrix --effect native.json vm.json --level $lvl --format csv \
		--columns size,effect,effect_low,effect_high,ratio,ratio_low,ratio_high | tail -n +2 >"$TMP/mx.csv"
	if [ -s "$TMP/cmp.csv" ] && cmp -s "$TMP/cmp.csv" "$TMP/pv.csv" && cmp -s "$TMP/cmp.csv" "$TMP/mx.csv"; then
		pass "effect and its interval at level $lvl: pvalues and matrix equal compare"
	else
		fail "effect at level $lvl" "$(cat "$TMP/cmp.csv" "$TMP/pv.csv" "$TMP/mx.csv")"
	fi
	# The texts: compare's "effect [CI]" and "B/A [CI]" cells, size by size
	# (one line per size: no per-side column listed).
	"$SRIOVSTAT" compare native.json vm.json --level $lvl --format markdown \
		--columns size,effect,ratio 2>/dev/null | cells >"$TMP/cmp.txt"
	"$SRIOVSTAT" table --kind pvalues --effect native.json vm.json --level $lvl --format markdown \
		--columns "size,native vs vm effect,native vs vm ratio" 2>/dev/null | cells >"$TMP/pv.txt"
	"$SRIOVSTAT" table --kind matrix --effect native.json vm.json --level $lvl --format markdown \
		--columns size,effect,ratio | cells >"$TMP/mx.txt"
	[ "$(wc -l <"$TMP/cmp.txt")" -eq 3 ] && cmp -s "$TMP/cmp.txt" "$TMP/pv.txt" && cmp -s "$TMP/cmp.txt" "$TMP/mx.txt" &&
		pass "effect texts at level $lvl: as compare prints them" ||
		fail "effect texts at level $lvl" "$(cat "$TMP/cmp.txt" "$TMP/pv.txt" "$TMP/mx.txt")"
done
# sleep: compare's effect of drug2 against drug1 is the pvalues pair's.
want=$("$SRIOVSTAT" compare sleep-drug1.json sleep-drug2.json --format csv --columns effect,effect_low,effect_high,ratio | tail -1)
got=$("$SRIOVSTAT" table --kind pvalues --effect sleep-drug1.json sleep-drug2.json --format csv \
	--columns "drug1 vs drug2 effect,drug1 vs drug2 effect_low,drug1 vs drug2 effect_high,drug1 vs drug2 ratio" | tail -1)
[ "$want" = "1.3,0.9,2.7,1.6201851746019653" ] && [ "$got" = "$want" ] &&
	pass "sleep: effect +1.3 [0.9, 2.7] us, ratio 1.620 in compare and pvalues" ||
	fail "sleep effect: compare '$want', pvalues '$got'"

# matrix --means: each file's mean is summary's mean over trials of the trial mean.
"$SRIOVSTAT" summary native.json vm.json --format markdown --columns size,native,vm |
	cells | grep -v -- '-' >"$TMP/sum.txt"
"$SRIOVSTAT" table --kind matrix --means native.json vm.json --format markdown --columns size,a_mean |
	cells >"$TMP/means.txt"
[ "$(wc -l <"$TMP/means.txt")" -eq 3 ] && cmp -s "$TMP/sum.txt" "$TMP/means.txt" &&
	pass "matrix --means: summary's means" || fail "matrix --means" "$(cat "$TMP/sum.txt" "$TMP/means.txt")"

finish
