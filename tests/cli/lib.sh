# SPDX-License-Identifier: BSD-3-Clause
# lib.sh: helpers of the sriovstat CLI tests (sourced, not run).
#
# The tests run the built program on the fixtures in tests/data/cli from
# inside that directory (relative names keep messages and JSON stable in a
# VPATH build and in make distcheck), and write only under a mktemp -d.
# SRIOVSTAT_REGEN=1 rewrites the expected outputs instead of diffing them
# (review the diff before committing).

set -u
: "${abs_top_srcdir:?run through make check}"
: "${abs_top_builddir:?run through make check}"

SRIOVSTAT="$abs_top_builddir/sriovstat"
DATA="$abs_top_srcdir/tests/data/cli"
EXPECTED="$abs_top_srcdir/tests/cli/expected"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sriovstat-cli.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
cd "$DATA" || exit 99

. "$abs_top_srcdir/tests/checks.sh"

# The file extension of an output format.
ext_of() {
	case $1 in
	text) echo txt ;;
	markdown) echo md ;;
	latex) echo tex ;;
	*) echo "$1" ;;
	esac
}

# json_close FORMAT EXPECTED GOT: for JSON (with python3), whether GOT is
# EXPECTED with every number within 1e-12 relative (keys, order, strings
# exact). JSON prints doubles in full (17 digits), whose last digit may
# differ where the arithmetic does (valgrind's emulated floating point,
# another libm): that is not a change of output.
json_close() {
	[ "$1" = json ] && command -v python3 >/dev/null 2>&1 || return 1
	python3 - "$2" "$3" <<'PY' 2>/dev/null
import json, sys
def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a is b or a == b and type(a) is type(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b and type(a) is type(b)
with open(sys.argv[1]) as f, open(sys.argv[2]) as g:
    sys.exit(0 if same(json.load(f), json.load(g)) else 1)
PY
}

# check_output NAME FORMAT ARGS...: run sriovstat ARGS --format FORMAT;
# exit 0, stdout equal to expected/NAME.EXT, stderr equal to
# expected/NAME.EXT.err (or empty when that file does not exist).
check_output() {
	name=$1
	fmt=$2
	shift 2
	exp="$EXPECTED/$name.$(ext_of "$fmt")"
	rc=0
	"$SRIOVSTAT" "$@" --format "$fmt" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "${SRIOVSTAT_REGEN:-0}" = 1 ]; then
		cp "$TMP/out" "$exp"
		if [ -s "$TMP/err" ]; then cp "$TMP/err" "$exp.err"; else rm -f "$exp.err"; fi
	fi
	if [ "$rc" -ne 0 ]; then
		fail "$name ($fmt)" "exit $rc" "$(cat "$TMP/err")"
		return
	fi
	if ! diff -u "$exp" "$TMP/out" >"$TMP/diff" 2>&1 && ! json_close "$fmt" "$exp" "$TMP/out"; then
		fail "$name ($fmt): output differs from $(basename "$exp")"
		sed 's/^/#   /' "$TMP/diff"
		return
	fi
	if [ -f "$exp.err" ]; then
		if ! diff -u "$exp.err" "$TMP/err" >"$TMP/diff" 2>&1; then
			fail "$name ($fmt): stderr differs"
			sed 's/^/#   /' "$TMP/diff"
			return
		fi
	elif [ -s "$TMP/err" ]; then
		fail "$name ($fmt): unexpected stderr" "$(cat "$TMP/err")"
		return
	fi
	pass "$name ($fmt)"
}

# check_error NAME CODE MESSAGE ARGS...: sriovstat ARGS exits with CODE,
# prints nothing on stdout and exactly the line MESSAGE on stderr.
check_error() {
	name=$1
	code=$2
	msg=$3
	shift 3
	rc=0
	"$SRIOVSTAT" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "$rc" -ne "$code" ]; then
		fail "$name: exit $rc, expected $code" "$(cat "$TMP/err")"
	elif [ -s "$TMP/out" ]; then
		fail "$name: unexpected output on stdout" "$(head -3 "$TMP/out")"
	elif [ "$(wc -l <"$TMP/err")" -ne 1 ]; then
		fail "$name: stderr is not one line" "$(cat "$TMP/err")"
	elif [ "$(cat "$TMP/err")" != "$msg" ]; then
		fail "$name: wrong message" "got:      $(cat "$TMP/err")" "expected: $msg"
	else
		pass "$name"
	fi
}

# near X Y TOL: succeed when |X - Y| <= TOL (numbers as text).
near() {
	awk -v x="$1" -v y="$2" -v t="$3" 'BEGIN { d = x - y; if (d < 0) d = -d; exit !(x != "" && d <= t) }'
}

# csv_field FILE ROW COLUMN: the field named COLUMN of data row ROW (1 = the
# first line after the header) of a CSV without quoted commas.
csv_field() {
	awk -F, -v row="$2" -v col="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		NR == row + 1 { if (c) print $c; exit }' "$1"
}

# mk LABEL: lines "trial size latency_us" on stdin -> $TMP/LABEL.json, a
# trial file made with sriovstat import (each line one iteration; a trial
# and size with one line: its mean is that value).
mk() {
	{
		echo 'trial,size,iteration,latency_us'
		awk '{ k = $1 " " $2; n[k]++; print $1 "," $2 "," n[k] "," $3 }'
	} >"$TMP/$1.csv"
	"$SRIOVSTAT" import -l "$1" -o "$TMP/$1.json" "$TMP/$1.csv" || exit 99
}

# jget FILE EXPR: EXPR (Python, the document as d) of a JSON file; needs python3.
jget() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$1" "$2"
}
