#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# p2p.sh: a real sweep of p2p_lat over two configurations (UCX shared memory
# against TCP when this MPI takes UCX_TLS), interleaved and recorded; a
# finished sweep does nothing; a longer sweep extends it.
. "$abs_top_srcdir/tests/sweep/lib.sh"

command -v "$MPIEXEC" >/dev/null 2>&1 || skip "no MPI launcher '$MPIEXEC'"
P2P="$BUILD/p2p_lat"
# shellcheck disable=SC2086
timeout -k 5 60 "$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$P2P" -m 8 -i 10 -x 1 >/dev/null 2>&1 || skip "cannot run 2 ranks of p2p_lat"
# The UCX transports where this MPI uses UCX, otherwise two harmless settings.
# TCP over the loopback only: other interfaces may come and go on a shared machine.
A="UCX_TLS=sm,self" B="UCX_TLS=tcp,self" B2="UCX_NET_DEVICES=lo"
# shellcheck disable=SC2086
# Bounded: MPICH 4.0.2 over UCX's TCP can hang in MPI_Finalize (seen in a CI
# run: the probe spun for 20 minutes); a probe that hangs counts as unusable.
if ! timeout -k 5 60 env "$A" "$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$P2P" -m 8 -i 10 -x 1 >/dev/null 2>&1 ||
	! timeout -k 5 60 env "$B" "$B2" "$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$P2P" -m 8 -i 10 -x 1 >/dev/null 2>&1; then
	note "UCX_TLS is not usable with this MPI: configurations differ by a dummy variable"
	A="SRIOVSTAT_TEST=a" B="SRIOVSTAT_TEST=b" B2="SRIOVSTAT_TEST2=b"
fi

cat >"$WORK/exp.ini" <<INI
# Two transports, same benchmark.
[sweep]
command = '$MPIEXEC' $MPIEXEC_FLAGS -n 2 '$P2P' -m 8:64 -i 50 -x 5

[config]
label = sm
env = $A

[config]
label = tcp
env = $B
env = $B2
INI
R="$WORK/results"

# The plan only: nothing is written.
sweep "$WORK/exp.ini" --trials 2 --out "$R" --seed 11 --dry-run
expect_rc 0 "--dry-run"
[ ! -e "$R" ] || fail "--dry-run created $R"
grep -q '^seed: *11 (--seed)$' "$WORK/out" || fail "dry run: seed line"
grep -q '^4 of 4 trials to run\.$' "$WORK/out" || fail "dry run: count"
grep -q "^    command     .*p2p_lat -m 8:64 -i 50 -x 5 --label sm --json $R/sm.json\$" "$WORK/out" ||
	{ cat "$WORK/out" >&2; fail "dry run: command of sm"; }
plan=$(planned_order "$WORK/exp.ini" --trials 2 --out "$R" --seed 11)

# The sweep: 2 trials each, quiet on stderr (not a terminal), summary on stdout.
# --timeout: MPICH over UCX's TCP transport can hang in MPI_Finalize after the
# trial is written (then the trial counts, with a warning).
TO="--timeout 30"
sweep "$WORK/exp.ini" --trials 2 --out "$R" --seed 11 $TO
expect_rc 0 "sweep"
# The warnings of that known hang (timeout, SIGKILL, leftover ranks or
# hydra proxies stopped) are expected, and so are the final summary's
# diagnostics of the measured data (stats/diag.h: on this shared machine
# iterations can be autocorrelated, a trial outlying); anything else on
# stderr is not.
if grep -v -e 'within --timeout' -e 'then the command hung until --timeout' \
	-e 'did not stop within [0-9]* s of SIGTERM' -e 'outlived the trial of' \
	-e '^sriovstat: warning: p2p_lat pingpong size [0-9]*: [a-z]*: \(iterations are autocorrelated\|warm-up: \|the trial mean drifts\|[0-9]* outlying trials\? of\)' \
	"$WORK/err" | grep -q .; then
	cat "$WORK/err" >&2
	fail "stderr is not empty"
fi
grep -q 'hung until --timeout' "$WORK/err" && note "a trial hung after writing its trial (stopped by --timeout)"
for l in sm tcp; do
	[ "$(ncomplete "$R/$l.json")" -eq 2 ] || fail "$l.json: $(ncomplete "$R/$l.json") complete trials, expected 2"
	grep -q "^label $l\$" "$WORK/dump" || fail "$l.json: label"
	grep -q "^trial 2 benchmark p2p_lat op pingpong complete 1 ranks 2 " "$WORK/dump" || fail "$l.json: trial 2"
	sizes=$(awk '$1 == "size" { printf "%s ", $2 }' "$WORK/dump")
	[ "$sizes" = "8 16 32 64 8 16 32 64 " ] || fail "$l.json: sizes $sizes"
