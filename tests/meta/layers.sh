#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# layers.sh: every #include of ours stays within the layers HACKING.md's
# "Layers" table allows (directory -> the directories it may include).
#
#   tests/meta/layers.sh [SRCDIR]        (make check: SRCDIR = $abs_top_srcdir)
#
# A quote include "x.h" resolves as the compiler resolves it: the including
# file's directory first, then the table's directories; an include that
# lands in a directory the file's layer may not use fails, naming file:line,
# the header and both layers. A directory of the table that does not exist
# (yet) is skipped. Before the tree, the check proves on a scratch tree that
# it fails when stats/ includes a benchmarks/ header.
set -u
src=${1:-${abs_top_srcdir:?run through make check or give SRCDIR}}

check() {
	python3 - "$1" <<'PY'
import os, re, sys
root = sys.argv[1]
hacking = os.path.join(root, "HACKING.md")
try:
    text = open(hacking, encoding="utf-8").read()
except OSError as e:
    sys.exit("layers.sh: %s" % e)
m = re.search(r"^#+ Layers\s*$(.*?)(?=^#+ |\Z)", text, re.M | re.S)
if not m:
    sys.exit("layers.sh: %s has no \"Layers\" section" % hacking)
table = {}   # dir -> set of dirs it may include, or None (anything)
for line in m.group(1).splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
    if len(cells) < 2 or set(cells[0]) <= set("-: "):
        continue
    dirs = re.findall(r"`([^`]+)/`", cells[0])
    if not dirs:
        continue  # the header row
    may = None if "anything" in cells[1] else set(re.findall(r"`([^`]+)/`", cells[1]))
    for d in dirs:
        table[d] = may
if not table:
    sys.exit("layers.sh: the Layers table of %s names no directory" % hacking)
layered = [d for d in table if table[d] is not None]

def layer_of(path):
    rel = os.path.relpath(path, root)
    best = None
    for d in table:
        if rel == d or rel.startswith(d + "/"):
            if best is None or len(d) > len(best):
                best = d
    return best

bad = 0
inc = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
for d in sorted(layered):
    top = os.path.join(root, d)
    if not os.path.isdir(top):
        continue  # listed before it exists
    may = table[d] | {d}
    for name in sorted(os.listdir(top)):
        if not name.endswith((".c", ".h")):
            continue
        path = os.path.join(top, name)
        with open(path, encoding="utf-8", errors="replace") as f:
            for no, line in enumerate(f, 1):
                mm = inc.match(line)
                if not mm:
                    continue
                h = mm.group(1)
                cand = os.path.normpath(os.path.join(top, h))
                if os.path.exists(cand):
                    where = [layer_of(cand)]
                else:
                    where = [x for x in sorted(table) if os.path.exists(os.path.join(root, x, h))]
                    if not where:
                        continue  # a generated or system header (config.h)
                    if any(x in may for x in where):
                        continue
                if where[0] is None or where[0] in may:
                    continue
                print("layers.sh: %s/%s:%d: includes \"%s\" from %s/, which %s/ may not use "
                      "(HACKING.md, Layers: %s/ may include %s)"
                      % (d, name, no, h, where[0], d, d,
                         ", ".join(x + "/" for x in sorted(table[d])) or "nothing of ours"))
                bad += 1
sys.exit(1 if bad else 0)
PY
}

# The check must be able to fail: stats/ including a benchmarks/ header.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/stats" "$tmp/benchmarks"
cp "$src/HACKING.md" "$tmp/" || exit 99
printf '/* x.h */\n' >"$tmp/stats/x.h"
printf '#include "x.h"\n#include "harness.h"\n' >"$tmp/stats/x.c"
printf '/* harness.h */\n' >"$tmp/benchmarks/harness.h"
if out=$(check "$tmp"); then
	echo "layers.sh: the check passed a tree where stats/ includes a benchmarks/ header" >&2
	exit 1
fi
case $out in
*'stats/x.c:2: includes "harness.h" from benchmarks/'*) ;;
*) echo "layers.sh: self-check: unexpected report: $out" >&2; exit 1 ;;
esac

check "$src" >&2
