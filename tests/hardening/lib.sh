# SPDX-License-Identifier: BSD-3-Clause
# lib.sh: helpers of the hardening tests (sourced, not run).
#
# Sets SRIOVSTAT, DUMP (tests/tools/trialdump), P2P, COLL, SRC (the source
# tree), TMP (a mktemp -d removed on exit); pass/fail/skip/finish print
# "ok - ..." lines and the totals, as the CLI tests do. Exit 77 = skip.
set -u
: "${abs_top_srcdir:?run through make check}"
: "${abs_top_builddir:?run through make check}"
SRC=$abs_top_srcdir
SRIOVSTAT="$abs_top_builddir/sriovstat"
DUMP="$abs_top_builddir/tests/tools/trialdump"
P2P="$abs_top_builddir/p2p_lat"
COLL="$abs_top_builddir/coll_lat"
MPIEXEC=${MPIEXEC:-mpiexec}
MPIEXEC_FLAGS=${MPIEXEC_FLAGS:-}
# Open MPI's launcher: quiet (no banner on stderr when a rank fails), and
# named, so that checks of hydra's own behaviour can skip.
LAUNCHER=hydra
case $("$MPIEXEC" --version 2>&1) in
*"Open MPI"* | *OpenRTE*) MPIEXEC_FLAGS="$MPIEXEC_FLAGS --quiet" LAUNCHER=openmpi ;;
esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sriovstat-hard.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT

. "$abs_top_srcdir/tests/checks.sh"

# Skip the whole test with a reason.
skip() {
	echo "SKIP: $*"
	exit 77
}

# mpirun N ARGS...: the configured launcher on N ranks.
mpirun_n() {
	n=$1
	shift
	# shellcheck disable=SC2086
	"$MPIEXEC" $MPIEXEC_FLAGS -n "$n" "$@"
}

# rank_pid MPIEXEC_PID R: the pid of rank R of that job, or nothing when
# none runs yet. Hydra's ranks are grandchildren of mpiexec (PMI_RANK), Open
# MPI's its children (OMPI_COMM_WORLD_RANK); a grandchild without either
# variable is taken for any rank.
rank_pid() {
	any=
	for p in $(pgrep -P "$1" 2>/dev/null); do
		for q in "$p" $(pgrep -P "$p" 2>/dev/null); do
			r=$( (tr '\0' '\n' <"/proc/$q/environ") 2>/dev/null |
				sed -nE 's/^(PMI_RANK|OMPI_COMM_WORLD_RANK)=//p' | head -n 1)
			if [ -n "$r" ] && [ "$r" = "$2" ]; then
				echo "$q"
				return
			fi
			[ -z "$r" ] && [ "$q" != "$p" ] && [ -z "$any" ] && any=$q
		done
	done
	[ -z "$any" ] || echo "$any"
}

# check_error NAME CODE MESSAGE COMMAND...: COMMAND exits with CODE, prints
# nothing on stdout and exactly the line MESSAGE on stderr.
check_error() {
	name=$1 code=$2 msg=$3
	shift 3
	rc=0
	"$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "$rc" -ne "$code" ]; then
		fail "$name: exit $rc, expected $code" "$(head -3 "$TMP/err")"
	elif [ -s "$TMP/out" ]; then
		fail "$name: unexpected output on stdout" "$(head -3 "$TMP/out")"
	elif [ "$(wc -l <"$TMP/err")" -ne 1 ]; then
		fail "$name: stderr is not one line" "$(head -5 "$TMP/err")"
	elif [ "$(cat "$TMP/err")" != "$msg" ]; then
		fail "$name: wrong message" "got:      $(cat "$TMP/err")" "expected: $msg"
	else
		pass "$name"
	fi
}

# gone PID SECONDS: 0 when the job of mpiexec PID ended within SECONDS;
# else kill it (its ranks 0 and 1, then mpiexec) and return 1.
gone() {
	t=0
	while kill -0 "$1" 2>/dev/null; do
		t=$((t + 1))
		if [ "$t" -gt $(($2 * 10)) ]; then
			for r in $(rank_pid "$1" 0) $(rank_pid "$1" 1); do kill -KILL "$r" 2>/dev/null; done
			kill -KILL "$1" 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
	return 0
}
