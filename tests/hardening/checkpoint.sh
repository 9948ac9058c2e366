#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# checkpoint.sh: no kill loses a size that finished (issue 18, finding 10:
# "a second signal or a process-group signal cannot lose sizes that
# finished"). The benchmarks write their --json trial as sizes finish (a
# checkpoint, before the size's row is printed: harness.h), so after
# 1. kill -9 of mpiexec, of rank 0 or of rank 1 in a multi-size run,
# 2. two SIGINTs to mpiexec 0.2 s apart (hydra then aborts the ranks),
# 3. `timeout -s INT` (the signal to the whole process group),
# every printed size is in the file, with all its samples, the sizes are a
# prefix of those asked, the trial reads as incomplete, and the trial
# before it is unchanged byte for byte. A normal run still leaves one
# complete trial without the mark; --no-checkpoint writes nothing until
# the end. No timing is asserted: kills come once the file holds 2 sizes.
. "$abs_top_srcdir/tests/hardening/lib.sh"

command -v "$MPIEXEC" >/dev/null 2>&1 || skip "no MPI launcher '$MPIEXEC'"
mpirun_n 2 "$P2P" -m 8 -i 10 -x 1 --quiet >/dev/null 2>&1 || skip "cannot run 2 ranks of p2p_lat"
[ "$LAUNCHER" = hydra ] || skip "follows MPICH hydra's ranks and signal forwarding"
command -v timeout >/dev/null 2>&1 || skip "no timeout"
cd "$TMP" || exit 99

ITERS=300000

# reap PID RANKS: wait for the job to end, then end ranks (their pids,
# taken before the kill) that outlived a killed mpiexec.
reap() {
	gone "$1" 60
	wait "$1" 2>/dev/null
	for r in $2; do
		t=0
		while kill -0 "$r" 2>/dev/null && [ "$t" -lt 50 ]; do
			sleep 0.1
			t=$((t + 1))
		done
		kill -KILL "$r" 2>/dev/null
	done
}

# sizes_of FILE N: the sizes of trial N, one line, blank-separated.
sizes_of() {
	"$DUMP" "$1" 2>/dev/null | awk -v n="$2" '$1 == "trial" { on = ($2 == n) } on && $1 == "size" { s = s " " $2 } END { print substr(s, 2) }'
}

# complete_of FILE N: trial N's complete (0 or 1), empty when absent.
complete_of() {
	"$DUMP" "$1" 2>/dev/null | awk -v n="$2" '$1 == "trial" && $2 == n { print $8 }'
}

# A first trial, whose bytes the runs after it must not change.
mpirun_n 2 "$P2P" -m 1:4 -i 100 -x 10 --label k --json base.json >base.out 2>&1
[ "$(complete_of base.json 1)" = 1 ] && [ "$(sizes_of base.json 1)" = "1 2 4" ] &&
	! grep -q '"checkpoint"' base.json
expect "a normal run: one complete trial, no checkpoint mark" $? "$(tail -2 base.out)"
keep=$(($(wc -c <base.json) - $(printf '\n  ],\n  "last_trial": 1\n}\n' | wc -c)))
"$DUMP" base.json | awk '$1 == "trial" { on = ($2 == 1) } on' >base.dump

# run_bg FILE OUT [OPTIONS]: start a long multi-size run in the background
# (mp: mpiexec's pid).
run_bg() {
	f=$1 o=$2
	shift 2
	cp base.json "$f"
	# shellcheck disable=SC2086
	"$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$P2P" -m 1:2K -i $ITERS -x 10 --label k --json "$f" "$@" \
		>"$o" 2>"$o.err" &
	mp=$!
}

