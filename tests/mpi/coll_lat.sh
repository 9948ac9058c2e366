#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# coll_lat: every op with 2 and 4 ranks (validated), allgather with 8 ranks.
# Oversubscribed MPICH busy-polls (about 8 ms per barrier at 4 ranks on 2
# cores), so the 4- and 8-rank runs use a few iterations and small sizes.
. "${abs_top_srcdir:-.}/tests/mpi/common.sh"

for np in 2 4; do
	iters=200
	[ "$np" -gt 2 ] && iters=8
	for op in barrier bcast allgather allreduce alltoall; do
		J="$WORK/$op-$np.json"
		case $op in
		barrier) m=""; sizes="0" ;;
		allreduce) m="-m 4:64"; sizes="4 8 16 32 64" ;;
		*) m="-m 1:64"; sizes="1 2 4 8 16 32 64" ;;
		esac
		# shellcheck disable=SC2086
		run "$np" "$BUILD/coll_lat" --op "$op" $m -i "$iters" -x 2 --validate \
			--label "c$np" --json "$J" > "$WORK/out" 2> "$WORK/err" ||
			{ cat "$WORK/err" >&2; fail "coll_lat --op $op on $np ranks"; }
		grep -q '^# validation: every size passed$' "$WORK/out" || fail "$op/$np: validation"
		grep -q 'RankMin(us) *RankMax(us)$' "$WORK/out" || fail "$op/$np: rank columns"
		check_run "$WORK/out" "$J" "$sizes" "$iters"
		"$DUMP" "$J" | grep -q "^trial 1 benchmark coll_lat op $op complete 1 ranks $np " ||
			fail "$op/$np: trial metadata"
		# Collectives keep the per-iteration max over ranks too.
		"$DUMP" "$J" | awk -v it="$iters" '$1 == "size" && $10 != it { exit 1 }' ||
			fail "$op/$np: max_samples missing"
	done
done

J="$WORK/allgather-8.json"
run 8 "$BUILD/coll_lat" --op allgather -i 10 -x 1 -m 1:64 --validate --label c8 --json "$J" \
	> "$WORK/out8" 2> "$WORK/err8" || { cat "$WORK/err8" >&2; fail "allgather on 8 ranks"; }
check_run "$WORK/out8" "$J" "1 2 4 8 16 32 64" 10
grep -q '^# validation: every size passed$' "$WORK/out8" || fail "8 ranks: validation"

# Misuse.
set +e
"$BUILD/coll_lat" --op foo > /dev/null 2> "$WORK/e1"; rc1=$?
"$BUILD/coll_lat" -m 1:8 > /dev/null 2> "$WORK/e2"; rc2=$?
run 2 "$BUILD/coll_lat" --op allreduce -m 1:8 > /dev/null 2> "$WORK/e3"; rc3=$?
run 2 "$BUILD/coll_lat" --op barrier -m 8 > /dev/null 2> "$WORK/e4"; rc4=$?
set -e
[ $rc1 -eq 2 ] && grep -q '^coll_lat: error: --op foo: unknown collective' "$WORK/e1" || fail "--op foo"
[ $rc2 -eq 2 ] && grep -q '^coll_lat: error: --op is required' "$WORK/e2" || fail "missing --op"
[ $rc3 -eq 2 ] && grep -q 'multiple of 4' "$WORK/e3" || fail "allreduce sizes"
[ $rc4 -eq 2 ] && grep -q 'barrier moves no data' "$WORK/e4" || fail "barrier -m"
echo "coll_lat: all checks passed"
