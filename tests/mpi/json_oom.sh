#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# A value of a trial's metadata or fingerprint that cannot be allocated
# (SRIOVSTAT_FAULT_JSON=N fails the N-th json-c value a rank constructs, see
# benchmarks/bjson.h) on any rank: the benchmark says so in one line, exits 1
# and writes nothing, so an existing file keeps its trials byte for byte
# instead of gaining one with a silent null in it.
. "${abs_top_srcdir:-.}/tests/mpi/common.sh"
J="$WORK/t.json"
run 2 "$BUILD/p2p_lat" -m 0:8 -i 10 -x 1 --quiet --label oom --json "$J" > /dev/null 2> "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "a first trial"; }
cp "$J" "$WORK/before.json"
for prog in p2p_lat "coll_lat --op allreduce"; do
	for k in 1 7 25 50; do
		rc=0
		run 2 env SRIOVSTAT_FAULT_JSON=$k "$BUILD/"$prog -m 0:8 -i 10 -x 1 --quiet --label oom \
			--json "$J" > "$WORK/out" 2> "$WORK/err" || rc=$?
		[ $rc -eq 1 ] || { cat "$WORK/err" >&2; fail "$prog, value $k lost: exit $rc, expected 1"; }
		grep -qx "${prog%% *}: error: out of memory while recording the trial's metadata: the trial is not written to $J" "$WORK/err" ||
			{ cat "$WORK/err" >&2; fail "$prog, value $k lost: no one-line error"; }
		cmp -s "$J" "$WORK/before.json" || fail "$prog, value $k lost: the trial file changed"
	done
done
# Without the fault the same command appends.
run 2 "$BUILD/coll_lat" --op allreduce -m 0:8 -i 10 -x 1 --quiet --label oom --json "$J" > /dev/null 2> "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "a second trial"; }
[ "$("$DUMP" "$J" | grep -c '^trial ')" -eq 2 ] || { "$DUMP" "$J" | head -5 >&2; fail "two trials after the faults"; }
echo "metadata allocation failures: all checks passed"
