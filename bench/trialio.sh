#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/trialio.sh BUILD_DIR [MILLIONS] [REPEATS]: write and read cost of the
# trial-file encoding, medians over REPEATS runs (default 3), plus Python's
# reading time with bench/read_trials.py (the documented snippet).
set -eu
build=${1:?usage: bench/trialio.sh BUILD_DIR [MILLIONS] [REPEATS]}
millions=${2:-2.3}
repeats=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
make -C "$build" bench/trialio_speed >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
while [ $i -lt "$repeats" ]; do
	"$build/bench/trialio_speed" "$tmp" "$millions" > "$tmp/run$i"
	i=$((i + 1))
done
head -n 1 "$tmp/run0"
for row in "sriovstat (base64-u32le)" "sriovstat, wall clock" "json-c array of doubles"; do
	for col in 1 2 3; do
		grep -h "^$row" "$tmp"/run* | sed "s/^$row//" | awk -v c=$col '{ print $c }' | sort -g |
			awk '{ v[NR] = $1 } END { printf "%s ", v[int((NR + 1) / 2)] }'
	done | awk -v r="$row" '{ printf "%-28s write %s s/M   %s bytes/sample   read %s M samples/s (median of '"$repeats"')\n", r, $1, $2, $3 }'
done
PYTHON=${PYTHON:-/usr/bin/python3}
if "$PYTHON" -c 'import numpy' 2>/dev/null; then
	start=$(date +%s.%N)
	"$PYTHON" "$here/read_trials.py" "$tmp/encoded.json" --quiet
	end=$(date +%s.%N)
	echo "python3 read_trials.py (json + base64 + numpy): $(echo "$end - $start" | bc -l | cut -c1-5) s"
fi
