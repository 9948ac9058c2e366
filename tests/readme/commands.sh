#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# commands.sh: the README's example commands run as written, in order, on
# this build: the sh blocks of "Running benchmarks" and "Importing OSU, IMB
# and perftest results", in a scratch directory where build/ is this build
# and tests/ the source tree's. Only the first line's trial and iteration
# counts are made small (TRIALS=2 ITERS=20 WARMUP=2). mpiexec is this build's
# launcher; a run that hangs in MPI_Finalize after writing its trial (MPICH
# over TCP, see tests/mpi) is stopped 20 s after it said so and then
# accepted, since the commands after it check the files it wrote.
. "$abs_top_srcdir/tests/mpi/common.sh"
README="$abs_top_srcdir/README.md"
cd "$WORK" || exit 99
ln -s "$abs_top_builddir" build
ln -s "$abs_top_srcdir/tests" tests

# The sh blocks of the section titled $1.
blocks() {
	awk -v sec="## $1" '
		/^## / { in_sec = ($0 == sec) }
		in_sec && /^```sh$/ { on = 1; next }
		on && /^```$/ { on = 0; next }
		on' "$README"
}
{
	echo 'set -eu'
	# mpiexec as this build's launcher, watched: a run is accepted when it
	# ends well, or when it printed that its trial was written and then hung
	# (in MPI_Finalize) for 20 s; a run that never writes is stopped after
	# 15 minutes and fails. No time limit short enough to trip on a loaded
	# machine while the run is still measuring.
	echo 'mpiexec() {'
	echo '	log=$(mktemp) t=0 w=0 rc=0'
	echo "	setsid \"$MPIEXEC\" $MPIEXEC_FLAGS \"\$@\" >\"\$log\" &"
	echo '	pid=$!'
	echo '	while kill -0 "$pid" 2>/dev/null; do'
	echo '		sleep 1; t=$((t + 1))'
	echo '		[ "$w" -gt 0 ] || ! grep -q "^# trial .* written to" "$log" || w=$t'
	echo '		if { [ "$w" -gt 0 ] && [ $((t - w)) -ge 20 ]; } || [ "$t" -ge 900 ]; then'
	echo '			kill -KILL -- -"$pid" 2>/dev/null; break'
	echo '		fi'
	echo '	done'
	echo '	wait "$pid" || rc=$?'
	echo '	cat "$log"; rm -f "$log"'
	echo '	[ "$w" -gt 0 ] && [ "$rc" -ne 0 ] && { echo "commands.sh: mpiexec hung after writing its trial (finalize hang); going on" >&2; return 0; }'
	echo '	return "$rc"'
	echo '}'
	blocks "Running benchmarks" | sed 's/^TRIALS=15 ITERS=100000 WARMUP=1000 /TRIALS=2 ITERS=20 WARMUP=2 /'
	blocks "Importing OSU, IMB and perftest results"
} >readme.sh
grep -q '^TRIALS=2 ITERS=20 WARMUP=2 ' readme.sh || fail "README: the Running benchmarks block no longer starts with TRIALS=15 ITERS=100000 WARMUP=1000"
[ "$(grep -c 'build/sriovstat' readme.sh)" -ge 8 ] || fail "README: found only $(grep -c 'build/sriovstat' readme.sh) sriovstat commands"
if ! bash readme.sh >out.txt 2>err.txt; then
	echo "README commands failed:" >&2
	cat err.txt >&2
	tail -20 out.txt >&2
	exit 1
fi
# Each table command printed its table; the import summary says per-run averages.
for want in "mean over trials of the trial mean" "shm (A) vs tcp (B)" "Holm-adjusted p" \
	"tail latency in us" "per-run averages"; do
	grep -q "$want" out.txt || fail "README commands: no \"$want\" in their output"
done
# The papers' layouts: sizes down, configurations across (Tables III to VI),
# and the columns --columns chose, in its order.
for want in "size +shm +tcp" "size +ring +recursive_doubling +recursive_doubling vs ring" \
	"size +N=1 PPN=2 +N=1 PPN=4" "size +shm max +shm p99 +tcp max +tcp p99" \
	"size,a_mean,b_mean,p,effect,effect_low,effect_high"; do
	grep -Eq "^$want\$" out.txt || fail "README commands: no header line \"$want\" in their output"
done
echo "README commands ran: $(grep -c '' readme.sh) lines"
exit 0