done
# Each configuration's environment reached its benchmark (the fingerprint records it).
grep -q "\"${A%%=*}\":\"${A#*=}\"" "$R/sm.json" || fail "sm.json does not record $A"
grep -q "\"${B%%=*}\":\"${B#*=}\"" "$R/tcp.json" || fail "tcp.json does not record $B"
# The order run is the order planned, each round holding both labels.
ran=$(run_order "$R")
[ "$ran" = "$plan" ] || fail "ran in order '$ran', planned '$plan'"
echo "$plan" | awk '{ for (r = 1; r < NF; r += 2) if ($r == $(r + 1)) exit 1 }' || fail "a round holds one label twice: $plan"
# The record: seed, order, four good runs, a finished session.
grep -q '"seed":11,' "$R/sweep.json" || fail "sweep.json: seed"
grep -q '"order":\[' "$R/sweep.json" || fail "sweep.json: order"
[ "$(grep -c '"result":"ok"' "$R/sweep.json")" -eq 4 ] || fail "sweep.json: 4 ok runs"
grep -q '"status":"finished"' "$R/sweep.json" || fail "sweep.json: session status"
# The summary of both files.
grep -q 'p2p_lat' "$WORK/out" && grep -q 'sm' "$WORK/out" && grep -q 'tcp' "$WORK/out" ||
	{ cat "$WORK/out" >&2; fail "no summary on stdout"; }
"$SRIOVSTAT" compare "$R/sm.json" "$R/tcp.json" >/dev/null || fail "compare of the two files"

# A finished sweep says so and changes nothing.
before=$(cat "$R/sm.json" "$R/tcp.json" "$R/sweep.json" | cksum)
sweep "$WORK/exp.ini" --trials 2 --out "$R" $TO
expect_rc 0 "finished sweep"
grep -q '^sweep: nothing to do: .* already holds the 2 trials per configuration asked for$' "$WORK/out" ||
	{ cat "$WORK/out" >&2; fail "finished sweep: message"; }
[ "$(cat "$R/sm.json" "$R/tcp.json" "$R/sweep.json" | cksum)" = "$before" ] || fail "finished sweep changed files"

# More trials extend the sweep: the first rounds keep their order.
plan3=$(planned_order "$WORK/exp.ini" --trials 3 --out "$R")
case $plan3 in "$plan "*) ;; *) fail "3-round plan '$plan3' does not extend '$plan'" ;; esac
sweep "$WORK/exp.ini" --trials 3 --out "$R" --no-summary $TO
expect_rc 0 "extended sweep"
[ ! -s "$WORK/out" ] || fail "--no-summary printed something"
[ "$(ncomplete "$R/sm.json")" -eq 3 ] && [ "$(ncomplete "$R/tcp.json")" -eq 3 ] || fail "3 trials each after extending"
[ "$(run_order "$R")" = "$plan3" ] || fail "extended run order $(run_order "$R"), planned $plan3"
[ "$(grep -c '"status":"finished"' "$R/sweep.json")" -eq 2 ] || fail "two finished sessions"
# The bandwidth benchmark is ours too: the sweep appends --label/--json to
# p2p_bw, whose own trials (sizes, windows, its round) land in the files
# (as an application the sweep would record one wall time per run).
cat >"$WORK/bw.ini" <<INI
[sweep]
command = '$MPIEXEC' $MPIEXEC_FLAGS -n 2 '$BUILD/p2p_bw' -m 1024:4096 -i 5 -x 1 -W 8

[config]
label = w8

[config]
label = w16
command = '$MPIEXEC' $MPIEXEC_FLAGS -n 2 '$BUILD/p2p_bw' -m 1024:4096 -i 5 -x 1 -W 16
INI
RB="$WORK/bw"
sweep "$WORK/bw.ini" --trials 2 --out "$RB" --seed 5 --no-summary $TO
expect_rc 0 "p2p_bw sweep"
for l in w8 w16; do
	[ "$(ncomplete "$RB/$l.json")" -eq 2 ] || fail "p2p_bw sweep: $l.json holds $(ncomplete "$RB/$l.json") complete trials, expected 2"
	grep -q "^trial 2 benchmark p2p_bw op bw " "$WORK/dump" || fail "p2p_bw sweep: $l.json trial 2 is not p2p_bw's"
	sizes=$(awk '$1 == "size" { printf "%s ", $2 }' "$WORK/dump")
	[ "$sizes" = "1024 2048 4096 1024 2048 4096 " ] || fail "p2p_bw sweep: $l.json sizes '$sizes' (the benchmark's own trials expected)"
	"$SRIOVSTAT" export "$RB/$l.json" >"$WORK/csv" || fail "p2p_bw sweep: export of $l.json"
	rounds=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "round") c = i; next } { print $c }' "$WORK/csv" | sort -u | tr '\n' ' ')
	[ "$rounds" = "1 2 " ] || fail "p2p_bw sweep: $l.json records rounds '$rounds', expected 1 and 2"
done
"$SRIOVSTAT" compare "$RB/w8.json" "$RB/w16.json" >"$WORK/cmp" 2>&1 || { cat "$WORK/cmp" >&2; fail "compare of the p2p_bw sweep"; }
grep -q 'pair.*round' "$WORK/cmp" || { cat "$WORK/cmp" >&2; fail "compare did not pair the p2p_bw trials by round"; }
exit 0
