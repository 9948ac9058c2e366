#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# signals.sh: benchmarks killed at random points leave their trial file as
# it was or with one new whole trial, never truncated or unparsable.
#
# ITER (default 30) runs of p2p_lat append to one file; each is hit, a
# random 0 to 0.5 s (seeded; SEED=N repeats a sequence) after its ranks are
# up, by in turn: SIGINT to mpiexec (what Ctrl-C does), SIGTERM to mpiexec,
# SIGINT to a rank, SIGTERM to a rank, two SIGINTs to mpiexec, SIGKILL to a
# rank (hydra forwards mpiexec's signals to every rank). After each:
# the file parses (trialdump); the earlier trials are byte for byte what they
# were (the old file minus its closing lines is a prefix of the new one, and
# `sriovstat export` of the old file is a prefix of the new export); at most
# one trial was added, holding a prefix of the sizes asked, marked incomplete
# exactly when sizes are missing; a rank signalled directly made the job
# exit 130/143 (hydra's own exit status after it was signalled varies: 0,
# 130, 143, 255 when forced; not checked); a SIGKILLed rank leaves an
# incomplete trial only as a checkpoint (the sizes finished, written as they
# finished, every size when the kill came just before the final write; a
# kill inside a checkpoint's write may leave its journal: the
# file then reads as the old one plus the previous checkpoint). Then deterministic cases: SIGINT once the first size is
# printed gives an incomplete trial that `sriovstat summary` and `compare`
# name; with SRIOVSTAT_INCOMPLETE=drop nothing is written.
# ITER=100 make check TESTS=tests/hardening/signals.sh for a longer run.
. "$abs_top_srcdir/tests/hardening/lib.sh"

command -v "$MPIEXEC" >/dev/null 2>&1 || skip "no MPI launcher '$MPIEXEC'"
mpirun_n 2 "$P2P" -m 8 -i 10 -x 1 --quiet >/dev/null 2>&1 || skip "cannot run 2 ranks of p2p_lat"
[ "$LAUNCHER" = hydra ] ||
	skip "these checks follow MPICH hydra's forwarding of signals to the ranks and its exit statuses; Open MPI's mpirun differs"

F="$TMP/sig.json"
ITER=${ITER:-30}
SEED=${SEED:-$$}
SIZES="0 1 2 4 8 16 32 64"
ARGS="-m 0:64 -i 200 -x 10000 --label sig --json $F --quiet"
echo "# SEED=$SEED ITER=$ITER"

# Wait up to 120 s for pid $1 to end; its exit status. After 120 s: kill
# it and set hung=1.
wait_job() {
	t=0
	hung=0
	while kill -0 "$1" 2>/dev/null; do
		t=$((t + 1))
		if [ "$t" -gt 1200 ]; then
			hung=1
			pkill -KILL -P "$1" 2>/dev/null
			kill -KILL "$1" 2>/dev/null
			break
		fi
		sleep 0.1
	done
	wait "$1"
}

# Two whole trials to start from.
# shellcheck disable=SC2086
mpirun_n 2 "$P2P" $ARGS >/dev/null && mpirun_n 2 "$P2P" $ARGS >/dev/null || fail "first runs"

