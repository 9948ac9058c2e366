# SPDX-License-Identifier: BSD-3-Clause
# lib.sh: helpers of the sriovstat plot tests (sourced, not run).
#
# Trial files come from bench/gen_trials (synthetic, reproducible from the
# seed) and are written, like everything else, under a mktemp -d.

set -u
: "${abs_top_srcdir:?run through make check}"
: "${abs_top_builddir:?run through make check}"

SRIOVSTAT="$abs_top_builddir/sriovstat"
GEN="$abs_top_builddir/bench/gen_trials"
DUMP="$abs_top_builddir/tests/tools/trialdump"
DATA="$abs_top_srcdir/tests/data/cli"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sriovstat-plot.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 99

. "$abs_top_srcdir/tests/checks.sh"

# Two labels of 4 trials, 8 sizes (1 to 128 bytes), 3000 iterations: native
# and a slower "vm" with a heavier tail.
make_data() {
	"$GEN" -o native.json -l native --seed 3 --trials 4 --iterations 3000 --sizes 8 &&
		"$GEN" -o vm.json -l vm --seed 4 --slowdown 1.4 --extra-ns 300 --trials 4 \
			--iterations 3000 --sizes 8
}

# check_error NAME CODE PATTERN ARGS...: sriovstat ARGS exits with CODE,
# prints nothing on stdout and one line on stderr matching PATTERN (grep -E).
check_error() {
	name=$1 code=$2 pat=$3
	shift 3
	rc=0
	"$SRIOVSTAT" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "$rc" -ne "$code" ]; then
		fail "$name: exit $rc, expected $code" "$(cat "$TMP/err")"
	elif [ -s "$TMP/out" ]; then
		fail "$name: unexpected output on stdout" "$(head -3 "$TMP/out")"
	elif [ "$(wc -l <"$TMP/err")" -ne 1 ] || ! grep -qE -- "$pat" "$TMP/err"; then
		fail "$name: message" "got:      $(cat "$TMP/err")" "expected: $pat"
	else
		pass "$name"
	fi
}

# near X Y: |X - Y| <= 1e-5 + 1e-7 |Y| (numbers as text).
near() {
	awk -v x="$1" -v y="$2" 'BEGIN { d = x - y; if (d < 0) d = -d; a = y < 0 ? -y : y
		exit !(x != "" && y != "" && d <= 1e-5 + 1e-7 * a) }'
}

# datablock SCRIPT N: the data lines of datablock $dN of a plot script.
datablock() {
	awk -v name="\$d$2" '$1 == name && $2 == "<<" { on = 1; next } on && $1 == "EOD" { on = 0 }
		on && !/^#/ { print }' "$1"
}
