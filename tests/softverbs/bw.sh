#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# verbs_bw over softverbs (PF profile): write, read and send in poll and event
# modes, then perftest's spellings; every run gets p2p_bw's bandwidth checks
# (sizes, counts, bytes_per_sample, printed MB/s = bytes over the mean
# completion interval, better: higher) and leaves no live verbs object.
. "${abs_top_srcdir:-.}/tests/mpi/common.sh"
. "${abs_top_srcdir:-.}/tests/softverbs/lib.sh"
SV_BW="$BUILD/tests/softverbs/verbs_bw"
[ -x "$SV_BW" ] || skip "tests/softverbs/verbs_bw not built (configured without libibverbs)"

J="$WORK/bw.json"
for t in write read send; do
	for mode in poll event; do
		sv_profile pf
		run 2 "$SV_BW" --test "$t" --mode "$mode" -m 2:4096 -i 40 -x 4 -t 16 --label sv --json "$J" \
			> "$WORK/out" 2> "$WORK/err" || { cat "$WORK/err" >&2; fail "verbs_bw --test $t --mode $mode"; }
		check_bw "$WORK/out" "$J" "2 4 8 16 32 64 128 256 512 1024 2048 4096" 40 1 1
		"$DUMP" "$J" | awk '$1 == "trial" { l = $0 } END { print l }' | grep -q " benchmark verbs_bw op $t " ||
			fail "verbs_bw --test $t: trial metadata"
		grep -q "^# test: $t (IBV_WR_[A-Z_]*), mode $mode, samples: completion interval\$" "$WORK/out" ||
			fail "verbs_bw --test $t --mode $mode: connection line"
		sv_reports
	done
done
sv_profile vf
run 2 "$SV_BW" --size 65536 --iters 20 --use_event -t 4 --label sv --json "$J" > "$WORK/out" 2> "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "perftest's spellings"; }
check_bw "$WORK/out" "$J" "65536" 20 1 1
grep -q ', mode event, ' "$WORK/out" || fail "--use_event did not select event mode"
sv_reports
echo "verbs_bw over softverbs: all checks passed"