added=0 incomplete=0 unchanged=0 journals=0
i=0
while [ "$i" -lt "$ITER" ]; do
	i=$((i + 1))
	cp "$F" "$TMP/old.json"
	"$DUMP" "$TMP/old.json" >"$TMP/old.dump" || { fail "iteration $i: the old file does not parse"; break; }
	# (export adds a "complete" column once a trial is incomplete: compare without it)
	"$SRIOVSTAT" export "$TMP/old.json" 2>/dev/null | sed -E '1s/,complete$//; s/,(true|false)$//' >"$TMP/old.csv"
	delay=$(awk -v s="$SEED" -v i="$i" 'BEGIN { srand(s * 1000 + i); printf "%.3f", rand() * 0.5 }')
	mode=$(( (i - 1) % 6 ))
	rm -f "$TMP/out"
	# shellcheck disable=SC2086
	"$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$P2P" $ARGS >"$TMP/out" 2>"$TMP/err" &
	mp=$!
	# Signals for mpiexec wait until the ranks are past MPI_Init (the header
	# is printed): hydra 4.0 interrupted while it wires the ranks up leaves
	# them waiting in MPI_Init for ever, and no program can help that.
	# Signals for a rank wait until the rank exists.
	t=0
	case $mode in
	0|1|4) until grep -q '^# Size' "$TMP/out" 2>/dev/null || [ "$t" -gt 600 ]; do sleep 0.1; t=$((t + 1)); done ;;
	*) until [ -n "$(rank_pid "$mp" $((i % 2)))" ] || [ "$t" -gt 600 ]; do sleep 0.05; t=$((t + 1)); done ;;
	esac
	sleep "$delay"
	case $mode in
	0) what="SIGINT to mpiexec"; kill -INT "$mp" 2>/dev/null ;;
	1) what="SIGTERM to mpiexec"; kill -TERM "$mp" 2>/dev/null ;;
	2|3)
		sig=INT; [ "$mode" -eq 3 ] && sig=TERM
		r=$(( i % 2 ))
		what="SIG$sig to rank $r"
		kill -"$sig" "$(rank_pid "$mp" "$r")" 2>/dev/null ;;
	4) what="SIGINT twice to mpiexec"; kill -INT "$mp" 2>/dev/null; sleep 0.05; kill -INT "$mp" 2>/dev/null ;;
	5)
		r=$(( i % 2 ))
		what="SIGKILL to rank $r"
		kill -KILL "$(rank_pid "$mp" "$r")" 2>/dev/null ;;
	esac
	rc=0
	wait_job "$mp" || rc=$?
	tag="iteration $i ($what after ${delay}s, exit $rc)"
	if [ "$hung" -eq 1 ]; then
		fail "$tag: the run did not end within 120 s" "$(tail -3 "$TMP/err")"
		continue
	fi
	# Leftover ranks of a killed job would go on writing: wait for them.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		pgrep -f "$F" >/dev/null 2>&1 || break
		sleep 0.5
	done
	# A kill inside an in-place append (doc/format.md, "Writing and
	# appending") can leave its undo journal: until it is rolled back,
	# sriovstat's readers must see the old file, and the documented repair
	# (`sriovstat upgrade`, or the next append) must put the old bytes back.
	# A kill inside a checkpoint's replace (the trial written as sizes
	# finish) leaves the previous checkpoint: the old file and one
	# incomplete trial.
	if [ -e "$F.journal" ]; then
		journals=$((journals + 1))
		if ! "$DUMP" "$F" >"$TMP/new.dump" 2>"$TMP/dumperr" ||
			! head -n "$(wc -l <"$TMP/old.dump")" "$TMP/new.dump" | cmp -s - "$TMP/old.dump" ||
			{ ! cmp -s "$TMP/new.dump" "$TMP/old.dump" &&
				[ "$(awk '$1 == "trial" { c = $8 } END { print c }' "$TMP/new.dump")" != 0 ]; }; then
			fail "$tag: with the journal left, the file does not read as the old one (or it and a checkpoint)" "$(cat "$TMP/dumperr")"
			cp "$TMP/old.json" "$F"; rm -f "$F.journal"
			continue
		fi
		if ! "$SRIOVSTAT" upgrade "$F" >/dev/null 2>"$TMP/uperr" || [ -e "$F.journal" ]; then
			fail "$tag: sriovstat upgrade does not roll the journal back" "$(cat "$TMP/uperr")"
			cp "$TMP/old.json" "$F"; rm -f "$F.journal"
			continue
		fi
	fi
	if ! "$DUMP" "$F" >"$TMP/new.dump" 2>"$TMP/dumperr"; then
		fail "$tag: the file does not parse" "$(cat "$TMP/dumperr")"
		cp "$TMP/old.json" "$F"
		continue
	fi
	# The earlier trials: everything before the line closing "trials" (the
	# tail an append rewrites: "]" and, in version 2, "last_trial").
	n=$(($(grep -b '^  \]' "$TMP/old.json" | tail -1 | cut -d: -f1) - 1))
	if ! cmp -s "$TMP/old.json" "$F" && ! cmp -s -n "$n" "$TMP/old.json" "$F"; then
		fail "$tag: the earlier trials changed (JSON text)"
		cp "$TMP/old.json" "$F"
		continue
	fi
	"$SRIOVSTAT" export "$F" 2>/dev/null | sed -E '1s/,complete$//; s/,(true|false)$//' >"$TMP/new.csv"
	if ! head -n "$(wc -l <"$TMP/old.csv")" "$TMP/new.csv" | cmp -s - "$TMP/old.csv"; then
		fail "$tag: the earlier trials' samples changed" \
			"$(head -n "$(wc -l <"$TMP/old.csv")" "$TMP/new.csv" | diff "$TMP/old.csv" - | head -n 4)"
		continue
	fi
	if cmp -s "$TMP/old.json" "$F"; then
		unchanged=$((unchanged + 1))
		pass "$tag: file unchanged"
		continue
	fi
	# One trial more: its lines follow the old dump.
	old_trials=$(grep -c '^trial ' "$TMP/old.dump")
	new_trials=$(grep -c '^trial ' "$TMP/new.dump")
	if [ "$new_trials" -ne $((old_trials + 1)) ]; then
		fail "$tag: $old_trials trials before, $new_trials after"
		continue
	fi
	last=$(awk '$1 == "trial" { t = $0; s = "" } $1 == "size" { s = s " " $2 } END { print t; print s }' "$TMP/new.dump")
	complete=$(echo "$last" | head -1 | awk '{ print $8 }')
	got=$(echo "$last" | tail -1 | sed 's/^ //')
	case "$SIZES " in
	"$got "*) ;;
	*) fail "$tag: sizes '$got' are not a prefix of '$SIZES'"; continue ;;
	esac
	# (trialdump ends a trial's line with "checkpoint 1" when it is one)
	ckpt=0
	case $(echo "$last" | head -1) in *" checkpoint 1") ckpt=1 ;; esac
	# A SIGKILL between the checkpoint of the last size and the final write
	# leaves that checkpoint: every size, incomplete (nothing can run after
	# a SIGKILL to finish it). A signal the ranks handle must not.
	if [ "$ckpt" -eq 1 ] && [ "$complete" -ne 0 ]; then
		fail "$tag: a checkpoint marked complete"
	elif [ "$got" = "$SIZES" ] && [ "$complete" -ne 1 ] && [ "$mode" -ne 5 ]; then
		fail "$tag: every size done but the trial is marked incomplete"
	elif [ "$got" != "$SIZES" ] && [ "$complete" -ne 0 ]; then
		fail "$tag: sizes '$got' only, but the trial is marked complete"
	elif [ "$complete" -eq 0 ] && { [ "$mode" -eq 2 ] || [ "$mode" -eq 3 ]; } &&
		[ "$rc" -ne 130 ] && [ "$rc" -ne 143 ]; then
		fail "$tag: an incomplete trial, but exit $rc (expected 130 or 143)"
	elif [ "$complete" -eq 0 ] && [ "$mode" -eq 5 ] && [ "$ckpt" -ne 1 ]; then
		fail "$tag: a killed rank left an incomplete trial that is not a checkpoint"
	else
		added=$((added + 1))
		[ "$complete" -eq 0 ] && incomplete=$((incomplete + 1))
		pass "$tag: one whole trial added (complete $complete, sizes $got)"
	fi
