#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# node_scale.sh [BUILDDIR]: the trial file of a run on many single-rank
# nodes, in format version 1 (every node stored whole) and version 2 (each
# distinct node description once), and what writing and appending it costs.
#
# Builds one coll_lat-like trial (one size of 1,000 samples) whose
# fingerprint has NODES nodes (default 16384) of one rank each, each node the
# InfiniBand host of tests/data/cli/setup-native.json under its own hostname,
# written as version 1 the way the library wrote it before (json-c's pretty
# layout). Then appends it with the library (version 2) to a new file and 14
# more times, and prints both sizes, their ratio, the seconds of the first
# append (the write) and of the 15th with its peak memory (GNU time).
# Targets (issue 17): version 2 at most 1/5 of version 1, written in 1 s.
# NORDMA=1: nodes without RDMA devices and interfaces (smaller node entries).
set -eu
build=$(cd "${1:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
nodes=${NODES:-16384}
make -s -C "$build" tests/tools/append_trial >/dev/null
app="$build/tests/tools/append_trial"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/node_scale.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp"' EXIT
python3 - "$here/../tests/data/cli/setup-native.json" "$tmp/v1.json" "$nodes" "${NORDMA:-0}" <<'PY'
import base64, copy, json, struct, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = json.load(open(src))["trials"][0]
node = t["fingerprint"]["nodes"][0]
if len(sys.argv) > 4 and sys.argv[4] == "1":   # NORDMA=1: a node without adapters
    node = {k: v for k, v in node.items() if k not in ("rdma", "network")}
nodes, binding = [], []
for i in range(n):
    x = copy.deepcopy(node)
    x["hostname"] = "node%05d" % i
    x["ranks"] = [i]
    nodes.append(x)
    binding.append({"rank": i, "node": i, "cpus": "0-31"})
t["fingerprint"] = {"nodes": nodes, "binding": binding,
                    "environment": t["fingerprint"].get("environment", {})}
t["ranks"], t["nodes"], t["ranks_per_node"] = n, n, 1
vals = [1000 + (i * 7919) % 500 for i in range(1000)]
s = {"unit": "ns", "encoding": "base64-u32le", "count": 1000,
     "data": base64.b64encode(struct.pack("<1000I", *vals)).decode()}
t["sizes"] = [{"size": 8, "iterations": 1000, "warmup": 100, "samples": s, "max_samples": s}]
doc = {"format": "sriovstat-trials", "version": 1, "label": "scale", "trials": [t]}
json.dump(doc, open(out, "w"), indent=2, separators=(",", ":"))
PY
/usr/bin/time -f '%U %S' -o "$tmp/t1" "$app" --copy "$tmp/v1.json" "$tmp/v2.json" > "$tmp/first"
v1=$(wc -c < "$tmp/v1.json")
v2=$(wc -c < "$tmp/v2.json")
/usr/bin/time -f '%e %M %U %S' -o "$tmp/t" "$app" --copy "$tmp/v1.json" "$tmp/v2.json" 14 > "$tmp/rest"
echo "one trial of $nodes single-rank nodes$([ "${NORDMA:-0}" = 1 ] && echo ' without RDMA devices'):"
awk -v a="$v1" -v b="$v2" 'BEGIN { printf "  version 1: %.2f MB; version 2: %.2f MB; ratio %.3f (target <= 0.2)\n", a / 1e6, b / 1e6, b / a }'
echo "  writing it (first append, new file): $(sed 's/.* in //' "$tmp/first") wall (mostly fsync), $(awk '{ printf "%.2f s", $1 + $2 }' "$tmp/t1") CPU for reading the version-1 file and writing"
echo "  appending the 15th: $(tail -1 "$tmp/rest" | sed 's/.* in //') wall; the 2nd: $(head -1 "$tmp/rest" | sed 's/.* in //') (the 14 appends: $(awk '{ printf "%.2f s CPU, peak RSS %d MB", $3 + $4, $2 / 1024 }' "$tmp/t"), including reading the version-1 file once)"
"$app" --dump "$tmp/v1.json" | tail -n +2 > "$tmp/a"
"$app" --dump "$tmp/v2.json" | sed -n 2p | sed 's/"trial":1,/"trial":1,/' > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" && echo "  version 2 reads back as the version-1 trial: yes" ||
	echo "  version 2 reads back as the version-1 trial: NO"
echo "load while measuring: $(uptime | sed 's/.*load average/load average/')"
