#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/bw_osu.sh [OPTIONS] BUILD_DIR OSU_BW: does p2p_bw measure what OSU
# 7.4's osu_bw (or osu_bibw with --mode bibw) measures on this machine? Runs
# both with 2 ranks, the same sizes and OSU's default windows and counts,
# R times interleaved (ours first on odd rounds, OSU first on even ones, so
# drift hits both alike), and prints per size the median over rounds of each
# program's bandwidth and the ratio ours/OSU of the medians, with the median
# and range of the per-round ratios; then the same for the median window
# (P50: OSU's -z column, p2p_bw's P50), which a preempted window cannot move.
# OSU is not built by this project: OSU_BW is the path of its osu_bw (or
# osu_bibw) binary. See bench/README.md.
set -eu

usage() {
	cat <<'USAGE'
Usage: bench/bw_osu.sh [OPTIONS] BUILD_DIR OSU_BW
Compare p2p_bw (from BUILD_DIR) with OSU 7.4's osu_bw (or osu_bibw) at OSU_BW,
2 ranks, this host.

  -r N          rounds, interleaved; medians over them (default 7)
  -m [MIN:]MAX  sizes in bytes, no K/M suffix (OSU reads none; default 1:4194304, OSU's)
  -M MODE       bw (default; OSU_BW is osu_bw) or bibw (OSU_BW is osu_bibw)
  -k DIR        keep every raw output in DIR (created; must not exist)
  -A DIR        run nothing: analyse again what -k DIR kept
  -h            this text

Environment: MPIEXEC (default mpiexec); UCX_TLS passed through as set.
Exit status: 0 done, 1 a run failed, 2 usage error.
USAGE
}

die() {
	echo "bw_osu.sh: error: $1" >&2
	exit "${2:-1}"
}

rounds=7 sizes=1:4194304 mode=bw keep='' again=''
while getopts r:m:M:k:A:h opt; do
	case $opt in
	r) rounds=$OPTARG ;;
	m) sizes=$OPTARG ;;
	M) mode=$OPTARG ;;
	k) keep=$OPTARG ;;
	A) again=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ -n "$again" ]; then
	[ $# -eq 0 ] || { usage >&2; exit 2; }
	[ -f "$again/args" ] || die "-A $again: not a directory kept by -k" 2
	. "$again/args"
	dir=$again
else
	[ $# -eq 2 ] || { usage >&2; exit 2; }
	build=$1 osu=$2
fi
case $rounds in '' | *[!0-9]* | 0) die "-r $rounds: give a whole number of rounds, 1 or more" 2 ;; esac
case $mode in bw | bibw) ;; *) die "-M $mode: bw or bibw" 2 ;; esac
mpiexec=${MPIEXEC:-mpiexec}
if [ -n "$again" ]; then
	:
elif [ -n "$keep" ]; then
	[ ! -e "$keep" ] || die "-k $keep: exists already" 2
	mkdir -p "$keep" || die "-k $keep: cannot create"
	dir=$keep
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/bw_osu.XXXXXX") || die "cannot create a scratch directory"
	trap 'rm -rf "$dir"' EXIT
fi

if [ -z "$again" ]; then
[ -x "$build/p2p_bw" ] || die "$build/p2p_bw: not found or not executable (build first)" 2
[ -x "$osu" ] || die "$osu: not found or not executable" 2
printf 'rounds=%s sizes=%s mode=%s osu=%s\n' "$rounds" "$sizes" "$mode" "$osu" > "$dir/args"
# OSU's sizes are given as OSU takes them; p2p_bw takes the same spelling.
# OSU's defaults (100 windows of 64, 20 above 8192 bytes; 10 and 2 warmup)
# are p2p_bw's, so neither gets -i, -x or -W. OSU's -z adds its per-window
# percentiles after the bandwidth column and changes nothing else.
ours() { "$mpiexec" -n 2 "$build/p2p_bw" --mode "$mode" -m "$sizes" --quiet; }
theirs() { "$mpiexec" -n 2 "$osu" -z -m "$sizes"; }

