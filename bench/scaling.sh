#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# scaling.sh: how the harness grows with ranks, nodes and iterations, measured
# at 2, 4 and 8 ranks on this machine (oversubscribed beyond its cores):
#   - memory per rank: peak resident set beyond MPI's own, for n samples;
#   - the per-size reductions (sum and max of n uint64 to rank 0);
#   - the trial file: bytes per sample, per rank, and per node (nodes from
#     the simulated cluster of tests/cluster when run as root with hydra).
# doc/scaling.md explains the figures and extrapolates them.
#
#   cd BUILD && sh SRCDIR/bench/scaling.sh
#
# Environment: MPIEXEC (default mpiexec), RANKS (default "2 4 8"), SAMPLES
# (default "1000 10000 100000 1000000"). Writes only under a mktemp -d
# directory, removed at exit.
set -u
BUILD=$(pwd)
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
MPIEXEC=${MPIEXEC:-mpiexec}
RANKS=${RANKS:-2 4 8}
SAMPLES=${SAMPLES:-1000 10000 100000 1000000}
COST="$BUILD/bench/harness_cost"

die() {
	echo "scaling.sh: error: $*" >&2
	exit 1
}

[ -f "$BUILD/Makefile" ] || die "run me in the build directory (no Makefile in $BUILD)"
make -s bench/harness_cost coll_lat > /dev/null 2> "${TMPDIR:-/tmp}/scaling-make.$$" || {
	cat "${TMPDIR:-/tmp}/scaling-make.$$" >&2
	rm -f "${TMPDIR:-/tmp}/scaling-make.$$"
	die "cannot build bench/harness_cost and coll_lat"
}
rm -f "${TMPDIR:-/tmp}/scaling-make.$$"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sriovstat-scaling.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# cost LAUNCH... : one harness_cost run with a fresh trial file; prints its
# "cost" line followed by "file_bytes B".
cost() {
	rm -f "$WORK/t.json"
	line=$("$@" --json "$WORK/t.json" --quiet | grep '^cost ') || return 1
	echo "$line file_bytes $(wc -c < "$WORK/t.json" | tr -d ' ')"
}

# The table of cost lines on stdin: one row per run.
table() {
	awk '{ for (i = 2; i < NF; i += 2) v[$i] = $(i + 1)
		r0 = (v["rss0_record_kib"] - v["rss0_base_kib"]) * 1024
		d0 = (v["rss0_peak_kib"] - v["rss0_base_kib"]) * 1024
		d = (v["rss_peak_kib"] - v["rss_base_kib"]) * 1024
		printf "%5d %5d %8d %10.2f %10.2f %9.2f %9d %9d %9d %8.1f %8.1f %11d\n", v["ranks"], v["nodes"],
			v["n"], v["reduce_ms"], v["record_ms"], v["write_ms"], r0 / 1024, d0 / 1024, d / 1024,
			d0 / v["n"], d / v["n"], v["file_bytes"] }'
}

HEAD="ranks nodes  samples  reduce_ms  record_ms  write_ms  rank0_rec rank0_KiB other_KiB rank0_B/s other_B/s  file_bytes"
echo "# sriovstat harness scaling on $(hostname) ($(nproc) cores), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# one size of n samples through bench_record_size (coll_lat's path: sum and max"
echo "# reduced to rank 0), then the trial written; rank0_rec: rank 0's peak resident"
echo "# set beyond MPI's own after the reductions (KiB), rank0_KiB and other_KiB at the"
echo "# end (rank 0, the largest of the other ranks); */s: the same per sample (bytes)."
echo "# reduce_ms: the two MPI_Reduce calls alone, best of 5; one host: nodes = 1."
echo "$HEAD"
for p in $RANKS; do
	for n in $SAMPLES; do
		cost "$MPIEXEC" -n "$p" "$COST" -i "$n" || die "harness_cost -n $p -i $n failed"
	done
done | tee "$WORK/host" | table

# The trial file per rank and per node: n = 1000, ranks on one host against
# one rank per simulated host.
echo
echo "# trial file growth at n = 1000: one host (nodes = 1) against one rank per"
echo "# simulated host (nodes = ranks)"
(
	CLUSTER_SRCDIR="$SRCDIR/tests/cluster"
	. "$CLUSTER_SRCDIR/cluster.sh"
	cluster_require "$COST"
	last=
	for p in $RANKS; do last=$p; done
	cluster_up "$last"
	for p in $RANKS; do
		cost cluster_mpiexec -n "$p" -ppn 1 "$COST" -i 1000 || exit 1
	done
) > "$WORK/nodes" 2> "$WORK/nodes.err"
rc=$?
grep '^cost .* n 1000 ' "$WORK/host" > "$WORK/host1000"
if [ $rc -eq 0 ]; then
	echo "$HEAD"
	cat "$WORK/host1000" "$WORK/nodes" | table
	# Least-squares slopes of file bytes on ranks (one host) and on nodes
	# (one rank per node: a node adds its fingerprint and one rank).
	awk 'FNR == 1 { f++ } { for (i = 2; i < NF; i += 2) v[$i] = $(i + 1)
		x = v["ranks"]; y = v["file_bytes"]; n[f]++; sx[f] += x; sy[f] += y; sxx[f] += x * x; sxy[f] += x * y }
		END { for (k = 1; k <= 2; k++) b[k] = (n[k] * sxy[k] - sx[k] * sy[k]) / (n[k] * sxx[k] - sx[k] * sx[k])
			printf "# file bytes per rank (same node): %.0f\n", b[1]
			printf "# file bytes per node (with its one rank): %.0f, so per node alone: %.0f\n", b[2], b[2] - b[1] }' \
		"$WORK/host1000" "$WORK/nodes"
else
	echo "# skipped: $(grep -v '^$' "$WORK/nodes.err" | tail -1)"
fi

# Bytes per sample in the file (from the largest and smallest n at 2 ranks).
awk '{ for (i = 2; i < NF; i += 2) v[$i] = $(i + 1) }
	v["ranks"] == r0 || r0 == "" { r0 = v["ranks"]; if (lo == "" || v["n"] < lo) { lo = v["n"]; blo = v["file_bytes"] }
		if (v["n"] > hi) { hi = v["n"]; bhi = v["file_bytes"] } }
	END { if (hi > lo) printf "# file bytes per sample (samples and max_samples of a size): %.2f\n", (bhi - blo) / (hi - lo) }' \
	"$WORK/host"

# A real benchmark for comparison: coll_lat at 2 ranks, GNU time's peak
# resident set per rank at two iteration counts.
if [ -x /usr/bin/time ]; then
	echo
	echo "# coll_lat --op allreduce -m 8:8 at 2 ranks: peak resident set per rank (KiB, GNU time)"
	for n in 1000 100000; do
		rm -f "$WORK/mem"
		"$MPIEXEC" -n 2 /usr/bin/time -a -o "$WORK/mem" -f '%M' "$BUILD/coll_lat" --op allreduce \
			-m 8:8 -i "$n" -x 10 --quiet --json "$WORK/c$n.json" > /dev/null ||
			die "coll_lat -i $n failed"
		echo "iterations $n: $(sort -n "$WORK/mem" | tr '\n' ' ')(file $(wc -c < "$WORK/c$n.json" | tr -d ' ') bytes)"
	done
fi
