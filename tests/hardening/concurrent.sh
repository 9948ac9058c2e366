#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# concurrent.sh: runs appending to one trial file at the same time all land.
# The append is a read-modify-rename under an advisory lock on FILE.lock
# (trial_file_append), so that no writer replaces the file with a version
# that lacks another's trial.
# - 16 `sriovstat import --append` at once, twice: 32 trials, numbered 1..32;
# - an append waits while another process holds FILE.lock (flock(1)), and
#   goes on when it is released;
# - two p2p_lat jobs (2 ranks each) writing the same file at once, 3 times:
#   6 trials, each whole.
. "$abs_top_srcdir/tests/hardening/lib.sh"

F="$TMP/c.json"
cd "$TMP" || exit 99
printf 'trial,size,iteration,latency_us\n' >one.csv
awk 'BEGIN { for (i = 1; i <= 500; i++) printf "1,8,%d,%d.%03d\n", i, 1 + i % 7, i % 1000 }' >>one.csv

# numbers FILE: the trial numbers in FILE, space-separated, sorted.
numbers() {
	"$DUMP" "$1" | awk '$1 == "trial" { print $2 }' | sort -n | tr '\n' ' ' | sed 's/ $//'
}

for round in 1 2; do
	pids=
	k=0
	while [ "$k" -lt 16 ]; do
		"$SRIOVSTAT" import --label c -o "$F" --append one.csv 2>>import.err &
		pids="$pids $!"
		k=$((k + 1))
	done
	bad=0
	for p in $pids; do
		wait "$p" || bad=$((bad + 1))
	done
	[ "$bad" -eq 0 ] || fail "round $round: $bad of 16 imports failed" "$(head -3 import.err)"
done
want=$(seq 1 32 | tr '\n' ' ' | sed 's/ $//')
got=$(numbers "$F")
if [ "$got" = "$want" ]; then
	pass "32 concurrent imports: trials 1 to 32, each once"
else
	fail "32 concurrent imports" "trial numbers: $got"
fi
# Every trial holds the 500 samples (none was cut or mixed with another).
if "$DUMP" "$F" | awk '$1 == "size" && ($2 != 8 || $8 != 500) { bad = 1 } END { exit bad }'; then
	pass "every imported trial whole"
else
	fail "imported trials whole"
fi

# The lock is honoured: an append waits while another holder has it.
if command -v flock >/dev/null 2>&1; then
	# The holder keeps the lock until told to let go, however slow the machine.
	flock "$F.lock" sh -c 'echo held >lock.state; n=0; until [ -e release ] || [ "$n" -gt 1200 ]; do sleep 0.05; n=$((n + 1)); done' &
	holder=$!
	t=0
	until [ -s lock.state ] || [ "$t" -gt 200 ]; do sleep 0.05; t=$((t + 1)); done
	"$SRIOVSTAT" import --label c -o "$F" --append one.csv &
	appender=$!
	sleep 1
	if kill -0 "$appender" 2>/dev/null && [ "$(numbers "$F" | wc -w)" -eq 32 ]; then
		pass "an append waits while FILE.lock is held"
	else
		fail "an append waits while FILE.lock is held" "it did not wait"
	fi
	: >release
	wait "$holder"
	if wait "$appender" && [ "$(numbers "$F" | wc -w)" -eq 33 ]; then
		pass "the waiting append completes once the lock is released"
	else
		fail "the waiting append completes once the lock is released"
	fi
else
	echo "# flock(1) not found: the lock-waiting check is left out"
fi

# Two benchmark jobs at once.
if command -v "$MPIEXEC" >/dev/null 2>&1 && mpirun_n 2 "$P2P" -m 8 -i 10 -x 1 --quiet >/dev/null 2>&1; then
	G="$TMP/p.json"
	for round in 1 2 3; do
		mpirun_n 2 "$P2P" -m 0:64 -i 200 -x 10 --label p --json "$G" --quiet >a.out 2>&1 &
		a=$!
		mpirun_n 2 "$P2P" -m 0:64 -i 200 -x 10 --label p --json "$G" --quiet >b.out 2>&1 &
		b=$!
		ra=0 rb=0
		wait "$a" || ra=$?
		wait "$b" || rb=$?
		[ "$ra" -eq 0 ] && [ "$rb" -eq 0 ] || fail "round $round: exits $ra and $rb" "$(tail -2 a.out b.out)"
	done
	got=$(numbers "$G")
	if [ "$got" = "1 2 3 4 5 6" ] &&
		"$DUMP" "$G" | awk '$1 == "trial" && $8 != 1 { bad = 1 } $1 == "size" { n++ } END { exit bad || n != 48 }'; then
		pass "two p2p_lat jobs at once, 3 times: 6 whole trials"
	else
		fail "two p2p_lat jobs at once" "trial numbers: $got"
	fi
else
	echo "# no MPI launcher or p2p_lat does not run: the benchmark part is left out"
fi
finish