# await_sizes FILE K: wait (up to 300 s) until trial 2 of FILE holds K sizes.
await_sizes() {
	t=0
	while [ "$t" -lt 1500 ]; do
		set -- "$1" "$2" $(sizes_of "$1" 2)
		[ $# -ge $(($2 + 2)) ] && return 0
		sleep 0.2
		t=$((t + 1))
	done
	return 1
}

# check WHAT FILE OUT ITERS: the kept trial 2 holds every printed size and only
# whole sizes of those asked, reads as incomplete, trial 1 unchanged.
check() {
	what=$1 f=$2 o=$3 it=$4
	got=$(sizes_of "$f" 2)
	printed=$(awk '/^[0-9]/ { s = s " " $1 } END { print substr(s, 2) }' "$o")
	asked="1 2 4 8 16 32 64 128 256 512 1024 2048"
	ns=$("$DUMP" "$f" 2>/dev/null | awk '$1 == "trial" { on = ($2 == 2) } on && $1 == "size" && $8 != '"$it"' { bad++ } END { print bad + 0 }')
	if [ -z "$got" ]; then
		fail "$what: no size kept" "printed: $printed" "$(tail -2 "$o.err")"
	elif [ "${printed:-x}" != x ] && [ "${got#"$printed"}" = "$got" ]; then
		fail "$what: a printed size is missing" "file: $got" "printed: $printed"
	elif [ "${asked#"$got"}" = "$asked" ]; then
		fail "$what: the sizes are not a prefix of those asked" "file: $got"
	elif [ "$ns" -ne 0 ]; then
		fail "$what: $ns sizes without all their $it samples"
	elif [ "$(complete_of "$f" 2)" != 0 ]; then
		fail "$what: the trial is not incomplete"
	elif ! cmp -s -n "$keep" base.json "$f" ||
		! "$DUMP" "$f" | awk '$1 == "trial" { on = ($2 == 1) } on' | cmp -s - base.dump; then
		fail "$what: trial 1 changed"
	elif ! "$SRIOVSTAT" summary "$f" >"$f.sum" 2>"$f.serr" ||
		! grep -q "trial 2 incomplete" "$f.serr"; then
		fail "$what: summary does not read it as incomplete" "$(cat "$f.serr")"
	else
		pass "$what: sizes $got kept (printed: ${printed:-none}), incomplete"
	fi
}

# 1. kill -9 of mpiexec, rank 0, rank 1, once the file holds 2 sizes.
for who in mpiexec 0 1; do
	run_bg "k$who.json" "k$who.out"
	if ! await_sizes "k$who.json" 2; then
		gone "$mp" 0
		fail "kill -9 of $who: the file never held 2 sizes" "$(tail -3 "k$who.out.err")"
		continue
	fi
	if [ "$who" = mpiexec ]; then
		victim=$mp
	else
		victim=$(rank_pid "$mp" "$who")
	fi
	ranks="$(rank_pid "$mp" 0) $(rank_pid "$mp" 1)"
	kill -KILL "$victim" 2>/dev/null
	reap "$mp" "$ranks"
	check "kill -9 of $who" "k$who.json" "k$who.out" $ITERS
	tr -d ' \n' <"k$who.json" | grep -q '"checkpoint":true'
	expect "kill -9 of $who: the trial keeps its checkpoint mark" $?
done

# 2. Two SIGINTs to mpiexec 0.2 s apart: hydra aborts the ranks.
run_bg i2.json i2.out
if await_sizes i2.json 2; then
	ranks="$(rank_pid "$mp" 0) $(rank_pid "$mp" 1)"
	kill -INT "$mp"
	sleep 0.2
	kill -INT "$mp" 2>/dev/null
	reap "$mp" "$ranks"
	check "two SIGINTs 0.2 s apart" i2.json i2.out $ITERS
else
	gone "$mp" 0
	fail "two SIGINTs: the file never held 2 sizes"
fi

# 3. Plain timeout -s INT: the signal to the process group. timeout sends
# the signal it gets to its group as it does when the time is up, so that
# the signal comes once the file holds 2 sizes, whatever the load.
cp base.json t.json
# shellcheck disable=SC2086
timeout -s INT 600 "$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$P2P" -m 1:2K -i $ITERS -x 10 --label k \
	--json t.json >t.out 2>t.out.err &
tp=$!
if await_sizes t.json 2; then
	mp=$(pgrep -P "$tp" | head -n 1)
	ranks="$(rank_pid "$mp" 0) $(rank_pid "$mp" 1)"
	kill -INT "$tp"
	reap "$tp" "$ranks"
	check "timeout -s INT (the process group)" t.json t.out $ITERS
else
	gone "$tp" 0
	fail "timeout -s INT: the file never held 2 sizes"
fi

# 4. --no-checkpoint: nothing is written until the end.
run_bg n.json n.out --no-checkpoint
t=0
until grep -q '^2 ' n.out 2>/dev/null || [ "$t" -gt 1500 ]; do
	sleep 0.2
	t=$((t + 1))
done
ranks="$(rank_pid "$mp" 0) $(rank_pid "$mp" 1)"
kill -KILL "$mp" 2>/dev/null
reap "$mp" "$ranks"
grep -q '^2 ' n.out && cmp -s base.json n.json
expect "--no-checkpoint: a kill after 2 sizes leaves the file as it was" $?

# 5. coll_lat checkpoints too and ends with one complete trial.
mpirun_n 2 "$COLL" --op allreduce -m 1:64 -i 50 -x 5 --label c --json c.json >c.out 2>&1 &&
	[ "$(complete_of c.json 1)" = 1 ] && [ "$(sizes_of c.json 1)" = "1 2 4 8 16 32 64" ] &&
	! grep -q '"checkpoint"' c.json
expect "coll_lat: one complete trial of 7 sizes, no mark" $? "$(tail -2 c.out)"

finish
