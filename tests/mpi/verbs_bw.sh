#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# verbs_bw: option misuse and the no-device path on any machine; with an
# active RDMA port (or a software provider), write, read and send in both
# modes with the bandwidth checks of p2p_bw. Skips (77) with the reason when
# verbs_bw is not built or there is no RDMA device, after the checks that
# need none.
. "${abs_top_srcdir:-.}/tests/mpi/common.sh"

[ -x "$BUILD/verbs_bw" ] || skip "verbs_bw not built (configured without libibverbs)"
V="$BUILD/verbs_bw"
VJ="$WORK/bw.json"

# Misuse: one line "verbs_bw: error: ...", exit 2, no trial file.
expect_usage() {
	usage_error verbs_bw "$@"
	[ ! -e "$VJ" ] || fail "$VJ written by: $*"
}
set -e
expect_usage "needs exactly 2 ranks, got 3" run 3 "$V" -i 10 --json "$VJ"
expect_usage "--test atomic-fadd: verbs_bw measures write, read or send" run 2 "$V" --test atomic --json "$VJ"
expect_usage "--size and -m both give the sizes" run 2 "$V" --size 4096 -m 8 --json "$VJ"
expect_usage "--all and -m both give the sizes" run 2 "$V" -a -m 8 --json "$VJ"
expect_usage "--iters and -i both give the iterations" run 2 "$V" --iters 10 -i 10 --json "$VJ"
expect_usage "--size 1:8: expected one size in bytes" run 2 "$V" --size 1:8 --json "$VJ"
expect_usage "--inline_size 5000: must be between 0 and 4096" run 2 "$V" --inline_size 5000 --json "$VJ"
expect_usage "unknown option --report_gbits" run 2 "$V" --report_gbits --json "$VJ"
"$V" --help | grep -q '^Usage: mpiexec -n N verbs_bw' || fail "--help"
"$V" --help | grep -q -- '--use_event' || fail "--help lists perftest's spellings"

# Without a device (libibverbs lists none): one line naming the cause,
# exit 1, nothing written; then the rest is skipped.
set +e
run 2 "$V" -m 8:8 -i 10 --json "$VJ" > "$WORK/probe.out" 2> "$WORK/probe.err"
rc=$?
set -e
if grep -q 'no RDMA device found' "$WORK/probe.err"; then
	[ $rc -eq 1 ] || fail "no device: exit $rc (want 1)"
	grep -q '^verbs_bw: error: no RDMA device found (ibv_get_device_list returned 0)$' "$WORK/probe.err" ||
		{ cat "$WORK/probe.err" >&2; fail "no device: message"; }
	[ "$(grep -c . "$WORK/probe.err")" -eq 1 ] || { cat "$WORK/probe.err" >&2; fail "no device: more than one line"; }
	[ ! -e "$VJ" ] || fail "no device: $VJ written"
	skip "no RDMA device here; option and no-device checks passed"
fi
[ $rc -eq 0 ] || { cat "$WORK/probe.err" >&2; fail "verbs_bw with a device: exit $rc"; }
rm -f "$VJ"

# With a device: every test in both modes, perftest's spellings.
for t in write read send; do
	for mode in poll event; do
		run 2 "$V" --test "$t" --mode "$mode" -m 2:4096 -i 50 -x 5 -t 16 --label v --json "$VJ" \
			> "$WORK/out" 2> "$WORK/err" || { cat "$WORK/err" >&2; fail "verbs_bw --test $t --mode $mode"; }
		check_bw "$WORK/out" "$VJ" "2 4 8 16 32 64 128 256 512 1024 2048 4096" 50 1 1
		"$DUMP" "$VJ" | awk '$1 == "trial" { l = $0 } END { print l }' | grep -q " benchmark verbs_bw op $t " ||
			fail "verbs_bw --test $t: trial metadata"
	done
done
run 2 "$V" --size 65536 --iters 20 --use_event --label v --json "$VJ" > "$WORK/out" 2> "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "perftest's spellings"; }
check_bw "$WORK/out" "$VJ" "65536" 20 1 1
echo "verbs_bw: all checks passed"
