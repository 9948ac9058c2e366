#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# recover.sh: a sweep owns what it runs and counts only what it recorded
# (issue 18, findings 2, 3 and the sweep parts of 11; refusing trial
# files the sweep did not write is not done: tests/sweep/fail.sh's
# stand-in benchmarks record no sweep round).
# - kill -9 of the sweep: its running trial gets SIGTERM (PR_SET_PDEATHSIG),
#   nothing outlives it; the resume marks that session "died";
# - deleting sweep.json does not start a new seed over recorded rounds;
# - a damaged sweep.json is named as damaged JSON;
# - "/bin/echo p2p_lat" runs echo, not our benchmark.
. "$abs_top_srcdir/tests/sweep/lib.sh"
cd "$WORK" || exit 99

# 1. kill -9 of the sweep leaves no trial running; the resume says the
# session died.
cat >slow.ini <<'X'
[sweep]
trials = 1
seed = 7
[config]
label = a
command = sh -c 'if [ -e go ]; then exit 0; fi; exec sleep 300'
X
"$SRIOVSTAT" sweep -o out1 --no-summary slow.ini >out1.txt 2>err1.txt &
sp=$!
wait_for out1/sweep.json running 30 || fail "the sweep did not start"
kid=
i=0
while [ -z "$kid" ] && [ "$i" -lt 100 ]; do
	kid=$(pgrep -P "$sp" -x sleep | head -1)
	i=$((i + 1))
	sleep 0.1
done
[ -n "$kid" ] || fail "no running trial under the sweep"
kill -KILL "$sp"
wait "$sp" 2>/dev/null
i=0
while kill -0 "$kid" 2>/dev/null; do
	i=$((i + 1))
	if [ "$i" -gt 100 ]; then
		kill -KILL "$kid"
		fail "the trial (pid $kid) outlived the SIGKILLed sweep by 10 s"
	fi
	sleep 0.1
done
note "the trial died with the sweep"
touch go
sweep -o out1 --no-summary slow.ini
expect_rc 0 "the resume"
grep -q '"died"' out1/sweep.json || fail "the dead session is not marked died"
grep -q "ended without closing its record" "$WORK/err" || fail "the resume does not say a session died"
[ "$(ncomplete out1/a.json)" -eq 1 ] || fail "the resume did not run the round once"
note "the resume marks the dead session and runs the round once"

# 3. sweep.json deleted: no new seed over recorded rounds.
cat >two.ini <<'X'
[sweep]
trials = 2
[config]
label = b
command = true
X
sweep -o out3 --no-summary --trials 1 two.ini
expect_rc 0 "first round"
rm out3/sweep.json
sweep -o out3 --no-summary two.ini
expect_rc 1 "resume without sweep.json"
grep -q "record .* is missing" "$WORK/err" || fail "no clear error without sweep.json: $(cat "$WORK/err")"
note "a missing sweep.json is an error, not a new seed"

# 4. A damaged sweep.json.
sweep -o out4 --no-summary --trials 1 --seed 3 two.ini
expect_rc 0 "a sweep to damage"
printf '{"format": "sriovstat-sweep", "seed": 3,' >out4/sweep.json
sweep -o out4 --no-summary --seed 3 two.ini
expect_rc 1 "a damaged sweep.json"
grep -q "not valid JSON" "$WORK/err" || fail "damaged sweep.json: $(cat "$WORK/err")"
note "a damaged sweep.json is named as such"

# 5. /bin/echo p2p_lat is an application.
cat >echo.ini <<'X'
[sweep]
trials = 1
seed = 2
[config]
label = e
command = /bin/echo p2p_lat
X
sweep -o out5 --no-summary echo.ini
expect_rc 0 "echo p2p_lat"
grep -q -- "--json" out5/e.log && fail "--label/--json were appended to /bin/echo"
"$DUMP" out5/e.json | grep -q "benchmark echo" || fail "the trial is not echo's: $("$DUMP" out5/e.json | head -2)"
note "/bin/echo p2p_lat runs echo"
echo "PASS"
