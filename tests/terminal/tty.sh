#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tty.sh: terminal conventions, checked on a pseudo-terminal (script(1)):
# sriovstat colours (bold table header and significant rows, red "error:")
# only on a terminal, never with NO_COLOR or TERM=dumb; progress lines of
# the benchmarks and of sweep only on a terminal and never with --quiet.
set -u
: "${abs_top_srcdir:?run through make check}"
: "${abs_top_builddir:?run through make check}"
B=$abs_top_builddir
DATA="$abs_top_srcdir/tests/data/cli"
MPIEXEC=${MPIEXEC:-mpiexec}
MPIEXEC_FLAGS=${MPIEXEC_FLAGS:-}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sriovstat-tty.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
command -v script >/dev/null 2>&1 || { echo "SKIP: no script(1) (util-linux) to make a terminal"; exit 77; }
script -qec true /dev/null </dev/null >/dev/null 2>&1 || { echo "SKIP: script(1) cannot open a pseudo-terminal here"; exit 77; }
ESC=$(printf '\033')
npass=0 nfail=0

# check NAME STATUS [DETAIL...]: record a check.
check() {
	name=$1 st=$2
	shift 2
	if [ "$st" -eq 0 ]; then
		npass=$((npass + 1))
		echo "ok - $name"
	else
		nfail=$((nfail + 1))
		echo "not ok - $name"
		for line in "$@"; do echo "#   $line"; done
	fi
}

# on_tty OUT CMD: run the shell command CMD with stdout and stderr on a
# pseudo-terminal, its output (CR LF line ends) in OUT.
on_tty() {
	out=$1
	shift
	TERM=${TT_TERM:-xterm} script -qec "$1" /dev/null </dev/null >"$out" 2>&1
}

# has_esc FILE: FILE holds an escape character.
has_esc() {
	grep -q "$ESC" "$1"
}

cd "$DATA" || exit 99
CMP="'$B/sriovstat' compare --stat median sleep-drug1.json sleep-drug2.json"
ERR="'$B/sriovstat' compare sleep-drug1.json"

on_tty "$TMP/cmp" "$CMP"
grep -q "^${ESC}\[1msize .* sig  .* verdict${ESC}\[0m" "$TMP/cmp" && grep -q "^${ESC}\[1m   8  A  drug1 .*  \*  .*  slower${ESC}\[0m" "$TMP/cmp"
check "terminal: bold header and significant row" $? "$(cat -v "$TMP/cmp" | head -6)"
NO_COLOR=1 on_tty "$TMP/nc" "$CMP"
! has_esc "$TMP/nc" && grep -q "^size .* sig" "$TMP/nc"
check "NO_COLOR=1: no escape sequences" $?
TT_TERM=dumb on_tty "$TMP/dumb" "$CMP"
! has_esc "$TMP/dumb"
check "TERM=dumb: no escape sequences" $?
eval "$CMP" >"$TMP/pipe" 2>&1
! has_esc "$TMP/pipe"
check "not a terminal: no escape sequences" $?

on_tty "$TMP/err" "$ERR"
grep -q "^sriovstat: ${ESC}\[1;31merror:${ESC}\[0m compare: expected two trial files" "$TMP/err"
check "terminal: error in bold red" $? "$(cat -v "$TMP/err")"
NO_COLOR=1 on_tty "$TMP/errnc" "$ERR"
grep -q "^sriovstat: error: compare: expected two" "$TMP/errnc" && ! has_esc "$TMP/errnc"
check "NO_COLOR=1: plain error" $?
eval "$ERR" 2>"$TMP/errpipe"
! has_esc "$TMP/errpipe"
check "not a terminal: plain error" $?

# sweep: "sweep: trial N of M" on a terminal only, not with --quiet.
cat >"$TMP/exp.ini" <<INI
[sweep]
seed = 1
trials = 2

[config]
label = a
command = true

[config]
label = b
command = true
INI
on_tty "$TMP/sw" "'$B/sriovstat' sweep --no-summary --out '$TMP/r1' '$TMP/exp.ini'"
grep -q "sweep: trial 1 of 4" "$TMP/sw"
check "sweep: progress on a terminal" $? "$(cat -v "$TMP/sw" | head -5)"
on_tty "$TMP/swq" "'$B/sriovstat' sweep --quiet --no-summary --out '$TMP/r2' '$TMP/exp.ini'"
! grep -q "sweep: trial" "$TMP/swq" && [ -s "$TMP/r2/a.json" ]
check "sweep --quiet: no progress" $? "$(cat -v "$TMP/swq" | head -5)"
"$B/sriovstat" sweep --no-summary --out "$TMP/r3" "$TMP/exp.ini" >"$TMP/swp" 2>&1
! grep -q "sweep: trial" "$TMP/swp"
check "sweep: no progress when not on a terminal" $?

# The benchmarks: "p2p_lat: size S (k of n), T s elapsed" on stderr, also
# through the launcher (its stderr is the terminal, the rank's a pipe), and
# cleared ("\r ESC [K") before each row.
RUN="'$MPIEXEC' $MPIEXEC_FLAGS -n 2 '$B/p2p_lat' -m 1:4 -i 20 -x 2"
# shellcheck disable=SC2086
if command -v "$MPIEXEC" >/dev/null 2>&1 &&
	"$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$B/tests/tools/mpi_probe" >/dev/null 2>&1; then
	on_tty "$TMP/bench" "$RUN"
	# The launcher forwards stdout and stderr by separate pipes; with both on
	# the terminal the progress line goes to stdout with the rows (one
	# stream), so a row never follows a progress line uncleared.
	grep -q "p2p_lat: size 1 (1 of 3), [0-9.]* s elapsed" "$TMP/bench" && grep -Eq "(^|[^0-9.])4 +[0-9]+\.[0-9]" "$TMP/bench" &&
		! grep -q "elapsed  *[0-9]" "$TMP/bench"
	check "p2p_lat: progress on a terminal, never sharing a line with a row" $? "$(cat -v "$TMP/bench" | head -8)"
	on_tty "$TMP/benchq" "$RUN --quiet"
	! grep -q "elapsed" "$TMP/benchq" && grep -Eq "^4 +[0-9]" "$TMP/benchq"
	check "p2p_lat --quiet: no progress" $? "$(cat -v "$TMP/benchq" | head -8)"
	eval "$RUN" >"$TMP/benchp" 2>&1
	! grep -q "elapsed" "$TMP/benchp" && grep -Eq "^4 +[0-9]" "$TMP/benchp"
	check "p2p_lat: no progress when not on a terminal" $?
else
	echo "# cannot start 2 MPI ranks here: benchmark progress not checked"
fi

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
