#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# append_speed.sh [BUILDDIR]: what an append costs as a trial file grows.
#
# Appends N trials (default 50) of 1,000,000 samples (two sizes of 500,000,
# tests/tools/append_trial) to a new version-2 file, which appends in place,
# and N1 (default 12) to a version-1 file, which is rewritten whole at each
# append, and prints the wall and CPU seconds (GNU time) of the first and the
# last appends and their ratio. Target (issue 17): the 50th in-place append
# within 1.5x the first. fsync's cost depends on the disk and on what else
# writes to it: the CPU time is the steadier figure on a shared machine.
#
# Environment: N, N1, SAMPLES (per size, default 500000), KEEP=1.
set -eu
build=$(cd "${1:-.}" && pwd)
n=${N:-50}
n1=${N1:-12}
samples=${SAMPLES:-500000}
[ -x /usr/bin/time ] || { echo "append_speed.sh: error: GNU time is missing" >&2; exit 1; }
make -s -C "$build" tests/tools/append_trial >/dev/null
app="$build/tests/tools/append_trial"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/append_speed.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp"' EXIT

# run FILE COUNT: COUNT appends to FILE, one line "k wall cpu bytes" each.
run() {
	k=1
	while [ "$k" -le "$2" ]; do
		/usr/bin/time -f '%e %U %S' -o "$tmp/t" "$app" "$1" L "$samples" 2 "$k"
		printf '%d %s %d\n' "$k" "$(awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$tmp/t")" \
			"$(wc -c < "$1")"
		k=$((k + 1))
	done
}

# report NAME FILE: first, last and their ratios.
report() {
	awk -v name="$1" '
		NR == 1 { w1 = $2; c1 = $3 }
		{ w = $2; c = $3; k = $1; mb = $4 / 1e6 }
		END {
			printf "%-22s append 1: %.3f s wall %.3f s CPU; append %d (file %.0f MB): %.3f s wall %.3f s CPU;",
				name, w1, c1, k, mb, w, c
			printf " ratio last/first: wall %.2f, CPU %.2f\n", w / w1, c / (c1 > 0 ? c1 : 0.001)
		}' "$2"
}

run "$tmp/v2.json" "$n" > "$tmp/v2.times"
# A version-1 file: the first trial written, then turned into version 1.
"$app" "$tmp/v1.json" L "$samples" 2 1
python3 - "$tmp/v1.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for t in d["trials"]:
    fp = t["fingerprint"]
    fp["nodes"] = [{k: n.get(k, v) for k, v in fp["node_descriptions"][n["description"]].items()}
                   for n in fp["nodes"]]
    del fp["node_descriptions"]
d["version"] = 1
del d["last_trial"]
json.dump(d, open(sys.argv[1], "w"), indent=2, separators=(",", ":"))
PY
run "$tmp/v1.json" "$n1" | sed 's/^1 /0 /' > "$tmp/v1.times"
echo "trials of $((2 * samples)) samples (2 sizes), $(nproc) cores"
report "version 2 (in place)" "$tmp/v2.times"
report "version 1 (rewrite)" "$tmp/v1.times"
echo "load while measuring: $(uptime | sed 's/.*load average/load average/')"
