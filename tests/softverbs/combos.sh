# SPDX-License-Identifier: BSD-3-Clause
# verbs_lat over softverbs in every combination the papers used, for the
# profile in SV_WANT (sourced by lat_pf.sh and lat_vf.sh): --test write, read,
# atomic (fetch-and-add, compare-and-swap) and send, each in --mode poll and
# event, inline on (the device maximum) and off (--inline 0) where the test
# sends, and send with --srq --srq-limit. Each run writes one trial; its
# sizes, samples, printed averages, options, verbs record and fingerprint
# (PF/VF role, max_inline_data) are checked, and no verbs object is leaked.
. "${abs_top_srcdir:-.}/tests/mpi/common.sh"
. "$abs_top_srcdir/tests/softverbs/lib.sh"
set -e

IT=12   # iterations per size: two busy-polling ranks on a shared 2-core machine
ntrials=0

# one TEST MODE INLINE(on|off) [SRQ(srq|-)]: run and check one combination.
one() {
	test=$1 mode=$2 inl=$3 srq=${4:--}
	sv_profile "$SV_WANT"
	J="$WORK/$SV_WANT-$test-$mode-$inl-$srq.json"
	set -- --test "$test" --mode "$mode" -i $IT -x 2 --label "$test-$mode" --json "$J"
	case $test in
	atomic*) sizes="8" ;;
	*) set -- "$@" -m 256:1024; sizes="256 512 1024" ;; # inline up to 400
	esac
	[ "$inl" = off ] && set -- "$@" --inline 0
	[ "$srq" = srq ] && set -- "$@" --srq --srq-limit 4 --rx-depth 16
	out="$WORK/$SV_WANT-$test-$mode-$inl-$srq.out"
	sv_lat "$out" "$@"
	ntrials=$((ntrials + 1))
	[ "$("$Q" "$J" trial)" = 1 ] || fail "$SV_ARGS: not one trial in $J"
	check_run "$out" "$J" "$sizes" $IT
	sv_fp "$J"
	case $test in
	atomic) op=atomic-fadd ;;
	*) op=$test ;;
	esac
	sv_expect "$J" op "$op"
	sv_expect "$J" verbs.test "$op"
	sv_expect "$J" verbs.mode "$mode"
	case $test-$mode in
	write-poll) opc=IBV_WR_RDMA_WRITE ;;
	write-event) opc=IBV_WR_RDMA_WRITE_WITH_IMM ;;
	read-*) opc=IBV_WR_RDMA_READ ;;
	send-*) opc=IBV_WR_SEND ;;
	atomic-*) opc=IBV_WR_ATOMIC_FETCH_AND_ADD ;;
	atomic-cswap-*) opc=IBV_WR_ATOMIC_CMP_AND_SWP ;;
	esac
	[ "$test" = atomic-cswap ] && opc=IBV_WR_ATOMIC_CMP_AND_SWP
	sv_expect "$J" verbs.opcode "$opc"
	# Inline: what was asked and granted, and which sizes went inline.
	max=400; [ "$SV_WANT" = vf ] && max=0
	case $test in
	write | send)
		want=$max; [ "$inl" = off ] && want=0
		sv_expect "$J" verbs.inline.requested "$want"
		sv_expect "$J" verbs.inline.granted "$want"
		sv_expect "$J" verbs.inline.device_max "$max"
		exp=$(for s in $sizes; do [ "$s" -le "$want" ] && echo true || echo false; done | paste -sd, -)
		sv_expect "$J" sizes.*.inline "$exp" ;;
	*)
		sv_expect "$J" verbs.inline.requested 0
		sv_expect "$J" sizes.*.inline "$(for s in $sizes; do echo false; done | paste -sd, -)" ;;
	esac
	# Event mode never spins: every poll that finds nothing is followed by
	# arming the CQ or by blocking in ibv_get_cq_event (at most two empty
	# polls per event), where poll mode polls empty thousands of times. A
	# ping-pong waits for its peer, so completion events came; not every
	# rank at every size (on a loaded machine the reply can be there before
	# a rank looks: CI saw a size where one rank never blocked), so the
	# check is over all sizes and both ranks. event.sh proves the blocking.
	if [ "$mode" = event ]; then
		awk '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1); if (v["empty_polls"] > 2 * v["cq_event_calls"] + 2) { print; bad = 1 } } END { exit bad }' \
			"$SOFTVERBS_DIR"/report.* || fail "$SV_ARGS: event mode polled without blocking"
		case $test in
		write | send)
			"$Q" "$J" sizes.*.cq_events | tr ',' '\n' |
				awk '{ s += $1 } END { exit !(s >= 1) }' ||
				fail "$SV_ARGS: a rank got no completion event" ;;
		esac
	else
		sv_expect "$J" sizes.0.cq_events -
	fi
	if [ "$srq" = srq ]; then
		sv_expect "$J" verbs.srq true
		sv_expect "$J" verbs.srq_limit 4
		# 16 receives, limit 4, 3 sizes of 14: each rank receives 42
		# messages, which needs at least two refills, each after a limit
		# event (the SRQ holds 16). When each event lands (which size's
		# timed part) depends on scheduling: the whole run is checked.
		[ "$(sv_field "$J" verbs.async_events_rank0.srq_limit_reached)" -ge 2 ] ||
			fail "$SV_ARGS: rank 0 saw fewer than 2 SRQ limit events"
		[ "$(sv_field "$J" verbs.async_events_rank0.other)" = 0 ] || fail "$SV_ARGS: other async events"
		sv_report_field srq_limit_events | awk '$1 < 2 { bad = 1 } END { exit bad }' ||
			fail "$SV_ARGS: a rank got fewer than 2 SRQ limit events: $(cat "$SOFTVERBS_DIR"/report.*)"
	fi
	sv_reports 2
}

for mode in poll event; do
	for inl in on off; do
		if [ "$SV_WANT" = vf ] && [ "$inl" = on ]; then
			continue # a VF grants no inline data: checked below
		fi
		one write $mode $inl
		one send $mode $inl
		one send $mode $inl srq
	done
	one read $mode -
	one atomic $mode -
	one atomic-cswap $mode -
done

if [ "$SV_WANT" = vf ]; then
	# Inline asked of a VF: one clear line, exit 2, no trial.
	sv_profile vf
	J="$WORK/vf-inline.json"
	for t in write send; do
		set +e
		run 2 "$SV_LAT" --test $t --inline 64 -i 5 --json "$J" > "$WORK/vfi.out" 2> "$WORK/vfi.err"
		rc=$?
		set -e
		[ $rc -eq 2 ] || { cat "$WORK/vfi.err" >&2; fail "vf --inline 64: exit $rc, expected 2"; }
		grep -q '^verbs_lat: error: --inline 64: mlx4_0 grants at most 0 bytes of inline data' "$WORK/vfi.err" ||
			{ cat "$WORK/vfi.err" >&2; fail "vf --inline 64: message"; }
	done
	[ ! -e "$J" ] || fail "vf --inline 64 wrote a trial"
fi
echo "softverbs $SV_WANT: $ntrials trials checked"
