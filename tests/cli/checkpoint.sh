#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# checkpoint.sh: a trial written as it grows (stats/trialckpt.c) survives a
# crash at every write and fsync of its replace (SRIOVSTAT_FAULT_AT=N kills,
# tears or fails the N-th I/O call of the last write): the file reads as
# the previous checkpoint or the new one, the other trials byte for byte,
# and the next append repairs it. A trial another run appended after ours
# stays where it is, whole; a version-1 file stays version 1.
. "$abs_top_srcdir/tests/cli/lib.sh"

APP="$abs_top_builddir/tests/tools/append_trial"
[ -x "$APP" ] || { echo "append_trial not built"; exit 99; }
W="$TMP/w.json"

for i in 1 2 3; do "$APP" "$TMP/base.json" L 200 3 || exit 99; done
keep=$(( $(wc -c < "$TMP/base.json") - $(printf '\n  ],\n  "last_trial": 3\n}\n' | wc -c) ))
"$APP" --dump "$TMP/base.json" > "$TMP/base.dump" || exit 99

# ref NAME STEPS MODE: the file after STEPS checkpoints (and the final write).
ref() {
	cp "$TMP/base.json" "$TMP/$1.json"
	"$APP" --checkpoint "$TMP/$1.json" L "$2" "$3" > /dev/null || exit 99
	"$APP" --dump "$TMP/$1.json" > "$TMP/$1.dump" || exit 99
}
ref c2 2 ckpt
ref c3 3 ckpt
ref f3 3 final
tail -n 1 "$TMP/f3.dump" | sed 's/^{"trial":[0-9]*,/{/' > "$TMP/f3.last"

head -n 4 "$TMP/c3.dump" | cmp -s - "$TMP/base.dump" &&
	tail -n 1 "$TMP/c3.dump" | grep -q '"trial":4,.*"complete":false,.*"checkpoint":true' &&
	[ "$(tail -n 1 "$TMP/c3.dump" | grep -o '"size":' | wc -l)" -eq 3 ]
expect "a checkpoint is trial 4: incomplete, marked, its 3 sizes" $? "$(tail -n 1 "$TMP/c3.dump" | cut -c1-200)"
tail -n 1 "$TMP/f3.dump" | grep -q '"trial":4,.*"complete":true' &&
	! grep -q checkpoint "$TMP/f3.json"
expect "the final write leaves a complete trial without the mark" $?
cmp -s -n "$keep" "$TMP/base.json" "$TMP/f3.json"
expect "checkpoints leave the earlier trials byte for byte" $?
"$SRIOVSTAT" summary "$TMP/f3.json" > "$TMP/f3.sum" 2> "$TMP/f3.err" && [ ! -s "$TMP/f3.err" ]
expect "a finished trial reads without a warning" $? "$(cat "$TMP/f3.err")"
"$SRIOVSTAT" summary "$TMP/c3.json" > /dev/null 2> "$TMP/c3.err"
grep -q 'trial 4 incomplete (a checkpoint: the run was still going or was killed): sizes 1, 8, 64' "$TMP/c3.err"
expect "a checkpoint reads as incomplete, and says why" $? "$(cat "$TMP/c3.err")"

# crash MODE N STEPS FINAL: the last write of a run of checkpoints, with
# fault N; then check the file reads as OLD or NEW, and repairs.
crash() {
	mode=$1 n=$2 old=$3 new=$4
	shift 4
	rm -f "$W" "$W.journal"
	cp "$TMP/base.json" "$W"
	rc=0
	SRIOVSTAT_FAULT_AT=$n SRIOVSTAT_FAULT_MODE=$mode "$APP" --checkpoint "$W" L "$@" \
		> /dev/null 2> "$TMP/err" || rc=$?
	what="$* $mode at I/O call $n (exit $rc)"
	"$APP" --dump "$W" > "$TMP/w.dump" 2> "$TMP/dump.err"
	if ! { cmp -s "$TMP/w.dump" "$TMP/$old.dump" || cmp -s "$TMP/w.dump" "$TMP/$new.dump"; }; then
		fail "$what: reads as the old or the new checkpoint" "$(cat "$TMP/dump.err")"
	elif ! cmp -s -n "$keep" "$TMP/base.json" "$W"; then
		fail "$what: earlier trials byte for byte"
	elif [ "$mode" = fail ] && [ "$rc" -ne 0 ] && ! cmp -s "$TMP/w.dump" "$TMP/$old.dump"; then
		fail "$what: a failed write leaves the old checkpoint" "$(cat "$TMP/err")"
	elif ! "$APP" "$W" L 200 3 2> "$TMP/err2" || [ -e "$W.journal" ]; then
		fail "$what: the next append repairs the file" "$(cat "$TMP/err2")"
	elif [ "$("$APP" --dump "$W" | wc -l)" -ne 6 ]; then
		fail "$what: after the next append the file holds 5 trials"
	else
		pass "$what"
	fi
	[ "$rc" -ne 0 ]
}

