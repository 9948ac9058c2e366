#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# recover.sh: a sweep owns what it runs and counts only what it recorded
# (issue 18, findings 2, 3 and the sweep parts of 11).
# - kill -9 of the sweep: its running trial gets SIGTERM (PR_SET_PDEATHSIG),
#   nothing outlives it; the resume marks that session "died";
# - a trial file the sweep did not write (no sweep round, another
#   benchmark) is refused with a clear error, never counted as done;
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

# 2. A foreign trial file is refused, not counted.
printf 'trial,size,iteration,latency_us\n1,8,1,1.5\n2,8,1,1.5\n3,8,1,1.5\n' >a.csv
mkdir out2
"$SRIOVSTAT" import -l a -o out2/a.json a.csv
cat >true.ini <<'X'
[sweep]
trials = 3
seed = 1
[config]
label = a
command = true
X
sweep -o out2 --no-summary true.ini
expect_rc 1 "a foreign a.json"
grep -q "^sriovstat: error: .*out2/a.json: trial 1 records no sweep round (benchmark csv; configuration 'a' runs true): the sweep counts only trials it recorded; move the file away or use another --out\$" "$WORK/err" ||
	fail "no clear error for a foreign file: $(cat "$WORK/err")"
[ "$(ncomplete out2/a.json)" -eq 3 ] || fail "the foreign file changed"
# With rounds, but of another benchmark (what an export of p2p_lat trials
# re-imported holds).
printf 'trial,size,iteration,latency_us,round,benchmark\n1,8,1,1.5,1,p2p_lat\n' >b.csv
mkdir out2b
"$SRIOVSTAT" import -l a -o out2b/a.json b.csv
sweep -o out2b --no-summary true.ini
expect_rc 1 "a trial file of another benchmark"
grep -q "out2b/a.json: trial 1 is of another benchmark (benchmark p2p_lat; configuration 'a' runs true)" "$WORK/err" ||
	fail "another benchmark: $(cat "$WORK/err")"
# The same label and program, another command: not this plan's trials
# (with sweep.json, the sweep refuses another experiment; without it, the
# trials' recorded command tells).
sweep -o out2c --no-summary --trials 1 true.ini
expect_rc 0 "one round of true"
sed 's/^command = true$/command = true --other/' true.ini >other.ini
rm out2c/sweep.json
sweep -o out2c --no-summary --seed 1 other.ini
expect_rc 1 "a trial file of another command"
grep -q "out2c/a.json: trial 1 ran another command" "$WORK/err" || fail "another command: $(cat "$WORK/err")"
[ "$(ncomplete out2c/a.json)" -eq 1 ] || fail "a trial ran after the refusal"
note "a foreign trial file is refused (no round, other benchmark, other command)"

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
