# SPDX-License-Identifier: BSD-3-Clause
# lib.sh: shared setup of the sweep tests (sourced).
# Sets SRIOVSTAT, DUMP (tests/tools/trialdump), WORK (a scratch directory
# removed on exit; add more with on_exit) and helpers.
set -u
: "${abs_top_builddir:?run through make check}" "${abs_top_srcdir:?run through make check}"
BUILD=$abs_top_builddir
SRIOVSTAT="$BUILD/sriovstat"
DUMP="$BUILD/tests/tools/trialdump"
MPIEXEC=${MPIEXEC:-mpiexec}
MPIEXEC_FLAGS=${MPIEXEC_FLAGS:-}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sriovstat-sweep.XXXXXX") || exit 99
EXIT_HOOKS=
# on_exit CMD: run CMD (a shell string) when the test ends, before WORK goes.
on_exit() { EXIT_HOOKS="$1; $EXIT_HOOKS"; }
cleanup() {
	eval "$EXIT_HOOKS"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
note() { echo "# $*"; }

# sweep ARGS...: run sriovstat sweep with stdout in $WORK/out, stderr in
# $WORK/err; sets RC.
sweep() {
	RC=0
	"$SRIOVSTAT" sweep "$@" >"$WORK/out" 2>"$WORK/err" || RC=$?
}

# expect_rc N WHAT: the last sweep exited N.
expect_rc() {
	if [ "$RC" -ne "$1" ]; then
		echo "--- stdout" >&2; cat "$WORK/out" >&2
		echo "--- stderr" >&2; cat "$WORK/err" >&2
		fail "$2: exit $RC, expected $1"
	fi
}

# ncomplete FILE: the number of complete trials in a trial file (the reader
# validates the whole file: a torn or invalid file fails the test).
ncomplete() {
	"$DUMP" "$1" >"$WORK/dump" || fail "$1 is not a valid trial file"
	awk '$1 == "trial" && $7 == "complete" && $8 == 1 { n++ } END { print n + 0 }' "$WORK/dump"
}

# incomplete FILE: trials marked incomplete.
incomplete() {
	"$DUMP" "$1" >"$WORK/dump" || fail "$1 is not a valid trial file"
	awk '$1 == "trial" && $8 != 1 { n++ } END { print n + 0 }' "$WORK/dump"
}

# run_order DIR: the labels of the trials run, in running order, from the
# headers the sweep writes into DIR/*.log ("place P of N").
run_order() {
	cat "$1"/*.log | sed -n 's/^### sriovstat sweep: \([^,]*\), round [0-9]* of [0-9]*, place \([0-9]*\) of.*/\2 \1/p' |
		sort -n | awk '{ printf "%s%s", s, $2; s = " " } END { print "" }'
}

# planned_order EXP ARGS...: the labels of the whole plan in order, from --dry-run.
planned_order() {
	"$SRIOVSTAT" sweep "$@" --dry-run | sed -n '/^order/,/^$/p' |
		awk 'NR > 1 && NF > 1 { for (i = 2; i <= NF; i++) { l = $i; sub(/\*$/, "", l); printf "%s%s", s, l; s = " " } } END { print "" }'
}

# wait_for FILE PATTERN SECONDS: until grep finds PATTERN in FILE.
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -le $(($3 * 10)) ] || return 1
		sleep 0.1
	done
}
