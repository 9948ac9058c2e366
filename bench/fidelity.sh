#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/fidelity.sh [OPTIONS] BUILD_DIR OSU_DIR: do p2p_lat and coll_lat agree
# with OSU Micro-Benchmarks 7.4 on this machine? Runs, with 2 ranks, p2p_lat
# against osu_latency -z and coll_lat --op OP against osu_OP -f -z, with the
# same sizes, iterations and warmup, R times interleaved (ours first on odd
# repeats, OSU first on even ones, so drift hits both alike), and prints per
# size the medians over the repeats of the average and of the median (P50),
# the paired ratio ours/OSU, and a verdict against each program's own
# repeat-to-repeat spread. OSU is not built by this project: OSU_DIR is a directory holding its
# binaries (e.g. PREFIX/libexec/osu-micro-benchmarks/mpi). See bench/README.md.
set -eu

usage() {
	cat <<'EOF'
Usage: bench/fidelity.sh [OPTIONS] BUILD_DIR OSU_DIR
       bench/fidelity.sh -A DIR
Compare p2p_lat and coll_lat (from BUILD_DIR) with OSU 7.4's osu_latency and
osu_<op> (found in OSU_DIR, its pt2pt/ or collective/), 2 ranks, this host.

  -r N          repeats, run interleaved; medians over them (default 5)
  -b LIST       benchmarks, comma-separated (default latency,allgather,allreduce,bcast;
                also barrier, alltoall)
  -m [MIN:]MAX  p2p sizes (default 1:4096)
  -i N, -x N    p2p iterations and warmup (default 10000 and 200)
  -c [MIN:]MAX  collective sizes (default 4:4096; allreduce starts at 4 at least)
  -I N, -X N    collective iterations and warmup (default 1000 and 200)
  -t TYPE       datatype of allreduce, given to osu_allreduce and coll_lat as -T
                (default mpi_float; mpi_char is both programs' own default)
  -k DIR        keep every raw output in DIR (created; must be empty)
  -A DIR        run nothing: analyse again what -k DIR kept
  -h            this text

Environment: MPIEXEC (default mpiexec); UCX_TLS is passed through as set
(unset: UCX uses shared memory between the two ranks; try UCX_TLS=tcp,self);
FIDELITY_GRACE (default 30): seconds a run that has printed all its rows may
take to exit before it is stopped (MPICH 4.0.2 can hang in MPI_Finalize over
TCP) and its rows are used.
Verdict per size and statistic: "within noise" when the median over repeats of
ours/OSU lies in the noise band 1/S..S, where S is the larger of OSU's and
ours' own spread max/min over the repeats (each widened by the 0.005 us print
rounding); "inconclusive" when it does but S exceeds 2 (the runs were
disturbed too much to tell); else FLAG.
Exit status: 0 done (even with flags), 1 a run failed, 2 usage error.
EOF
}

die() {
	echo "fidelity.sh: error: $1" >&2
	exit "${2:-1}"
}

