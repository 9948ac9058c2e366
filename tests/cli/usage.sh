#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# usage.sh: sriovstat's help, version, and usage errors (exit 2, one line).
. "$abs_top_srcdir/tests/cli/lib.sh"

# check_help NAME ARGS...: exit 0, a usage text on stdout, nothing on stderr.
check_help() {
	name=$1
	shift
	rc=0
	"$SRIOVSTAT" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$TMP/err" ] && grep -q '^Usage: sriovstat' "$TMP/out"; then
		pass "$name"
	else
		fail "$name" "exit $rc" "$(cat "$TMP/err")"
	fi
}

check_help "--help" --help
check_help "-h" -h
check_help "help" help
for cmd in summary compare table import export; do
	check_help "$cmd --help" "$cmd" --help
	"$SRIOVSTAT" "$cmd" --help >"$TMP/a"
	"$SRIOVSTAT" help "$cmd" >"$TMP/b"
	if cmp -s "$TMP/a" "$TMP/b" && grep -q "^Usage: sriovstat $cmd" "$TMP/a"; then
		pass "help $cmd"
	else
		fail "help $cmd: differs from $cmd --help"
	fi
done
# Options may follow the files (GNU getopt permutes).
check_help "compare FILES --help" compare native.json vm.json --help

out=$("$SRIOVSTAT" --version)
case $out in
"sriovstat "[0-9]*) pass "--version" ;;
*) fail "--version" "$out" ;;
esac

check_error "no command" 2 "sriovstat: error: no command given (try 'sriovstat --help')"
check_error "unknown command" 2 "sriovstat: error: unknown command 'frobnicate' (try 'sriovstat --help')" frobnicate
check_error "option before command" 2 "sriovstat: error: unknown option '--format' (a command comes first; try 'sriovstat --help')" --format csv summary native.json
check_error "unknown long option" 2 "sriovstat: error: compare: unknown option '--colour' (see 'sriovstat compare --help')" compare --colour native.json vm.json
check_error "unknown short option" 2 "sriovstat: error: summary: unknown option '-x' (see 'sriovstat summary --help')" summary -x native.json
check_error "missing value" 2 "sriovstat: error: compare: option '--stat' needs a value (see 'sriovstat compare --help')" compare native.json vm.json --stat
check_error "bad format" 2 "sriovstat: error: summary: --format: unknown format 'xml' (text, csv, markdown, latex, json) (see 'sriovstat summary --help')" summary --format xml native.json
check_error "bad stat" 2 "sriovstat: error: compare: --stat: unknown statistic 'mode' (expected mean, median, p90, p95, p99 or max) (see 'sriovstat compare --help')" compare --stat mode native.json vm.json
check_error "bad test" 2 "sriovstat: error: compare: --test: unknown test 'anova' (expected paired-t, welch, wilcoxon or mann-whitney) (see 'sriovstat compare --help')" compare --test anova native.json vm.json
check_error "bad adjust" 2 "sriovstat: error: compare: --adjust: unknown p-value adjustment 'bonferroni' (expected none, holm or bh) (see 'sriovstat compare --help')" compare --adjust bonferroni native.json vm.json
check_error "alpha not a number" 2 "sriovstat: error: compare: --alpha: '5%' is not a number (see 'sriovstat compare --help')" compare --alpha 5% native.json vm.json
check_error "alpha out of range" 2 "sriovstat: error: compare: --alpha: 0 is not between 0 and 1 (exclusive) (see 'sriovstat compare --help')" compare --alpha 0 native.json vm.json
check_error "bad percentiles" 2 "sriovstat: error: summary: --percentiles: '50,,90' is not a comma-separated list of numbers (see 'sriovstat summary --help')" summary --percentiles 50,,90 native.json
check_error "percentile 100" 2 "sriovstat: error: summary: --percentiles: 100 is not between 0 and 100 (exclusive) (see 'sriovstat summary --help')" summary --percentiles 50,100 native.json
check_error "percentile twice" 2 "sriovstat: error: summary: --percentiles: 90 appears twice (see 'sriovstat summary --help')" summary --percentiles 90,50,90 native.json
# compare takes any percentiles, as summary (issue 12); out of range is still misuse.
check_error "compare percentiles" 2 "sriovstat: error: compare: --percentiles: 100 is not between 0 and 100 (exclusive) (see 'sriovstat compare --help')" compare --percentiles 99.9,100 native.json vm.json
check_error "compare one file" 2 "sriovstat: error: compare: expected two trial files (A and B), got 1 (see 'sriovstat compare --help')" compare native.json
check_error "summary no file" 2 "sriovstat: error: summary: expected at least one trial file (see 'sriovstat summary --help')" summary
check_error "table no kind" 2 "sriovstat: error: table: --kind is required (pvalues, matrix or tail) (see 'sriovstat table --help')" table native.json vm.json
check_error "table bad kind" 2 "sriovstat: error: table: --kind: unknown value 'means' (pvalues, tail, matrix) (see 'sriovstat table --help')" table --kind means native.json
check_error "pvalues odd files" 2 "sriovstat: error: table: --kind pvalues takes pairs of files (A1 B1 A2 B2 ...), got 3 files (see 'sriovstat table --help')" table --kind pvalues native.json vm.json native.json
check_error "pvalues names" 2 "sriovstat: error: table: 2 --name for 1 pairs (see 'sriovstat table --help')" table --kind pvalues --name a --name b native.json vm.json
check_error "import no label" 2 "sriovstat: error: import: --label is required (see 'sriovstat import --help')" import data.csv
check_error "import no file" 2 "sriovstat: error: import: expected at least one input FILE (see 'sriovstat import --help')" import -l x
check_error "append without output" 2 "sriovstat: error: import: --append needs --output (see 'sriovstat import --help')" import -l x --append a.csv
check_error "export no file" 2 "sriovstat: error: export: expected at least one trial file (see 'sriovstat export --help')" export

finish
