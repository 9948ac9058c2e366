#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# fail.sh: failing trials with --on-error stop and continue: reported with
# their output, recorded in sweep.json, nothing lost; the missing trials run
# again on the next sweep (resume after a partial sweep).
. "$abs_top_srcdir/tests/sweep/lib.sh"

cat >"$WORK/exp.ini" <<INI
[sweep]
seed = 21
trials = 3

[config]
label = good
command = true

[config]
label = flaky
# Fails until the file exists.
command = sh -c 'echo line on stdout; echo line on stderr >&2; test -e "$WORK/ready" || exit 3'
INI
R="$WORK/r"
plan=$(planned_order "$WORK/exp.ini" --out "$R")

# stop (the default): the first failure ends the sweep.
sweep "$WORK/exp.ini" --out "$R"
expect_rc 1 "--on-error stop"
first=$(echo "$plan" | awk '{ for (i = 1; i <= NF; i++) if ($i == "flaky") { print i; exit } }')
ran=$(run_order "$R")
[ "$ran" = "$(echo "$plan" | cut -d' ' -f1-"$first")" ] || fail "stop: ran '$ran' of plan '$plan'"
goods=$(($(echo "$ran" | wc -w) - 1))
if [ "$goods" -eq 0 ]; then
	[ ! -e "$R/good.json" ] || fail "stop: good.json exists before any good trial"
else
	[ "$(ncomplete "$R/good.json")" -eq "$goods" ] || fail "stop: good.json should hold $goods trials"
fi
[ ! -e "$R/flaky.json" ] || fail "a failed trial left a trial file"
grep -q '^sriovstat: error: sweep: flaky, round 1: exit status 3$' "$WORK/err" || { cat "$WORK/err" >&2; fail "stop: failure message"; }
grep -q '^  | line on stderr$' "$WORK/err" || fail "stop: the trial's output is not quoted"
grep -q "^sriovstat: sweep: stopped after a failed trial: $goods trials ran, 1 failed (see $R/sweep.json); running the same command again retries the missing ones\$" "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "stop: final line"; }
grep -q '"result":"failed"' "$R/sweep.json" && grep -q '"exit_status":3' "$R/sweep.json" ||
	fail "stop: the failure is not recorded"
grep -q '"status":"stopped after a failed trial"' "$R/sweep.json" || fail "stop: session status"
[ ! -s "$WORK/out" ] || fail "stop: a summary was printed"

# continue: every other trial runs; the failures are counted; exit 1.
sweep "$WORK/exp.ini" --out "$R" --on-error continue
expect_rc 1 "--on-error continue"
[ "$(ncomplete "$R/good.json")" -eq 3 ] || fail "continue: good.json holds $(ncomplete "$R/good.json") trials"
[ ! -e "$R/flaky.json" ] || fail "continue: flaky.json exists"
[ "$(grep -c '^sriovstat: error: sweep: flaky, round [123]: exit status 3$' "$WORK/err")" -eq 3 ] ||
	{ cat "$WORK/err" >&2; fail "continue: three failures"; }
grep -q "^sriovstat: sweep: done: $((3 - goods)) trials ran, 3 failed " "$WORK/err" || { cat "$WORK/err" >&2; fail "continue: final line"; }
grep -q '^good' "$WORK/out" || fail "continue: no summary of the good trials"

# Once the trials can succeed, the same command runs just the missing ones.
: >"$WORK/ready"
sweep "$WORK/exp.ini" --out "$R" --on-error continue --no-summary
expect_rc 0 "resume"
[ "$(ncomplete "$R/good.json")" -eq 3 ] && [ "$(ncomplete "$R/flaky.json")" -eq 3 ] || fail "resume: 3 trials each"
"$DUMP" "$R/good.json" | awk '$1 == "trial" { printf "%s ", $2 } END { print "" }' | grep -qx '1 2 3 ' ||
	fail "resume: good.json trial numbers"
[ "$(grep -c '"status":' "$R/sweep.json")" -eq 3 ] || fail "three sessions recorded"
sweep "$WORK/exp.ini" --out "$R"
expect_rc 0 "finished"
grep -q '^sweep: nothing to do' "$WORK/out" || fail "finished: message"

# A failure of another kind: killed by a signal.
printf '[config]\nlabel = crash\ncommand = sh -c %s\n' "'kill -SEGV \$\$'" >"$WORK/crash.ini"
sweep "$WORK/crash.ini" --out "$WORK/c" --trials 1
expect_rc 1 "crash"
grep -q '^sriovstat: error: sweep: crash, round 1: killed by SIGSEGV$' "$WORK/err" || { cat "$WORK/err" >&2; fail "crash message"; }
grep -q '"signal":"SIGSEGV"' "$WORK/c/sweep.json" || fail "crash: signal not recorded"