done
echo "# $unchanged unchanged, $added added of which $incomplete incomplete; $journals rolled back from a journal"
ls "$TMP" | grep -q 'sig\.json\.tmp\.' && echo "# note: temporary files of interrupted writes remain: $(ls "$TMP" | grep tmp)"

# Deterministic: SIGINT once the first row is printed (more sizes to come).
cp "$F" "$TMP/old.json"
rm -f "$TMP/out"
# shellcheck disable=SC2086
"$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$P2P" -m 0:64 -i 200 -x 50000 --label sig --json "$F" >"$TMP/out" 2>"$TMP/err" &
mp=$!
t=0
until grep -q '^0 ' "$TMP/out" 2>/dev/null || [ "$t" -gt 600 ]; do
	sleep 0.1
	t=$((t + 1))
done
kill -INT "$mp"
rc=0
wait_job "$mp" || rc=$?
num=$("$DUMP" "$F" | awk '$1 == "trial" { n = $2; c = $8 } END { print n, c }')
if [ "${num#* }" = 0 ] && grep -q '^# interrupted by SIGINT after [0-9]* of 8 sizes$' "$TMP/out" &&
	grep -q "^# trial ${num% *} of label \"sig\" written to .* (incomplete)$" "$TMP/out"; then
	pass "SIGINT after the first size: trial ${num% *} written as incomplete (mpiexec exit $rc)"
else
	fail "SIGINT after the first size: exit $rc, last trial and complete: $num" "$(tail -3 "$TMP/out")"
fi
sizes=$("$DUMP" "$F" | awk -v n="${num% *}" '$1 == "trial" { c = $2 } $1 == "size" && c == n { printf "%s%s", sep, $2; sep = ", " }')
"$SRIOVSTAT" summary "$F" >/dev/null 2>"$TMP/err"
case $sizes in *,*) want="sriovstat: warning: $F: trial ${num% *} incomplete (interrupted by SIGINT): sizes $sizes" ;; *) want="sriovstat: warning: $F: trial ${num% *} incomplete (interrupted by SIGINT): size $sizes" ;; esac
if grep -qxF "$want" "$TMP/err"; then
	pass "sriovstat summary names the incomplete trial and its sizes"
else
	fail "sriovstat summary names the incomplete trial" "expected: $want" "got: $(cat "$TMP/err")"
fi
"$SRIOVSTAT" compare "$F" "$F" >/dev/null 2>"$TMP/err"
if grep -qxF "$want" "$TMP/err"; then
	pass "sriovstat compare names it too"
else
	fail "sriovstat compare names the incomplete trial" "got: $(head -3 "$TMP/err")"
fi
# SRIOVSTAT_INCOMPLETE=drop: the same interruption writes nothing.
cp "$F" "$TMP/old.json"
rm -f "$TMP/out"
# shellcheck disable=SC2086
SRIOVSTAT_INCOMPLETE=drop "$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$P2P" -m 0:64 -i 200 -x 50000 --label sig --json "$F" >"$TMP/out" 2>"$TMP/err" &
mp=$!
t=0
until grep -q '^0 ' "$TMP/out" 2>/dev/null || [ "$t" -gt 600 ]; do
	sleep 0.1
	t=$((t + 1))
done
kill -TERM "$(rank_pid "$mp" 1)"
rc=0
wait_job "$mp" || rc=$?
if [ "$rc" -eq 143 ] && cmp -s "$TMP/old.json" "$F" && grep -q '^# SRIOVSTAT_INCOMPLETE=drop' "$TMP/out"; then
	pass "SRIOVSTAT_INCOMPLETE=drop: SIGTERM to rank 1, exit 143, nothing written"
else
	fail "SRIOVSTAT_INCOMPLETE=drop: exit $rc" "$(tail -3 "$TMP/out")"
fi
finish
