#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# coalesce.sh: interrupt coalescing in a private network namespace.
# - veth has no coalescing ("Operation not supported" on this kernel): the
#   sweep says so and stops or goes on as --on-error says;
# - tap (tun driver) has rx-frames: applied before each trial, restored after
#   it, also when the sweep gets SIGTERM; a restore that fails is loud and
#   blocks the next sweep until the interface is back at its values.
# Needs root and `ip netns`; skips (77) otherwise. The namespace is removed
# on exit, also on failure.
. "$abs_top_srcdir/tests/sweep/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root to create a network namespace"
command -v ip >/dev/null 2>&1 || skip "no ip(8) (iproute2)"
NS="sriovstat-sweep-$$"
ip netns add "$NS" 2>"$WORK/ns.err" || skip "ip netns add failed: $(cat "$WORK/ns.err")"
on_exit "ip netns delete $NS 2>/dev/null"
in_ns() { ip netns exec "$NS" "$@"; }
in_ns ip link add va type veth peer name vb 2>"$WORK/ns.err" || skip "cannot create a veth pair: $(cat "$WORK/ns.err")"

# nsweep ARGS...: sriovstat sweep inside the namespace; sets RC (see lib.sh).
# shellcheck disable=SC2034
nsweep() {
	RC=0
	in_ns "$SRIOVSTAT" sweep "$@" >"$WORK/out" 2>"$WORK/err" || RC=$?
}

# ---- veth: no coalescing ----
cat >"$WORK/veth.ini" <<INI
[sweep]
interface = va
command = true
[config]
label = rx1
rx-frames = 1
adaptive-rx = off
[config]
label = plain
INI
nsweep "$WORK/veth.ini" --out "$WORK/v" --trials 2 --dry-run
expect_rc 1 "veth dry run"
grep -q "^sriovstat: error: sweep: the coalescing of 1 configuration cannot be applied on this machine" "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "veth dry run: error line"; }
grep -q '^    coalescing  va: adaptive-rx off rx-frames 1  (now: va does not support interrupt coalescing: these trials would fail)$' "$WORK/out" ||
	{ cat "$WORK/out" >&2; fail "veth dry run: coalescing line"; }
nsweep "$WORK/veth.ini" --out "$WORK/v" --trials 2
expect_rc 1 "veth, --on-error stop"
msg='va does not support interrupt coalescing (its driver answers "Operation not supported"): the settings of this configuration cannot be applied'
grep -qF "sriovstat: error: sweep: rx1, round 1: $msg" "$WORK/err" || { cat "$WORK/err" >&2; fail "veth: message"; }
[ ! -e "$WORK/v/rx1.json" ] || fail "veth: a trial ran without its settings"
nsweep "$WORK/veth.ini" --out "$WORK/v" --trials 2 --on-error continue --no-summary
expect_rc 1 "veth, --on-error continue"
[ "$(grep -c "$msg" "$WORK/err")" -eq 2 ] || { cat "$WORK/err" >&2; fail "veth continue: two failures"; }
[ "$(ncomplete "$WORK/v/plain.json")" -eq 2 ] || fail "veth continue: the other configuration did not run"
[ ! -e "$WORK/v/rx1.json" ] || fail "veth continue: rx1 ran"