r=1
while [ "$r" -le "$rounds" ]; do
	if [ $((r % 2)) -eq 1 ]; then
		ours > "$dir/ours.$r" || die "round $r: p2p_bw failed"
		theirs > "$dir/osu.$r" || die "round $r: $osu failed"
	else
		theirs > "$dir/osu.$r" || die "round $r: $osu failed"
		ours > "$dir/ours.$r" || die "round $r: p2p_bw failed"
	fi
	echo "round $r of $rounds done" >&2
	r=$((r + 1))
done
fi

echo "# bw_osu: p2p_bw --mode $mode against $(basename "$osu"), 2 ranks on $(hostname), $rounds rounds"
echo "# UCX_TLS=${UCX_TLS:-unset}; MB/s as both print it (10^6 bytes/s)"
# Rows: size, bandwidth (the first two columns of both programs) and the
# median window's bandwidth (-1 when the output has no such column: a run
# kept before OSU got -z). The P50 column is found by its header: p2p_bw's
# "P50(MB/s)", OSU's "P50 Tail BW(MB/s)".
rows() {
	awk -v r="$1" -v who="$2" '
		/^# Size/ { h = $0; sub(/^# /, "", h); gsub(/ \(MB\/s\)/, "(MB/s)", h)
			gsub(/P50 Tail BW/, "P50", h); n = split(h, f, " ")
			for (i = 1; i <= n; i++) if (f[i] == "P50(MB/s)") pc = i }
		!/^#/ && NF >= 2 && $1 ~ /^[0-9]+$/ { print who, r, $1, $2, (pc && NF >= pc ? $pc : -1) }' "$3"
}
for r in $(seq 1 "$rounds"); do
	rows "$r" ours "$dir/ours.$r"
	rows "$r" osu "$dir/osu.$r"
done | sort -k3,3n -k1,1 -k2,2n | awk '
	function median(a, n,    i, j, t) {
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	# One column (c: 4 bandwidth, 5 P50) of size s: medians of each
	# program, their ratio, the median and range of the per-round ratios;
	# "-" when a program has no value there.
	function stats(s, c,    r, ko, kt, no, nt, nr, lo, hi, q, mo, mt) {
		no = nt = nr = 0; lo = 1e300; hi = 0
		for (r = 1; r <= R; r++) {
			ko = "ours" SUBSEP s SUBSEP r SUBSEP c; kt = "osu" SUBSEP s SUBSEP r SUBSEP c
			if ((ko in v) && v[ko] >= 0) o[++no] = v[ko]
			if ((kt in v) && v[kt] >= 0) t[++nt] = v[kt]
			if ((ko in v) && (kt in v) && v[ko] >= 0 && v[kt] > 0) {
				q = v[ko] / v[kt]; rr[++nr] = q
				if (q < lo) lo = q
				if (q > hi) hi = q
			}
		}
		if (!no || !nt)
			return sprintf("%14s %14s %10s %12s %10s %10s", "-", "-", "-", "-", "-", "-")
		mo = median(o, no); mt = median(t, nt)
		return sprintf("%14.2f %14.2f %10.3f %12.3f %10.3f %10.3f", mo, mt, mt > 0 ? mo / mt : 0,
			       nr ? median(rr, nr) : 0, nr ? lo : 0, nr ? hi : 0)
	}
	{ for (c = 4; c <= 5; c++) v[$1, $3, $2, c] = $c
	  if (!($3 in seen)) { seen[$3] = 1; order[++ns] = $3 }; if ($2 > R) R = $2 }
	END {
		printf "%-10s %14s %14s %10s %12s %10s %10s %14s %14s %10s %12s %10s %10s\n", "size",
		       "ours_MB/s", "osu_MB/s", "ratio", "round_ratio", "min", "max",
		       "ours_P50", "osu_P50", "p50_ratio", "round_ratio", "min", "max"
		for (k = 1; k <= ns; k++)
			printf "%-10s %s %s\n", order[k], stats(order[k], 4), stats(order[k], 5)
	}'
