# SPDX-License-Identifier: BSD-3-Clause
# Shared setup for the MPI integration tests (sourced).
# Exports: BUILD (the build directory), RUN (the launcher), WORK (a scratch
# directory removed on exit) and helpers fail/skip/check_trials.
set -u
BUILD=${abs_top_builddir:-$(pwd)}
MPIEXEC=${MPIEXEC:-mpiexec}
MPIEXEC_FLAGS=${MPIEXEC_FLAGS:-}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sriovstat-mpi.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT
DUMP="$BUILD/tests/tools/trialdump"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }

# run N PROGRAM ARGS...: launch PROGRAM on N ranks.
run() {
	n=$1; shift
	# shellcheck disable=SC2086
	"$MPIEXEC" $MPIEXEC_FLAGS -n "$n" "$@"
}

command -v "$MPIEXEC" >/dev/null 2>&1 || skip "no MPI launcher '$MPIEXEC'"

# Open MPI's launcher adds a banner to stderr when a rank exits non-zero; the
# tests check the programs' own one-line messages, so ask it to be quiet.
case $("$MPIEXEC" --version 2>&1) in
*"Open MPI"* | *OpenRTE*) MPIEXEC_FLAGS="$MPIEXEC_FLAGS --quiet" ;;
esac

# An environment that cannot start 2 MPI ranks at all (a build chroot without
# shared memory or loopback, a launcher refusing root) is a skip, not a
# failure; tests/tools/mpi_probe only starts MPI, so the programs' own
# failures still fail.
if [ -x "$BUILD/tests/tools/mpi_probe" ] &&
	! probe=$(run 2 "$BUILD/tests/tools/mpi_probe" 2>&1); then
	skip "cannot start 2 MPI ranks here ($MPIEXEC $MPIEXEC_FLAGS -n 2): $(printf '%s\n' "$probe" | grep -v '^-*$' | head -n 2 | tr '\n' ' ')"
fi

# check_run OUT JSON "SIZES" ITERS: the table in OUT and the trial file agree:
# the sizes are those asked, every size has ITERS samples, and the mean of the
# samples in the file equals the printed average (to the printed precision).
check_run() {
	out=$1 json=$2 sizes=$3 iters=$4
	"$DUMP" "$json" > "$WORK/dump" || fail "trialdump $json"
	last=$(awk '$1 == "trial" { t = $2 } END { print t }' "$WORK/dump")
	got=$(awk -v t="$last" '$1 == "trial" { cur = $2 } $1 == "size" && cur == t { printf "%s%s", sep, $2; sep = " " }' "$WORK/dump")
	[ "$got" = "$sizes" ] || fail "$json trial $last: sizes '$got', expected '$sizes'"
	awk -v t="$last" -v it="$iters" '$1 == "trial" { cur = $2 } $1 == "size" && cur == t && $8 != it { bad = 1; print "size " $2 ": " $8 " samples, expected " it > "/dev/stderr" } END { exit bad }' "$WORK/dump" || fail "sample counts"
	# Printed rows: size then average (OSU's first two columns).
	awk -v t="$last" 'NR == FNR { if ($1 == "trial") cur = $2; if ($1 == "size" && cur == t) mean[$2] = $12; next }
		/^#/ { next } NF >= 2 { if (!($1 in mean)) { print "row for size " $1 " not in file" > "/dev/stderr"; bad = 1; next }
			d = mean[$1] - $2; if (d < 0) d = -d; if (d > 0.0051) { print "size " $1 ": printed avg " $2 ", samples mean " mean[$1] > "/dev/stderr"; bad = 1 } }
		END { exit bad }' "$WORK/dump" "$out" || fail "printed averages differ from the samples' means"
}

# check_bw OUT JSON "SIZES" ITERS BYTES_PER_BYTE NPAIRS: sizes and sample
# counts as asked; every size records bytes_per_sample = size x BYTES_PER_BYTE
# (window, x2 for bibw, x pairs); the printed bandwidth is
# bytes_per_sample / mean window time (OSU's figure), to print precision.
check_bw() {
	out=$1 json=$2 sizes=$3 iters=$4 per=$5 np=$6
	"$DUMP" "$json" > "$WORK/dump" || fail "trialdump $json"
	last=$(awk '$1 == "trial" { t = $2 } END { print t }' "$WORK/dump")
	awk -v t="$last" '$1 == "trial" && $2 == t' "$WORK/dump" | grep -q ' better higher$' ||
		fail "$json trial $last is not marked better higher"
	got=$(awk -v t="$last" '$1 == "trial" { cur = $2 } $1 == "size" && cur == t { printf "%s%s", sep, $2; sep = " " }' "$WORK/dump")
	[ "$got" = "$sizes" ] || fail "$json trial $last: sizes '$got', expected '$sizes'"
	awk -v t="$last" -v it="$iters" -v per="$per" -v np="$np" '
		NR == FNR { if ($1 == "trial") cur = $2
			if ($1 != "size" || cur != t) next
			if ($8 != it) { print "size " $2 ": " $8 " samples, expected " it > "/dev/stderr"; bad = 1 }
			if ($16 != $2 * per) { print "size " $2 ": bytes_per_sample " $16 ", expected " $2 * per > "/dev/stderr"; bad = 1 }
			want_max = np > 1 ? it : 0
			if ($10 != want_max) { print "size " $2 ": " $10 " max samples, expected " want_max > "/dev/stderr"; bad = 1 }
			if (np > 1 && $18 != np) { print "size " $2 ": " $18 " pairs recorded, expected " np > "/dev/stderr"; bad = 1 }
			bw[$2] = $16 / $12; next }
		/^#/ { next }
		NF >= 2 { if (!($1 in bw)) { print "row for size " $1 " not in file" > "/dev/stderr"; bad = 1; next }
			d = bw[$1] - $2; if (d < 0) d = -d
			if (d > 0.0051 + bw[$1] * 1e-5) { print "size " $1 ": printed " $2 " MB/s, samples give " bw[$1] > "/dev/stderr"; bad = 1 } }
		END { exit bad }' "$WORK/dump" "$out" || fail "$json: bandwidth fields or printed figures"
}

# usage_error PROG WANT COMMAND...: COMMAND exits 2 and prints exactly one
# line on stderr, "PROG: error: ..." containing WANT.
usage_error() {
	ue_prog=$1 ue_want=$2
	shift 2
	set +e
	"$@" > "$WORK/mis.out" 2> "$WORK/mis.err"
	ue_rc=$?
	set -e
	[ $ue_rc -eq 2 ] || { cat "$WORK/mis.err" >&2; fail "exit $ue_rc (want 2) for: $*"; }
	grep -q "^$ue_prog: error: .*$ue_want" "$WORK/mis.err" || { cat "$WORK/mis.err" >&2; fail "message for: $*"; }
	[ "$(grep -c . "$WORK/mis.err")" -eq 1 ] || { cat "$WORK/mis.err" >&2; fail "more than one line for: $*"; }
}
