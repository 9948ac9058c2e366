#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Event mode sleeps: verbs_lat --mode event over softverbs, each message
# delivered 2 ms after it is posted (SOFTVERBS_DELAY_US), so the waiting rank
# waits about 2 ms per iteration. Blocked in read(2) inside ibv_get_cq_event
# it uses next to no CPU: the CPU time softverbs measured inside those calls
# (per thread) is checked to be under a quarter of their wall time, a ratio
# (typically below 0.01) that load cannot raise: a sleeping thread accrues no
# CPU time however long the machine makes it wait.
. "${abs_top_srcdir:-.}/tests/mpi/common.sh"
. "$abs_top_srcdir/tests/softverbs/lib.sh"
set -e
for t in write send; do
	sv_profile pf
	SOFTVERBS_DELAY_US=2000
	export SOFTVERBS_DELAY_US
	J="$WORK/ev-$t.json"
	sv_lat "$WORK/ev-$t.out" --test $t --mode event -m 8:8 -i 20 -x 2 --json "$J"
	check_run "$WORK/ev-$t.out" "$J" "8" 20
	sv_reports 2
	for r in "$SOFTVERBS_DIR"/report.*; do
		awk '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1)
			printf "# %s: %d waits, wall %.1f ms, CPU %.3f ms, ratio %.4f\n", FILENAME, v["cq_event_calls"],
				v["cq_event_wall_ns"] / 1e6, v["cq_event_cpu_ns"] / 1e6,
				v["cq_event_wall_ns"] ? v["cq_event_cpu_ns"] / v["cq_event_wall_ns"] : 0
			exit !(v["cq_event_calls"] >= 1 && 4 * v["cq_event_cpu_ns"] < v["cq_event_wall_ns"]) }' "$r" ||
			fail "--test $t --mode event: the waiting side did not sleep: $(cat "$r")"
	done
done

# Regression: the atomic target reads its word only after the initiator's
# operations (it used to read it right after the size's barrier: with each
# operation taking 2 ms here that read came first, "atomic results are
# wrong").
for t in atomic-fadd atomic-cswap; do
	sv_profile vf
	SOFTVERBS_DELAY_US=2000
	export SOFTVERBS_DELAY_US
	sv_lat "$WORK/$t.out" --test $t -i 5 -x 1 --json "$WORK/$t.json"
	check_run "$WORK/$t.out" "$WORK/$t.json" "8" 5
	sv_reports 2
done
echo "softverbs event mode: the waits slept; slow atomics checked"
