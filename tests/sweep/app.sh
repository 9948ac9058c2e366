#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# app.sh: commands that are not our benchmarks are timed as a whole, one
# sample per trial, recorded in the trial format; environment per
# configuration; no shell between the sweep and the command.
. "$abs_top_srcdir/tests/sweep/lib.sh"

cat >"$WORK/exp.ini" <<INI
[sweep]
seed = 5
trials = 3
env = SWEEP_COMMON=yes

[config]
label = sleep
command = sleep 0.01

[config]
label = true
command = true
benchmark = nothing

[config]
label = env
env = FOO=a b
env = EMPTY=
unset = HOME
command = sh -c 'test "\$FOO" = "a b" && test -z "\$EMPTY" && test "\${EMPTY+set}" = set && test -z "\${HOME+set}" && test "\$SWEEP_COMMON" = yes'

[config]
label = noshell
command = echo \$HOME '*' "a  b" ~
INI
R="$WORK/r"
sweep "$WORK/exp.ini" --out "$R"
expect_rc 0 "sweep of applications"
for l in sleep true env noshell; do
	[ "$(ncomplete "$R/$l.json")" -eq 3 ] || fail "$l.json: $(ncomplete "$R/$l.json") trials, expected 3"
done

# One wall-clock sample per trial at size 0; benchmark = the program's name
# (or "benchmark ="), no op.
"$DUMP" "$R/sleep.json" >"$WORK/d"
[ "$(grep -c '^trial [1-3] benchmark sleep op - complete 1 ' "$WORK/d")" -eq 3 ] || { cat "$WORK/d" >&2; fail "sleep trials"; }
[ "$(grep -c '^size 0 iterations 1 warmup 0 n 1 max_n 0 ' "$WORK/d")" -eq 3 ] || { cat "$WORK/d" >&2; fail "sleep sizes"; }
# sleep 0.01 cannot take less than 10 ms: the sample is the whole command's time.
awk '$1 == "size" && $12 < 10000 { print "sample of " $12 " us is less than sleep 0.01" > "/dev/stderr"; bad = 1 } END { exit bad }' "$WORK/d" ||
	fail "sleep samples"
"$DUMP" "$R/true.json" | grep -q '^trial 1 benchmark nothing op - ' || fail "benchmark = nothing"
"$DUMP" "$R/env.json" | grep -q '^trial 1 benchmark sh op - ' || fail "benchmark of sh -c"

# Recorded with the trial: command line, exit status, environment changes, the sweep's seed.
J="$R/env.json"
grep -q '"exit_status":0' "$J" || fail "exit_status not recorded"
grep -q '"FOO":"a b"' "$J" && grep -q '"HOME":null' "$J" && grep -q '"SWEEP_COMMON":"yes"' "$J" ||
	fail "environment changes not recorded"
grep -q '"seed":5' "$J" || fail "seed not recorded in the trial"
tr -d ' \n' <"$R/sleep.json" | grep -q '"command":\["sleep","0.01"\]' || fail "command not recorded"

# No shell: \$HOME, * and ~ reach echo as they are written.
grep -q '^\$HOME \* a  b ~$' "$R/noshell.log" || { cat "$R/noshell.log" >&2; fail "the command went through a shell"; }

# The summary covers the files, and the trials go through the statistics.
grep -q '^sleep' "$WORK/out" || { cat "$WORK/out" >&2; fail "summary"; }
"$SRIOVSTAT" summary "$R/sleep.json" "$R/true.json" >/dev/null || fail "summary of application trials"

# An application under a launcher is named after the application.
if command -v "$MPIEXEC" >/dev/null 2>&1; then
	cat >"$WORK/mpi.ini" <<INI
[config]
label = mpi
command = '$MPIEXEC' $MPIEXEC_FLAGS -n 1 true
INI
	sweep "$WORK/mpi.ini" --out "$WORK/m" --trials 1 --no-summary
	if [ "$RC" -eq 0 ]; then
		"$DUMP" "$WORK/m/mpi.json" | grep -q '^trial 1 benchmark true op - ' || fail "application under $MPIEXEC"
	else
		note "$MPIEXEC -n 1 true failed here; launcher naming not checked"
	fi
fi
exit 0