repeats=5 benches=latency,allgather,allreduce,bcast
p2p_sizes=1:4096 p2p_iters=10000 p2p_warm=200
coll_sizes=4:4096 coll_iters=1000 coll_warm=200
reduce_type=mpi_float keep='' again=''
while getopts r:b:m:i:x:c:I:X:t:k:A:h opt; do
	case $opt in
	r) repeats=$OPTARG ;;
	b) benches=$OPTARG ;;
	m) p2p_sizes=$OPTARG ;;
	i) p2p_iters=$OPTARG ;;
	x) p2p_warm=$OPTARG ;;
	c) coll_sizes=$OPTARG ;;
	I) coll_iters=$OPTARG ;;
	X) coll_warm=$OPTARG ;;
	t) reduce_type=$OPTARG ;;
	k) keep=$OPTARG ;;
	A) again=$OPTARG ;;
	h) usage; exit 0 ;;
	*) die "see -h" 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ -n "$again" ]; then
	[ $# -eq 0 ] || die "-A DIR takes no BUILD_DIR or OSU_DIR" 2
	[ -f "$again/header" ] || die "-A $again: no header file there (made by -k DIR)" 2
else
	[ $# -eq 2 ] || die "expected BUILD_DIR OSU_DIR (see -h)" 2
	build=$1 osu=$2
fi
for n in "$repeats" "$p2p_iters" "$p2p_warm" "$coll_iters" "$coll_warm"; do
	case $n in '' | *[!0-9]*) die "not a count: $n" 2 ;; esac
done
[ "$repeats" -ge 2 ] || die "-r: at least 2 repeats are needed for a spread" 2
MPIEXEC=${MPIEXEC:-mpiexec}
grace=${FIDELITY_GRACE:-30}

# An OSU binary by name, wherever the install or build tree put it.
find_osu() {
	for d in "$osu" "$osu/pt2pt" "$osu/collective" "$osu/pt2pt/standard" \
		"$osu/collective/blocking"; do
		if [ -x "$d/$1" ]; then
			echo "$d/$1"
			return 0
		fi
	done
	die "$1 not found in $osu (nor its pt2pt/ or collective/)" 2
}

# The last size of [MIN:]MAX: MIN (1 when 0 or absent) doubled while <= MAX.
last_size() {
	case $1 in
	*:*) lo=${1%%:*} hi=${1#*:} ;;
	*) lo=1 hi=$1 ;;
	esac
	case $lo$hi in '' | *[!0-9]*) die "-m/-c $1: expected [MIN:]MAX in bytes" 2 ;; esac
	[ "$lo" -gt 0 ] || lo=1
	while [ $((lo * 2)) -le "$hi" ]; do
		lo=$((lo * 2))
	done
	echo "$lo"
}

# The command lines of each benchmark, ours and OSU's, the columns of size,
# average and P50 in each one's rows (size 0: no size column), and the size
# of the last row.
set_commands() {
	for b in $benches; do
		case $b in
		latency)
			osu_bin=$(find_osu osu_latency)
			eval "ours_$b=\"$build/p2p_lat -m $p2p_sizes -i $p2p_iters -x $p2p_warm --percentiles 50 --quiet\""
			eval "osu_$b=\"$osu_bin -z -m $p2p_sizes -i $p2p_iters -x $p2p_warm\""
			eval "cols_ours_$b='1 2 5' cols_osu_$b='1 2 3'"
			last=$(last_size "$p2p_sizes")
			eval "last_$b=$last"
			;;
		barrier)
			osu_bin=$(find_osu osu_barrier)
			eval "ours_$b=\"$build/coll_lat --op $b -i $coll_iters -x $coll_warm --percentiles 50 --quiet\""
			eval "osu_$b=\"$osu_bin -f -z -i $coll_iters -x $coll_warm\""
			# OSU's barrier rows have no size: Avg Min Max Iterations P50...
			eval "cols_ours_$b='1 2 5' cols_osu_$b='0 1 5' last_$b=any"
			;;
		allgather | allreduce | bcast | alltoall)
			osu_bin=$(find_osu "osu_$b")
			sizes=$coll_sizes extra=
			if [ "$b" = allreduce ]; then
				min=${coll_sizes%%:*}
				case $coll_sizes in *:*) [ "$min" -ge 4 ] || sizes=4:${coll_sizes#*:} ;; esac
				extra=" -T $reduce_type"
			fi
			eval "ours_$b=\"$build/coll_lat --op $b -m $sizes$extra -i $coll_iters -x $coll_warm --percentiles 50 --quiet\""
			eval "osu_$b=\"$osu_bin -f -z$extra -m $sizes -i $coll_iters -x $coll_warm\""
			eval "cols_ours_$b='1 2 5' cols_osu_$b='1 2 6'"
			last=$(last_size "$sizes")
			eval "last_$b=$last"
			;;
		*) die "-b: unknown benchmark $b (latency, allgather, allreduce, bcast, barrier, alltoall)" 2 ;;
		esac
	done
}

