#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# signal.sh: SIGTERM in the middle of a sweep of p2p_lat stops the trial under
# way, leaves only whole trials in the files, records the interruption and
# exits 143; the same command then finishes the sweep. SIGINT on a long
# application trial exits 130 at once and records nothing of it.
. "$abs_top_srcdir/tests/sweep/lib.sh"

# Processes of this test still alive (their command lines name $WORK).
leftovers() { ps -eo pid=,args= | grep -F "$WORK" | grep -v -e grep -e 'ps -eo' || true; }

# SIGINT: an application trial of 60 s is stopped at once.
mkdir "$WORK/bin"
cp "$(command -v sleep)" "$WORK/bin/sleep" || fail "cannot copy sleep"
cat >"$WORK/long.ini" <<INI
[config]
label = long
command = $WORK/bin/sleep 60
INI
"$SRIOVSTAT" sweep "$WORK/long.ini" --out "$WORK/l" --trials 2 >"$WORK/bg.out" 2>"$WORK/bg.err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
wait_for "$WORK/l/long.log" "sleep 60" 30 || fail "the long trial did not start"
# Meanwhile a second sweep on the same folder is refused.
sweep "$WORK/long.ini" --out "$WORK/l" --trials 2
expect_rc 1 "a second sweep in the same folder"
grep -q "^sriovstat: error: $WORK/l: another sweep is running in this folder\$" "$WORK/err" ||
	fail "second sweep: $(cat "$WORK/err")"
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 130 ] || { cat "$WORK/bg.err" >&2; fail "SIGINT: exit $rc, expected 130"; }
grep -q '^sriovstat: sweep: SIGINT after 0 trials in .*; run the same command again to continue$' "$WORK/bg.err" ||
	{ cat "$WORK/bg.err" >&2; fail "SIGINT: message"; }
[ ! -e "$WORK/l/long.json" ] || fail "SIGINT: an interrupted trial was recorded"
grep -q '"result":"interrupted"' "$WORK/l/sweep.json" && grep -q '"status":"interrupted (SIGINT)"' "$WORK/l/sweep.json" ||
	fail "SIGINT: not recorded in sweep.json"
sleep 0.2
[ -z "$(leftovers)" ] || { leftovers >&2; fail "SIGINT: processes left running"; }

# SIGTERM in the middle of a sweep of p2p_lat.
command -v "$MPIEXEC" >/dev/null 2>&1 || skip "no MPI launcher '$MPIEXEC'"
# shellcheck disable=SC2086
"$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$BUILD/p2p_lat" -m 8 -i 10 -x 1 >/dev/null 2>&1 || skip "cannot run 2 ranks of p2p_lat"
# The signal must land while trials remain. On a quiet machine a trial of
# p2p_lat is over in a tenth of a second (the whole sweep could end before
# the signal); under load it takes many seconds: when the last trial was
# written before the signal landed, it runs again with more iterations.
for iters in 1000 30000 300000; do
	cat >"$WORK/exp.ini" <<INI
[sweep]
command = '$MPIEXEC' $MPIEXEC_FLAGS -n 2 '$BUILD/p2p_lat' -m 0:1024 -i $iters -x 10
trials = 3
seed = 8
[config]
label = a
env = SRIOVSTAT_TEST=a
[config]
label = b
env = SRIOVSTAT_TEST=b
INI
	R="$WORK/r$iters"
	"$SRIOVSTAT" sweep "$WORK/exp.ini" --out "$R" --timeout 120 >"$WORK/out" 2>"$WORK/err" &
	pid=$!
	on_exit "kill $pid 2>/dev/null"
	# Wait until the second trial is under way: the first is whole in its file.
	wait_for "$R/sweep.json" '"place":2,' 120 || { cat "$WORK/err" >&2; fail "the second trial did not start"; }
	sleep 0.3
	kill -TERM "$pid" 2>/dev/null
	rc=0
	wait "$pid" || rc=$?
	# Too late: the sweep ended, or the last trial was already in its file.
	written=0
	for l in a b; do
		[ ! -e "$R/$l.json" ] || written=$((written + $(ncomplete "$R/$l.json")))
	done
	[ "$rc" -eq 0 ] || [ "$written" -ge 6 ] || break
	note "SIGTERM landed after the last trial of -i $iters (exit $rc): again with more iterations"
done
[ "$rc" -eq 143 ] || { cat "$WORK/err" >&2; fail "SIGTERM: exit $rc, expected 143"; }
grep -q '^sriovstat: sweep: SIGTERM after [0-9]* trials in ' "$WORK/err" || { cat "$WORK/err" >&2; fail "SIGTERM: message"; }
grep -q '"status":"interrupted (SIGTERM)"' "$R/sweep.json" || fail "SIGTERM: session not recorded"
grep -q '"pending_restore":null' "$R/sweep.json" || fail "SIGTERM: a restore is pending"
# Only whole trials: each file reads back, every trial in it complete.
total=0
for l in a b; do
	[ -e "$R/$l.json" ] || continue
	[ "$(incomplete "$R/$l.json")" -eq 0 ] || fail "$l.json holds an incomplete trial"
	total=$((total + $(ncomplete "$R/$l.json")))
done
# How many trials finish before the signal lands depends on the machine's
# load; what must hold is the accounting: the files hold the trials the sweep
# reports as done, plus at most the one whose benchmark had written its trial
# but not yet exited, and the sweep did not finish.
ran=$(sed -n 's/^sriovstat: sweep: SIGTERM after \([0-9]*\) trials in .*/\1/p' "$WORK/err")
[ "$ran" -ge 1 ] || fail "SIGTERM: reported $ran trials, expected at least the first"
[ "$total" -ge "$ran" ] && [ "$total" -le $((ran + 1)) ] && [ "$total" -le 5 ] ||
	fail "SIGTERM: $total trials in the files, the sweep reported $ran done"
for f in "$R"/*.tmp.*; do
	[ -e "$f" ] && note "a temporary file of the interrupted write remains: $f"
done
sleep 0.5
[ -z "$(leftovers)" ] || { leftovers >&2; fail "SIGTERM: processes left running"; }

# The same command finishes the sweep.
sweep "$WORK/exp.ini" --out "$R" --no-summary --timeout 120
expect_rc 0 "resume after SIGTERM"
[ "$(ncomplete "$R/a.json")" -eq 3 ] && [ "$(ncomplete "$R/b.json")" -eq 3 ] || fail "resume: 3 trials each"
"$SRIOVSTAT" summary "$R/a.json" "$R/b.json" >/dev/null || fail "summary of the resumed sweep"
exit 0
