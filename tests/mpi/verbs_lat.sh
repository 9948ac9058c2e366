#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# verbs_lat: option misuse and the no-device path on any machine, real runs
# of every test when an RDMA port is active; and, first, the adapter part of
# the fingerprint (RDMA devices, network interfaces' coalescing, CPU governor
# and SMT) in a trial written by p2p_lat. Skips (77) with the reason when
# verbs_lat is not built or there is no RDMA device, after the checks that
# need neither.
. "${abs_top_srcdir:-.}/tests/mpi/common.sh"

# ---- the fingerprint of a p2p_lat trial
J="$WORK/p2p.json"
run 2 "$BUILD/p2p_lat" -m 8 -i 10 -x 1 --json "$J" > "$WORK/p2p.out" 2> "$WORK/p2p.err" ||
	{ cat "$WORK/p2p.err" >&2; fail "p2p_lat run"; }
flat=$(tr -d ' \n\t' < "$J")
has() { case "$flat" in *"$1"*) return 0 ;; esac; return 1; }
has '"rdma":{"probe":"' || fail "no rdma object in the p2p_lat fingerprint"
has '"network":{"selection":"' || fail "no network object in the p2p_lat fingerprint"
has '"smt":"' || fail "no SMT state in the fingerprint"
has '"governor":"' || fail "no CPU governor in the fingerprint"
if [ -e "$BUILD/verbs_lat" ]; then
	has '"probe":"libibverbs"' || fail "built with libibverbs, yet no probe recorded"
else
	has '"probe":"none(builtwithoutlibibverbs)"' || fail "probe note without libibverbs"
fi
ndev=$(ls /sys/class/infiniband 2>/dev/null | wc -l)
if [ "$ndev" -eq 0 ]; then
	has '"devices":[]' || fail "no RDMA device here, yet the device list is not empty"
	has '"selection":"hardware"' || fail "selection without RDMA devices"
	# Every interface backed by a device, with its coalescing; no others.
	for d in /sys/class/net/*; do
		n=${d##*/}
		if [ -e "$d/device" ] || [ -L "$d/device" ]; then
			has "\"$n\":{\"rdma_device\":null," || fail "interface $n missing from the fingerprint"
			has "\"$n\":{\"rdma_device\":null,\"driver\":" || fail "interface $n: no driver"
			case "$flat" in
			*"\"$n\":{"*'"coalescing":{"supported":false}'* | *"\"$n\":{"*'"coalescing":{"rx_frames":'*) ;;
			*) fail "interface $n: no coalescing" ;;
			esac
		else
			has "\"$n\":{\"rdma_device\"" && fail "interface $n (no device) recorded"
		fi
	done
else
	has '"selection":"rdma"' || fail "selection with RDMA devices"
	for d in /sys/class/infiniband/*; do
		has "\"name\":\"${d##*/}\"" || fail "device ${d##*/} missing from the fingerprint"
	done
fi

# ---- verbs_lat
[ -x "$BUILD/verbs_lat" ] || skip "verbs_lat not built (configured without libibverbs); fingerprint checks passed"
V="$BUILD/verbs_lat"
VJ="$WORK/verbs.json"

# Misuse: one line "verbs_lat: error: ...", exit 2, no trial file.
expect_usage() {
	want=$1; shift
	usage_error verbs_lat "$want" "$@"
	[ ! -e "$VJ" ] || fail "$VJ written by: $*"
}
set -e
expect_usage "needs exactly 2 ranks, got 3" run 3 "$V" -i 10 --json "$VJ"
expect_usage "needs exactly 2 ranks, got 1" run 1 "$V" -i 10 --json "$VJ"
expect_usage "--srq-limit needs --srq" run 2 "$V" --test send --srq-limit 4 --json "$VJ"
expect_usage "--srq applies to --test send only" run 2 "$V" --srq --json "$VJ"
expect_usage "--test rdma: unknown test" run 2 "$V" --test rdma --json "$VJ"
expect_usage "--mode spin: unknown mode" run 2 "$V" --mode spin --json "$VJ"
expect_usage "--inline 5000: must be between 0 and 4096" run 2 "$V" --inline 5000 --json "$VJ"
expect_usage "--tx-depth x: not a whole number" run 2 "$V" --tx-depth x --json "$VJ"
expect_usage "--ib-port 0: must be between 1 and 255" run 2 "$V" --ib-port 0 --json "$VJ"
expect_usage "-m: atomic-fadd operates on 8 bytes" run 2 "$V" --test atomic -m 64 --json "$VJ"
expect_usage "-m: write in poll mode needs sizes of 1 byte or more" run 2 "$V" -m 0:8 --json "$VJ"
"$V" --help | grep -q '^Usage: mpiexec -n N verbs_lat' || fail "--help"
"$V" --help | grep -q -- '--srq-limit N' || fail "--help lists --srq-limit"
"$V" --version | grep -q '^verbs_lat (sriovstat) ' || fail "--version"