# Our benchmark's name on a program that writes no trial: exit 0 is not enough.
mkdir "$WORK/bin"
printf '#!/bin/sh\necho "I ignore $*"\n' >"$WORK/bin/p2p_lat"
chmod +x "$WORK/bin/p2p_lat"
printf '[config]\nlabel = fake\ncommand = %s -m 8\n' "$WORK/bin/p2p_lat" >"$WORK/fake.ini"
sweep "$WORK/fake.ini" --out "$WORK/f" --trials 1
expect_rc 1 "benchmark without a trial"
grep -q "^sriovstat: error: sweep: fake, round 1: exit status 0 but no new complete trial in $WORK/f/fake.json" "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "benchmark without a trial: message"; }
grep -q "^I ignore -m 8 --label fake --json $WORK/f/fake.json\$" "$WORK/f/fake.log" || fail "--label and --json not passed"

# --timeout: a trial that runs too long is stopped and fails...
printf '[config]\nlabel = slow\ncommand = sleep 60\n' >"$WORK/slow.ini"
sweep "$WORK/slow.ini" --out "$WORK/s" --trials 1 --timeout 1
expect_rc 1 "--timeout"
grep -q "^sriovstat: warning: sweep: slow: the trial did not end within --timeout 1 s: sending SIGTERM\$" "$WORK/err" &&
	grep -q '^sriovstat: error: sweep: slow, round 1: did not end within --timeout 1 s (killed by SIGTERM)$' "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "--timeout: messages"; }
grep -q '"timed_out":true' "$WORK/s/sweep.json" || fail "--timeout: not recorded"
# ... unless our benchmark wrote its trial before hanging (as MPI_Finalize can):
# this stand-in for coll_lat writes a trial with sriovstat import, then hangs.
# Like the real benchmarks it records the round the sweep passes in
# SRIOVSTAT_SWEEP_ROUND: the sweep counts only trials it recorded.
cat >"$WORK/bin/coll_lat" <<'SH'
#!/bin/sh
while [ $# -gt 0 ]; do
	case $1 in --label) label=$2; shift ;; --json) json=$2; shift ;; esac
	shift
done
[ -e "$json" ] && set -- --append
r=$SRIOVSTAT_SWEEP_ROUND
printf 'trial,size,iteration,latency_us,round\n1,8,1,1.5,%s\n1,8,2,1.75,%s\n' "$r" "$r" |
	"$SRIOVSTAT" import --label "$label" --benchmark coll_lat -o "$json" "$@" - || exit 1
exec sleep 60
SH
chmod +x "$WORK/bin/coll_lat"
printf '[config]\nlabel = hang\ncommand = %s\nenv = SRIOVSTAT=%s\n' "$WORK/bin/coll_lat" "$SRIOVSTAT" >"$WORK/hang.ini"
sweep "$WORK/hang.ini" --out "$WORK/h" --trials 2 --timeout 5 --no-summary
expect_rc 0 "benchmark hanging after its trial"
[ "$(grep -c "^sriovstat: warning: sweep: hang, round [12]: trial [12] was written, then the command hung until --timeout: the trial counts\$" "$WORK/err")" -eq 2 ] ||
	{ cat "$WORK/err" >&2; fail "hang after the trial: messages"; }
[ "$(ncomplete "$WORK/h/hang.json")" -eq 2 ] || fail "hang after the trial: 2 trials expected"

# Whatever a trial leaves running is stopped before the next one.
printf '[config]\nlabel = bg\ncommand = sh -c %s\n' "'sleep 300 & echo started'" >"$WORK/bg.ini"
sweep "$WORK/bg.ini" --out "$WORK/b" --trials 1 --no-summary
expect_rc 0 "background child"
grep -q "^sriovstat: warning: sweep: process [0-9]* (.*) outlived the trial of 'bg': stopping it\$" "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "stray process not reported"; }

# A trial that fails once is retried by the next run of the sweep, and every
# trial records its round once, so compare pairs the two labels by round: the
# retried trial takes the round it lacks (2), not the round whose slot it ran
# in (3).
printf '#!/bin/sh\nn=$(cat "%s/count" 2>/dev/null || echo 0)\necho $((n + 1)) >"%s/count"\n[ "$n" -ne 1 ]\n' \
	"$WORK" "$WORK" >"$WORK/bin/second-fails"
chmod +x "$WORK/bin/second-fails"
printf '[sweep]\ntrials = 3\nseed = 4\n[config]\nlabel = flaky\ncommand = %s\n[config]\nlabel = steady\ncommand = true\n' \
	"$WORK/bin/second-fails" >"$WORK/retry.ini"
sweep "$WORK/retry.ini" --out "$WORK/rt" --on-error continue --no-summary
expect_rc 1 "a trial failing once"
[ "$(ncomplete "$WORK/rt/flaky.json")" -eq 2 ] || fail "retry: 2 trials of flaky before the retry"
sweep "$WORK/retry.ini" --out "$WORK/rt" --no-summary
expect_rc 0 "the retry"
[ "$(ncomplete "$WORK/rt/flaky.json")" -eq 3 ] || fail "retry: 3 trials of flaky after it"
"$SRIOVSTAT" compare --force --format json "$WORK/rt/steady.json" "$WORK/rt/flaky.json" >"$WORK/cmp.json" ||
	fail "compare after the retry"
grep -q '"paired_by": "round"' "$WORK/cmp.json" && grep -q '"unpaired": 0' "$WORK/cmp.json" ||
	{ cat "$WORK/cmp.json" >&2; fail "retry: trials not paired by round"; }
exit 0
