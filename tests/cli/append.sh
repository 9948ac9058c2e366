#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# append.sh: the in-place append of version-2 trial files survives a crash
# at every write and fsync (fault injection: SRIOVSTAT_FAULT_AT=N kills or
# fails the N-th I/O call of the append path), serializes concurrent
# appenders without readers ever seeing half a trial, and `sriovstat
# upgrade` converts version 1 in place with every trial unchanged.
. "$abs_top_srcdir/tests/cli/lib.sh"

APP="$abs_top_builddir/tests/tools/append_trial"
[ -x "$APP" ] || { echo "append_trial not built"; exit 99; }
W="$TMP/w.json"

# A file of 3 trials, and what one more append (and two more) makes of it.
for i in 1 2 3; do "$APP" "$TMP/ref.json" L 200 3 || exit 99; done
cp "$TMP/ref.json" "$TMP/new.json" && "$APP" "$TMP/new.json" L 200 3 || exit 99
cp "$TMP/new.json" "$TMP/new5.json" && "$APP" "$TMP/new5.json" L 200 3 || exit 99
"$APP" --dump "$TMP/ref.json" > "$TMP/ref.dump" || exit 99
"$APP" --dump "$TMP/new.json" > "$TMP/new.dump" || exit 99
# Bytes before the tail (the earlier trials) must never change.
keep=$(( $(wc -c < "$TMP/ref.json") - $(printf '\n  ],\n  "last_trial": 3\n}\n' | wc -c) ))
cmp -s -n "$keep" "$TMP/ref.json" "$TMP/new.json"
expect "append leaves the earlier trials byte for byte" $?

# crash_at MODE N: append with fault N; prints the exit status.
crash_at() {
	rm -f "$W" "$W.journal"
	cp "$TMP/ref.json" "$W"
	rc=0
	SRIOVSTAT_FAULT_AT=$2 SRIOVSTAT_FAULT_MODE=$1 "$APP" "$W" L 200 3 \
		> /dev/null 2> "$TMP/err" || rc=$?
	echo "$rc"
}

# check_after MODE N RC: the file reads as the old or the new one, the
# earlier trials are intact, and the next append repairs and lands.
check_after() {
	what="$1 at I/O call $2 (exit $3)"
	"$APP" --dump "$W" > "$TMP/w.dump" 2> "$TMP/dump.err"
	if ! { cmp -s "$TMP/w.dump" "$TMP/ref.dump" || cmp -s "$TMP/w.dump" "$TMP/new.dump"; }; then
		fail "$what: reads as the old or the new file" "$(cat "$TMP/dump.err")"
		return
	fi
	if ! cmp -s -n "$keep" "$TMP/ref.json" "$W"; then
		fail "$what: earlier trials byte for byte"
		return
	fi
	if [ "$1" = fail ] && [ "$3" -ne 0 ] && ! cmp -s "$W" "$TMP/ref.json"; then
		fail "$what: a failed append leaves the old file" "$(cat "$TMP/err")"
		return
	fi
	"$APP" "$W" L 200 3 2> "$TMP/err2" || { fail "$what: next append" "$(cat "$TMP/err2")"; return; }
	if [ -e "$W.journal" ]; then
		fail "$what: the next append removes the journal"
		return
	fi
	if cmp -s "$W" "$TMP/new.json" || cmp -s "$W" "$TMP/new5.json"; then
		pass "$what"
	else
		fail "$what: after the next append the file is the old one plus it (or the new one plus it)"
	fi
}

# Count the I/O calls of a whole append: the first N that does not kill.
points=0
n=1
while [ $n -lt 100 ]; do
	rc=$(crash_at kill $n)
	[ "$rc" -eq 0 ] && break
	check_after kill $n "$rc"
	n=$((n + 1))
done
points=$((n - 1))
[ "$points" -ge 8 ]
expect "the append path has its I/O calls counted ($points)" $? \
	"expected at least 8 (journal write, fsyncs, data write, unlink)"
