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
		allreduce) m="-m 4:64 -T mpi_float"; sizes="4 8 16 32 64" ;;
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

# OSU 7.4's invocations run unchanged: one set of arguments for every op.
# barrier ignores -m (with a note); reductions sum MPI_CHAR by default and
# take any size; -f puts OSU's full columns first; -c validates.
for op in barrier bcast allgather allreduce alltoall; do
	J="$WORK/osu-$op.json"
	run 2 "$BUILD/coll_lat" --op "$op" -m 1:1024 -i 20 -x 2 -f -c --label osu --json "$J" \
		> "$WORK/osu.out" 2> "$WORK/osu.err" || { cat "$WORK/osu.err" >&2; fail "OSU invocation of $op"; }
	sizes="1 2 4 8 16 32 64 128 256 512 1024"
	[ "$op" = barrier ] && sizes=0
	check_run "$WORK/osu.out" "$J" "$sizes" 20
	grep -q '^# Size *Avg Latency(us) *Min Latency(us) *Max Latency(us) *Iterations *Validation *Min(us) *Max(us) *P50(us) *P90(us) *P95(us) *P99(us)$' \
		"$WORK/osu.out" || fail "$op -f -c: OSU's columns first"
	# Every row: Iterations in column 5, Pass in column 6 (OSU's places).
	awk '!/^#/ && NF > 2 && ($5 != 20 || $6 != "Pass") { bad = 1 } END { exit bad }' "$WORK/osu.out" ||
		fail "$op -f -c: Iterations and Validation columns"
	# OSU's Min and Max Latency are the min and max over ranks of the ranks'
	# averages: the trial's rank_avg_min_us and rank_avg_max_us.
	"$DUMP" "$J" | awk '$1 == "size" && $15 == "rank_avg" { print $2, $16, $17 }' > "$WORK/ranks"
	[ "$(wc -l < "$WORK/ranks")" -eq "$(echo $sizes | wc -w)" ] || fail "$op: rank averages in the file"
	awk 'NR == FNR { lo[$1] = $2; hi[$1] = $3; next } /^#/ { next }
		NF > 2 { d1 = lo[$1] - $3; d2 = hi[$1] - $4; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2
			if (d1 > 0.0051 || d2 > 0.0051) { print $0 > "/dev/stderr"; bad = 1 } }
		END { exit bad }' "$WORK/ranks" "$WORK/osu.out" || fail "$op -f: columns 3 and 4 are not the ranks' min and max"
	case $op in
	barrier) grep -q '^# -m ignored: barrier moves no data' "$WORK/osu.out" || fail "barrier -m note" ;;
	*) grep -q '^# Datatype: MPI_CHAR, 1 byte per element$' "$WORK/osu.out" || fail "$op: MPI_CHAR default" ;;
	esac
done
tr -d ' \n' < "$WORK/osu-allreduce.json" | grep -q '"type":"mpi_char"' || fail "type recorded"

# -T: sizes that hold no element are skipped, as OSU; any case; 4 ranks.
for t in mpi_int MPI_FLOAT Mpi_Double mpi_char; do
	J="$WORK/T-$t.json"
	run 4 "$BUILD/coll_lat" --op allreduce -T "$t" -m 1:64 -i 4 -x 1 -c --label T --json "$J" \
		> "$WORK/T.out" 2> "$WORK/T.err" || { cat "$WORK/T.err" >&2; fail "-T $t on 4 ranks"; }
	case $t in
	mpi_int | MPI_FLOAT) sizes="4 8 16 32 64" ;;
	Mpi_Double) sizes="8 16 32 64" ;;
	*) sizes="1 2 4 8 16 32 64" ;;
	esac
	check_run "$WORK/T.out" "$J" "$sizes" 4
	awk '!/^#/ && NF > 2 && $3 != "Pass" { bad = 1 } END { exit bad }' "$WORK/T.out" || fail "-T $t -c: Validation column"
	grep -q '^# validation: every size passed$' "$WORK/T.out" || fail "-T $t: validation"
done
for op in bcast allgather alltoall; do
	run 4 "$BUILD/coll_lat" --op "$op" -T mpi_double -m 8:32 -i 3 -x 1 -c > "$WORK/T.out" 2> "$WORK/T.err" ||
		{ cat "$WORK/T.err" >&2; fail "-T mpi_double --op $op on 4 ranks"; }
	grep -q '^# validation: every size passed$' "$WORK/T.out" || fail "-T mpi_double --op $op: validation"
done

# Misuse.
set +e
"$BUILD/coll_lat" --op foo > /dev/null 2> "$WORK/e1"; rc1=$?
"$BUILD/coll_lat" -m 1:8 > /dev/null 2> "$WORK/e2"; rc2=$?
run 2 "$BUILD/coll_lat" --op allreduce -T all > /dev/null 2> "$WORK/e3"; rc3=$?
run 2 "$BUILD/coll_lat" --op allreduce -T mpi_long > /dev/null 2> "$WORK/e4"; rc4=$?
run 2 "$BUILD/coll_lat" --op allreduce -T mpi_double -m 1:4 > /dev/null 2> "$WORK/e5"; rc5=$?
set -e
[ $rc1 -eq 2 ] && grep -q '^coll_lat: error: --op foo: unknown collective' "$WORK/e1" || fail "--op foo"
[ $rc2 -eq 2 ] && grep -q '^coll_lat: error: --op is required' "$WORK/e2" || fail "missing --op"
[ $rc3 -eq 2 ] && grep -q '^coll_lat: error: -T all: a run is one trial of one type' "$WORK/e3" || fail "-T all"
[ $rc4 -eq 2 ] && grep -q '^coll_lat: error: -T mpi_long: expected mpi_char, mpi_int, mpi_float or mpi_double' "$WORK/e4" || fail "-T mpi_long"
[ $rc5 -eq 2 ] && grep -q '^coll_lat: error: -m 1:4: no size holds one mpi_double (8 bytes)' "$WORK/e5" || fail "-T mpi_double -m 1:4"
echo "coll_lat: all checks passed"