# Run one side of one benchmark; keep its raw output and its "size avg p50" rows.
# A run that has printed its last row but does not exit within $grace
# seconds is stopped and kept: MPICH 4.0.2 over UCX's TCP transport can hang
# in MPI_Finalize (one rank in the PMI barrier, the other waiting for it to
# progress a UCX disconnect), in OSU and in ours alike (see bench/README.md).
run_one() { # bench side repeat
	cmd='' cols='' last=''
	eval "cmd=\$${2}_$1 cols=\$cols_${2}_$1 last=\$last_$1"
	out=$tmp/$1.$2.$3
	# shellcheck disable=SC2086 # cmd is a command line to split
	$MPIEXEC -n 2 $cmd >"$out.out" 2>"$out.err" &
	pid=$! waited=0 done_at=-1 status=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		waited=$((waited + 1))
		if [ "$done_at" -lt 0 ] && awk -v last="$last" '
			/^[ \t]*[0-9]/ && (last == "any" || $1 == last) { found = 1 }
			END { exit !found }' "$out.out"; then
			done_at=$waited
		fi
		if [ "$done_at" -ge 0 ] && [ $((waited - done_at)) -ge "$grace" ]; then
			kill "$pid" 2>/dev/null || true
			echo "$1 $2 repeat $3: all rows printed, no exit after ${grace} s: stopped" |
				tee -a "$tmp/hangs" | sed 's/^/fidelity.sh: /' >&2
			break
		fi
	done
	wait "$pid" || status=$?
	if [ "$status" -ne 0 ] && [ "$done_at" -lt 0 ]; then
		cat "$out.err" >&2
		die "$MPIEXEC -n 2 $cmd failed"
	fi
	# shellcheck disable=SC2086
	set -- $cols
	awk -v cs="$1" -v ca="$2" -v cp="$3" '
		/^[ \t]*[0-9]/ { printf "%s %s %s\n", cs ? $cs : 0, $ca, $cp }' "$out.out" >"$out.rows"
	[ -s "$out.rows" ] || die "no result rows in $out.out"
}

# Header, then R interleaved repeats of every benchmark.
measure() {
	make -C "$build" p2p_lat coll_lat >/dev/null || die "cannot build p2p_lat and coll_lat in $build"
	set_commands
	tls=${UCX_TLS-}
	mpi=$({ mpichversion 2>/dev/null || "$MPIEXEC" --version 2>/dev/null || echo unknown; } |
		head -n 1 | tr -s ' \t' ' ')
	{
		echo "# fidelity: sriovstat p2p_lat/coll_lat against OSU Micro-Benchmarks, 2 ranks on $(hostname)"
		echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
		echo "# MPI: $mpi; launcher: $MPIEXEC -n 2"
		echo "# UCX_TLS: ${tls:-unset (UCX uses shared memory between the ranks)}"
		echo "# $repeats repeats, interleaved: ours then OSU on odd repeats, OSU then ours on even ones"
		for b in $benches; do
			eval "echo \"# $b: ours: \$ours_$b\"; echo \"# $b: OSU:  \$osu_$b\""
		done
	} | tee "$tmp/header"
	r=1
	while [ "$r" -le "$repeats" ]; do
		printf 'fidelity.sh: repeat %d of %d\n' "$r" "$repeats" >&2
		for b in $benches; do
			if [ $((r % 2)) -eq 1 ]; then
				run_one "$b" ours "$r"
				run_one "$b" osu "$r"
			else
				run_one "$b" osu "$r"
				run_one "$b" ours "$r"
			fi
		done
		r=$((r + 1))
	done
	echo "# finished $(date -u '+%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)" |
		tee -a "$tmp/header"
	if [ -f "$tmp/hangs" ]; then
		echo "# $(wc -l <"$tmp/hangs") runs printed every row but hung at exit and were stopped:" \
			"$(cut -d: -f1 "$tmp/hangs" | paste -sd, -)" | tee -a "$tmp/header"
	fi
}