cmp -s "$W" "$TMP/new.json"
expect "an append with no fault firing makes the new file" $?

for mode in torn fail; do
	n=1
	while [ $n -le "$points" ]; do
		rc=$(crash_at $mode $n)
		check_after $mode $n "$rc"
		n=$((n + 1))
	done
done

# A stale journal of another file, and a journal cut short, are ignored.
cp "$TMP/ref.json" "$W" && rm -f "$W.journal"
printf 'sriovstat-journal 1 1 2 3 0 3 0\nabc' > "$W.journal"
"$APP" --dump "$W" > "$TMP/w.dump" && cmp -s "$TMP/w.dump" "$TMP/ref.dump"
expect "a journal cut short is ignored by readers" $?
"$APP" "$W" L 200 3 && cmp -s "$W" "$TMP/new.json" && [ ! -e "$W.journal" ]
expect "a journal cut short is removed by the next append" $?

# Concurrent appenders (4 x 5) and a reader that must never fail.
cp "$TMP/ref.json" "$W" && rm -f "$W.journal"
pids=
for a in 1 2 3 4; do
	( for k in 1 2 3 4 5; do "$APP" "$W" L 2000 3 $a || exit 1; done ) &
	pids="$pids $!"
done
bad=0
reads=0
while kill -0 $pids 2> /dev/null; do
	"$APP" --dump "$W" > /dev/null 2> "$TMP/rerr" || { bad=1; break; }
	reads=$((reads + 1))
done
st=0
for p in $pids; do wait "$p" || st=1; done
[ $bad -eq 0 ]
expect "a reader never sees half a trial ($reads reads during 20 appends)" $? "$(cat "$TMP/rerr")"
[ $st -eq 0 ] && [ "$("$APP" --dump "$W" | grep -c '"trial":')" -eq 23 ]
expect "20 concurrent appends all land" $?
"$APP" --dump "$W" | sed -n 's/^{"trial":\([0-9]*\),.*/\1/p' | sort -n | uniq | wc -l | grep -qx 23
expect "concurrent appends take distinct numbers" $?
if command -v python3 > /dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["last_trial"] == 23' "$W"
	expect "the file stays plain JSON (python3 json.load)" $?
fi

# Version 1: read unchanged, appended to by a rewrite, upgraded in place.
cp native.json "$TMP/v1.json"
grep -q '"version": *1' "$TMP/v1.json"
expect "the fixture is version 1" $?
"$APP" --dump "$TMP/v1.json" > "$TMP/v1.dump"
chmod 640 "$TMP/v1.json"
ln -s v1.json "$TMP/link.json"
"$SRIOVSTAT" upgrade "$TMP/link.json" > "$TMP/up.out" 2>&1
expect "upgrade exits 0" $? "$(cat "$TMP/up.out")"
grep -q '"version": *2' "$TMP/v1.json"
expect "upgrade writes version 2" $?
"$APP" --dump "$TMP/v1.json" | cmp -s - "$TMP/v1.dump"
expect "upgrade keeps every trial as it was (fingerprints expanded back)" $?
[ -L "$TMP/link.json" ] && [ "$(stat -c %a "$TMP/v1.json")" = 640 ]
expect "upgrade writes through a symlink and keeps the mode" $? "$(ls -l "$TMP")"
"$SRIOVSTAT" upgrade "$TMP/v1.json" > "$TMP/up2.out" 2>&1 && grep -q "already" "$TMP/up2.out"
expect "upgrade of a version-2 file says so and changes nothing" $? "$(cat "$TMP/up2.out")"
"$SRIOVSTAT" upgrade "$TMP/missing.json" 2> "$TMP/up3.err"
[ $? -eq 1 ] && grep -q "missing.json" "$TMP/up3.err"
expect "upgrade of a missing file fails naming it" $?

finish