if [ "$ndev" -eq 0 ]; then
	set +e
	run 2 "$V" -i 10 --json "$VJ" > "$WORK/nodev.out" 2> "$WORK/nodev.err"
	rc=$?
	set -e
	[ $rc -eq 1 ] || { cat "$WORK/nodev.err" >&2; fail "no device: exit $rc (want 1)"; }
	printf 'verbs_lat: error: no RDMA device found (ibv_get_device_list returned 0)\n' > "$WORK/nodev.want"
	cmp -s "$WORK/nodev.err" "$WORK/nodev.want" || { cat "$WORK/nodev.err" >&2; fail "no-device message"; }
	[ ! -s "$WORK/nodev.out" ] || fail "output on stdout without a device"
	[ ! -e "$VJ" ] || fail "a trial was written without a device"
	skip "no RDMA device on this machine (verbs_lat: option checks, no-device error and fingerprint checks passed)"
fi

# ---- an RDMA device: real runs (2 ranks on this node; the port must be ACTIVE)
active=$(cat /sys/class/infiniband/*/ports/*/state 2>/dev/null | grep -c ACTIVE || true)
[ "$active" -gt 0 ] || skip "RDMA devices present but no ACTIVE port"

vrun() {
	out=$1; shift
	run 2 "$V" "$@" > "$out" 2> "$out.err" || { cat "$out.err" >&2; fail "verbs_lat $*"; }
}
vrun "$WORK/w.out" --test write -m 2:1024 -i 200 -x 10 --label rdma --json "$VJ"
check_run "$WORK/w.out" "$VJ" "2 4 8 16 32 64 128 256 512 1024" 200
vrun "$WORK/we.out" --test write --mode event --inline 0 -m 1:64 -i 200 -x 10 --label rdma --json "$VJ"
check_run "$WORK/we.out" "$VJ" "1 2 4 8 16 32 64" 200
vrun "$WORK/r.out" --test read -m 0:256 -i 200 -x 10 --label rdma --json "$VJ"
check_run "$WORK/r.out" "$VJ" "0 1 2 4 8 16 32 64 128 256" 200
vrun "$WORK/s.out" --test send --srq --srq-limit 8 --rx-depth 32 -m 0:64 -i 300 -x 10 --label rdma --json "$VJ"
check_run "$WORK/s.out" "$VJ" "0 1 2 4 8 16 32 64" 300
vrun "$WORK/a.out" --test atomic-fadd -i 200 --label rdma --json "$VJ"
check_run "$WORK/a.out" "$VJ" "8" 200
vrun "$WORK/c.out" --test atomic-cswap --mode event -i 200 --label rdma --json "$VJ"
check_run "$WORK/c.out" "$VJ" "8" 200
ops=$("$DUMP" "$VJ" | awk '$1 == "trial" { printf "%s%s", s, $6; s = "," }')
[ "$ops" = "write,write,read,send,atomic-fadd,atomic-cswap" ] || fail "trial ops: $ops"
"$DUMP" "$VJ" | grep -q '^trial 1 benchmark verbs_lat op write complete 1 ranks 2 ' || fail "trial metadata"
tr -d ' \n' < "$VJ" | grep -q '"srq_limit_events":\[' || fail "SRQ-limit events not recorded"
tr -d ' \n' < "$VJ" | grep -q '"cq_events":\[' || fail "CQ events not recorded in event mode"

# Bad input that needs a device: one line, exit 2, the file unchanged.
before=$(cksum < "$VJ")
mv "$VJ" "$VJ.keep"
expect_usage "--ib-dev nosuch0: no such RDMA device" run 2 "$V" --ib-dev nosuch0 -i 10 --json "$VJ"
expect_usage "--ib-port 200: no RDMA device has that many ports" run 2 "$V" --ib-port 200 -i 10 --json "$VJ"
expect_usage "--inline 4096: .* grants at most" run 2 "$V" --inline 4096 -i 10 --json "$VJ"
mv "$VJ.keep" "$VJ"
[ "$(cksum < "$VJ")" = "$before" ] || fail "the trial file changed"
echo "verbs_lat: all checks passed"