# Per size and statistic of one benchmark: medians, paired ratios, verdict.
analyse() { # bench
	for f in "$tmp/$1".*.*.rows; do
		[ -f "$f" ] || die "no rows for $1 in $tmp"
		name=${f#"$tmp/$1".} name=${name%.rows}
		awk -v s="${name%%.*}" -v r="${name#*.}" '{ print s, r, $0 }' "$f"
	done | awk -v bench="$1" '
	function sortv(a, n,   i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
	}
	function median(a, n) {
		sortv(a, n)
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	function fmt(x) {
		return x < 10 ? sprintf("%.3f", x) : x < 1000 ? sprintf("%.1f", x) : sprintf("%.0f", x)
	}
	{
		side = $1; rep = $2 + 0; size = $3
		if (rep > R) R = rep
		if (!(size in seen)) { seen[size] = 1; order[++nsizes] = size }
		v[side, "avg", size, rep] = $4
		v[side, "p50", size, rep] = $5
	}
	END {
		q = 0.005; wide = 2
		printf "\n## %s: medians over %d repeats (us); ratio = ours/OSU, paired by repeat\n", bench, R
		printf "%-5s%8s%10s%10s%8s%17s%17s%9s  %s\n", "# st", "Size", "Ours", "OSU", "Ratio",
			"pairs min..max", "noise band", "ours>OSU", "verdict"
		for (st = 1; st <= 2; st++) {
			stat = st == 1 ? "avg" : "p50"
			for (k = 1; k <= nsizes; k++) {
				size = order[k]; n = 0; lo = 1e300; hi = -1e300; above = 0
				omin = amin = 1e300; omax = amax = -1e300
				for (r = 1; r <= R; r++) {
					if (!(("ours", stat, size, r) in v) || !(("osu", stat, size, r) in v))
						continue
					a = v["ours", stat, size, r]; o = v["osu", stat, size, r]
					n++; ou[n] = a; os[n] = o
					ra[n] = o > 0 ? a / o : 0
					if (ra[n] < lo) lo = ra[n]
					if (ra[n] > hi) hi = ra[n]
					if (a > o) above++
					if (o < omin) omin = o
					if (o > omax) omax = o
					if (a < amin) amin = a
					if (a > amax) amax = a
				}
				if (n < 2)
					continue
				mo = median(ou, n); mq = median(os, n); mr = median(ra, n)
				# Each program against itself: the larger max/min over repeats.
				so = omin - q > 0 ? (omax + q) / (omin - q) : 1e9
				sa = amin - q > 0 ? (amax + q) / (amin - q) : 1e9
				bhi = so > sa ? so : sa
				blo = 1 / bhi
				if (mr >= blo && mr <= bhi && bhi > wide) {
					verdict = sprintf("inconclusive: %s varied %sx between repeats",
						so > sa ? "OSU" : "ours", fmt(bhi))
					unclear[stat]++
				} else if (mr >= blo && mr <= bhi) {
					verdict = "within noise"
					within[stat]++
				} else {
					verdict = sprintf("FLAG: ours %s by %.0f%%", mr > 1 ? "higher" : "lower",
						(mr > 1 ? mr - 1 : 1 - mr) * 100)
					flagged[stat]++
				}
				printf "%-5s%8s%10.2f%10.2f%8s%8s..%-7s%8s..%-7s%6d/%-2d  %s\n", stat, size, mo,
					mq, fmt(mr), fmt(lo), fmt(hi), fmt(blo), fmt(bhi), above, n, verdict
			}
		}
		printf "# %s: avg %d within noise, %d flagged, %d inconclusive; " \
			"p50 %d within noise, %d flagged, %d inconclusive\n", bench, within["avg"],
			flagged["avg"], unclear["avg"], within["p50"], flagged["p50"], unclear["p50"]
	}'
}

if [ -n "$again" ]; then
	tmp=$again
	cat "$tmp/header"
	benches=$(sed -n 's/^# \([a-z]*\): ours: .*/\1/p' "$tmp/header")
else
	if [ -n "$keep" ]; then
		mkdir -p "$keep"
		[ -z "$(ls -A "$keep")" ] || die "-k $keep: not empty" 2
		tmp=$keep
	else
		tmp=$(mktemp -d)
		trap 'rm -rf "$tmp"' EXIT
	fi
	benches=$(echo "$benches" | tr ',' ' ')
	measure
fi
for b in $benches; do
	analyse "$b"
done
if [ -n "$keep" ]; then
	echo "# raw outputs kept in $keep (bench/fidelity.sh -A $keep analyses them again)"
fi
exit 0
