#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# compare_speed.sh [BUILDDIR]: time `sriovstat compare` against numpy/scipy
# on two trial files at the scale of the SR-IOV studies (15 trials x 15 sizes
# x 100,000 iterations each: 22.5 M samples a file, 45 M in all).
#
# Run from a configured build directory (or name it). Builds bench/gen_trials
# if needed, writes the files under a mktemp -d (about 250 MB, removed at the
# end; KEEP=1 keeps them), checks that both tools compute the same table, and
# prints the median over REPEAT runs (default 3) of the wall time, the CPU
# time (steadier on a shared machine) and the peak resident memory of each,
# measured with GNU time (/usr/bin/time -v). Both read the same two files.
# Targets for sriovstat: under 5 s and under 1 GiB.
#
# Environment: PYTHON (a python3 with numpy and scipy; default python3, else
# /usr/bin/python3), REPEAT, TRIALS, ITERATIONS, SIZES.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-.}" && pwd)
repeat=${REPEAT:-3}
trials=${TRIALS:-15}
iterations=${ITERATIONS:-100000}
sizes=${SIZES:-15}

die() {
	echo "compare_speed.sh: error: $*" >&2
	exit 1
}

[ -x /usr/bin/time ] || die "GNU time is missing (apt-get install time)"
[ -x "$build/sriovstat" ] || die "$build/sriovstat not found: run from a build directory after make"
make -s -C "$build" bench/gen_trials >/dev/null 2>"${TMPDIR:-/tmp}/compare_speed.make.$$" || {
	cat "${TMPDIR:-/tmp}/compare_speed.make.$$" >&2
	die "cannot build bench/gen_trials"
}
rm -f "${TMPDIR:-/tmp}/compare_speed.make.$$"
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import numpy, scipy' 2>/dev/null; then
	PYTHON=/usr/bin/python3
	"$PYTHON" -c 'import numpy, scipy' 2>/dev/null ||
		die "no python3 with numpy and scipy (apt-get install python3-numpy python3-scipy or set PYTHON)"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/compare_speed.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
	echo "files kept in $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi

echo "generating 2 files: $trials trials x $sizes sizes x $iterations iterations each"
"$build/bench/gen_trials" -o "$tmp/native.json" -l native --seed 1 \
	--trials "$trials" --iterations "$iterations" --sizes "$sizes"
"$build/bench/gen_trials" -o "$tmp/vm.json" -l vm --seed 2 --slowdown 1.25 --extra-ns 300 \
	--trials "$trials" --iterations "$iterations" --sizes "$sizes"
ls -l "$tmp"/*.json | awk '{ printf "  %s: %.1f MB\n", $NF, $5 / 1e6 }'

# measure NAME COMMAND...: run REPEAT times; print the median seconds and MB.
measure() {
	name=$1
	shift
	: >"$tmp/$name.times"
	i=0
	while [ "$i" -lt "$repeat" ]; do
		/usr/bin/time -v -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" ||
			die "$name failed: $(cat "$tmp/$name.err")"
		awk -F': ' '
			/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + t[k] }
			/User time|System time/ { cpu += $2 }
			/Maximum resident set size/ { m = $2 / 1024 }
			END { printf "%.3f %.1f %.2f\n", s, m, cpu }' "$tmp/$name.time" >>"$tmp/$name.times"
		i=$((i + 1))
	done
	mid=$(((repeat + 1) / 2))
	t=$(cut -d' ' -f1 "$tmp/$name.times" | sort -n | sed -n "${mid}p")
	m=$(cut -d' ' -f2 "$tmp/$name.times" | sort -n | sed -n "${mid}p")
	c=$(cut -d' ' -f3 "$tmp/$name.times" | sort -n | sed -n "${mid}p")
	runs=$(cut -d' ' -f1 "$tmp/$name.times" | tr '\n' ' ')
	printf '%-10s median %s s wall, %s s CPU (user + sys), peak RSS %s MB (wall: %ss)\n' \
		"$name" "$t" "$c" "$m" "$runs"
}

measure sriovstat "$build/sriovstat" compare "$tmp/native.json" "$tmp/vm.json" --format csv
measure numpy "$PYTHON" "$here/compare_numpy.py" "$tmp/native.json" "$tmp/vm.json"
# The same compare on one thread, summary and export of one file (issue 17).
measure 1-thread "$build/sriovstat" compare "$tmp/native.json" "$tmp/vm.json" --format csv --threads 1
measure summary "$build/sriovstat" summary "$tmp/native.json" --format csv
measure export "$build/sriovstat" export "$tmp/native.json" -o "$tmp/native.csv"
med() { cut -d' ' -f"$2" "$tmp/$1.times" | sort -n | sed -n "$(((repeat + 1) / 2))p"; }
awk -v s="$(med sriovstat 1)" -v n="$(med numpy 1)" -v o="$(med 1-thread 1)" \
	-v sc="$(med sriovstat 3)" -v oc="$(med 1-thread 3)" -v cores="$(nproc)" '
	BEGIN {
		printf "ratios (medians, this run): numpy/sriovstat wall %.2f (target >= 4); ", n / s
		printf "1 thread/%d threads wall %.2f, CPU %.2f\n", cores, o / s, oc / sc
	}'
echo "load while measuring: $(uptime | sed 's/.*load average/load average/')"

echo "agreement of sriovstat's table with numpy/scipy's:"
"$PYTHON" "$here/compare_numpy.py" "$tmp/native.json" "$tmp/vm.json" --check "$tmp/sriovstat.out" |
	sed 's/^/  /'
echo "sriovstat compare (text):"
"$build/sriovstat" compare "$tmp/native.json" "$tmp/vm.json" --percentiles 50,99 | sed 's/^/  /'