# ---- tap: rx-frames ----
in_ns ip tuntap add tp0 mode tap 2>"$WORK/ns.err" || skip "no tap device: $(cat "$WORK/ns.err")"
# rx_frames NOW: the interface's rx-frames, as the sweep's plan reads it.
rx_frames() {
	in_ns "$SRIOVSTAT" sweep "$WORK/tap.ini" --out "$WORK/probe" --trials 1 --dry-run |
		sed -n 's/.*(now: .* rx-frames \([0-9]*\) .*/\1/p' | head -n 1
}
cat >"$WORK/tap.ini" <<INI
[sweep]
interface = tp0
command = true
[config]
label = rx16
rx-frames = 16
[config]
label = rx7
rx-frames = 7
[config]
label = asis
INI
[ "$(rx_frames)" = 0 ] || fail "tp0 does not start at rx-frames 0: $(rx_frames)"
nsweep "$WORK/tap.ini" --out "$WORK/t" --trials 2 --no-summary
expect_rc 0 "tap sweep"
# Each trial records what was in force (read back after applying).
for l in rx16 rx7; do
	[ "$(ncomplete "$WORK/t/$l.json")" -eq 2 ] || fail "tap: $l trials"
	[ "$(grep -c "\"rx_frames\":${l#rx}," "$WORK/t/$l.json")" -eq 2 ] || fail "tap: $l.json does not record rx-frames ${l#rx}"
done
grep -q '"coalescing"' "$WORK/t/asis.json" && fail "tap: asis changed coalescing"
[ "$(rx_frames)" = 0 ] || fail "tap: rx-frames not restored: $(rx_frames)"
if command -v ethtool >/dev/null 2>&1; then
	in_ns ethtool -c tp0 | grep -q '^rx-frames: 0$' || fail "ethtool sees rx-frames $(in_ns ethtool -c tp0 | grep rx-frames)"
fi

# A field the driver cannot set: the trial fails, nothing stays changed.
printf '[config]\nlabel = usecs\ninterface = tp0\nrx-usecs = 5\nrx-frames = 3\ncommand = true\n' >"$WORK/usecs.ini"
nsweep "$WORK/usecs.ini" --out "$WORK/u" --trials 1
expect_rc 1 "rx-usecs on tap"
grep -q '^sriovstat: error: sweep: usecs, round 1: cannot apply interrupt coalescing: tp0: ETHTOOL_SCOALESCE: ' "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "rx-usecs on tap: message"; }
[ "$(rx_frames)" = 0 ] || fail "rx-usecs on tap: rx-frames changed"

# SIGTERM during a trial: the settings are restored before the sweep exits.
mkdir "$WORK/bin"
cp "$(command -v sleep)" "$WORK/bin/sleep" || fail "cannot copy sleep"
printf '[config]\nlabel = long\ninterface = tp0\nrx-frames = 16\ncommand = %s 60\n' "$WORK/bin/sleep" >"$WORK/long.ini"
# ip netns exec execs the sweep: $! is the sweep itself.
ip netns exec "$NS" "$SRIOVSTAT" sweep "$WORK/long.ini" --out "$WORK/l" --trials 1 >"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
wait_for "$WORK/l/long.log" "sleep 60" 30 || { cat "$WORK/err" >&2; fail "long trial did not start"; }
[ "$(rx_frames)" = 16 ] || fail "during the trial rx-frames is $(rx_frames), not 16"
grep -q '"restore_command":"ethtool -C tp0 rx-frames 0"' "$WORK/l/sweep.json" || fail "the pending restore is not recorded"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 143 ] || { cat "$WORK/err" >&2; fail "SIGTERM: exit $rc"; }
[ "$(rx_frames)" = 0 ] || fail "SIGTERM: rx-frames left at $(rx_frames)"
grep -q '"pending_restore":null' "$WORK/l/sweep.json" || fail "SIGTERM: the restore is still pending"
[ ! -e "$WORK/l/long.json" ] || fail "SIGTERM: the interrupted trial was recorded"

# A restore that fails (the trial deletes the interface) is loud, and the
# next sweep waits until the interface is back at its values.
printf '[config]\nlabel = gone\ninterface = tp0\nrx-frames = 16\ncommand = ip link delete tp0\n' >"$WORK/gone.ini"
nsweep "$WORK/gone.ini" --out "$WORK/g" --trials 2
expect_rc 1 "restore fails"
grep -q '^sriovstat: error: COULD NOT RESTORE the interrupt coalescing of tp0: ' "$WORK/err" &&
	grep -q '^sriovstat: error:     ethtool -C tp0 rx-frames 0$' "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "restore fails: message"; }
grep -q '^sriovstat: sweep: stopped because interrupt coalescing could not be restored' "$WORK/err" || fail "restore fails: final line"
nsweep "$WORK/gone.ini" --out "$WORK/g" --trials 2
expect_rc 1 "after a failed restore"
grep -q 'ended without restoring the interrupt coalescing of tp0' "$WORK/err" || { cat "$WORK/err" >&2; fail "pending restore not reported"; }
in_ns ip tuntap add tp0 mode tap || fail "cannot recreate tp0"
nsweep "$WORK/gone.ini" --out "$WORK/g" --trials 1 --dry-run
grep -q 'back at its original values' "$WORK/err" || { cat "$WORK/err" >&2; fail "restored by hand: not noticed"; }
exit 0