# Every I/O call of a replace (a checkpoint) and of the final write, killed,
# torn and failed.
for last in "3 ckpt c2 c3" "3 final c3 f3"; do
	set -- $last
	steps=$1 fin=$2 old=$3 new=$4
	points=0
	n=1
	while [ $n -lt 40 ] && crash kill $n "$old" "$new" "$steps" "$fin"; do
		n=$((n + 1))
	done
	points=$((n - 1))
	[ "$points" -ge 8 ]
	expect "the $fin replace has its I/O calls counted ($points)" $? \
		"expected at least 8 (journal write, fsyncs, data write, unlink)"
	for mode in torn fail; do
		k=1
		while [ $k -le "$points" ]; do
			crash $mode $k "$old" "$new" "$steps" "$fin"
			k=$((k + 1))
		done
	done
done

# Another run appends after our checkpoint: ours is rewritten where it is,
# theirs kept whole, and the numbers stay distinct.
cp "$TMP/base.json" "$W" && rm -f "$W.journal"
OTHER=1 "$APP" --checkpoint "$W" L 3 final > "$TMP/o.out"
expect "checkpoints with another run appending between them" $?
"$APP" --dump "$W" > "$TMP/o.dump"
[ "$(wc -l < "$TMP/o.dump")" -eq 7 ] && sed -n 5p "$TMP/o.dump" | grep -q '^{"trial":4,' &&
	sed -n 5p "$TMP/o.dump" | sed 's/^{"trial":[0-9]*,/{/' | cmp -s - "$TMP/f3.last"
expect "our trial 4 is final and in place, before the others' 5 and 6" $? "$(cut -c1-80 "$TMP/o.dump")"
sed -n '6,7p' "$TMP/o.dump" | grep -c '"complete":true,"start":"2026-11-29T00:00:00.000Z","ranks":1,' | grep -qx 2 &&
	! grep -q checkpoint "$W"
expect "the other run's trials 5 and 6 are whole, no mark left" $?

# A version-1 file: checkpoints rewrite it whole and it stays version 1.
cp native.json "$TMP/v1.json"
"$APP" --dump "$TMP/v1.json" > "$TMP/v1.dump"
"$APP" --checkpoint "$TMP/v1.json" native 2 final > /dev/null &&
	grep -q '"version": *1' "$TMP/v1.json" &&
	"$APP" --dump "$TMP/v1.json" | head -n "$(wc -l < "$TMP/v1.dump")" | cmp -s - "$TMP/v1.dump" &&
	"$APP" --dump "$TMP/v1.json" | tail -n 1 | grep -q '"complete":true' &&
	! grep -q checkpoint "$TMP/v1.json"
expect "a version-1 file: rewritten whole, its trials unchanged, ours final" $?

# A new file.
rm -f "$TMP/new.json"
"$APP" --checkpoint "$TMP/new.json" L 3 final > /dev/null &&
	"$APP" --dump "$TMP/new.json" | tail -n 1 | sed 's/^{"trial":[0-9]*,/{/' | cmp -s - "$TMP/f3.last"
expect "a new file: one final trial" $?
if command -v python3 > /dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["last_trial"] == 1 and len(d["trials"]) == 1' "$TMP/new.json"
	expect "the new file stays plain JSON (python3 json.load)" $?
fi

finish
