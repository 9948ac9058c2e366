#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# sizes.sh: no C source file (stats, sys, benchmarks, sweep, report,
# tests/tools, bench) over 800 lines and no function over 100 lines, unless
# HACKING.md's "Exceptions" table lists it (`path` or `path:function`) with
# a one-line reason. A row whose file or function is no longer over the
# limit fails too, so the table stays true. Functions are measured by
# tests/meta/funclen.py (comments, strings and character literals ignored).
#
#   tests/meta/sizes.sh [SRCDIR]        (make check: SRCDIR = $abs_top_srcdir)
set -u
src=${1:-${abs_top_srcdir:?run through make check or give SRCDIR}}
here=$(cd "$(dirname "$0")" && pwd)

check() {
	python3 - "$1" "$here" <<'PY'
import os, re, sys
root, here = sys.argv[1], sys.argv[2]
sys.path.insert(0, here)
import funclen
FILE_MAX, FUNC_MAX = 800, 100
DIRS = ["stats", "sys", "benchmarks", "sweep", "report", "tests/tools", "bench"]
hacking = os.path.join(root, "HACKING.md")
text = open(hacking, encoding="utf-8").read()
m = re.search(r"^#+ Exceptions\s*$(.*?)(?=^#+ |\Z)", text, re.M | re.S)
if not m:
    sys.exit("sizes.sh: %s has no \"Exceptions\" section" % hacking)
listed = {}
for line in m.group(1).splitlines():
    if not line.startswith("|"):
        continue
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    k = re.fullmatch(r"`([^`]+)`", cells[0])
    if not k:
        continue  # header and rule rows
    if len(cells) < 2 or not cells[1]:
        print("sizes.sh: HACKING.md Exceptions: `%s` has no reason" % k.group(1))
        listed[k.group(1)] = False
        continue
    listed[k.group(1)] = True
bad, used = 0, set()
for d in DIRS:
    top = os.path.join(root, d)
    if not os.path.isdir(top):
        continue
    for name in sorted(os.listdir(top)):
        if not name.endswith((".c", ".h")):
            continue
        rel = d + "/" + name
        body = open(os.path.join(top, name), encoding="utf-8", errors="replace").read()
        n = body.count("\n")
        if n > FILE_MAX:
            used.add(rel)
            if not listed.get(rel):
                print("sizes.sh: %s: %d lines (over %d); split it or give a reason in "
                      "HACKING.md's Exceptions" % (rel, n, FILE_MAX))
                bad += 1
        try:
            fns = funclen.functions(body)
        except ValueError as e:
            print("sizes.sh: %s: cannot measure its functions: %s" % (rel, e))
            bad += 1
            continue
        for fn, line, length in fns:
            if length > FUNC_MAX:
                key = rel + ":" + fn
                used.add(key)
                if not listed.get(key):
                    print("sizes.sh: %s:%d: %s is %d lines (over %d); split it or give a "
                          "reason in HACKING.md's Exceptions" % (rel, line, fn, length, FUNC_MAX))
                    bad += 1
for k in sorted(set(listed) - used):
    print("sizes.sh: HACKING.md Exceptions: `%s` is not over the limit (any more): remove its row" % k)
    bad += 1
sys.exit(1 if bad else 0)
PY
}

# The check must be able to fail: a 101-line function with braces in
# strings, characters and comments, unlisted.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/stats"
printf '## Exceptions\n\n| file or function | reason |\n| --- | --- |\n' >"$tmp/HACKING.md"
{
	printf 'int f(void)\n{\n\tconst char *s = "{{";\n\tchar c = '"'"'}'"'"';\n\t/* } */\n'
	i=0
	while [ $i -lt 94 ]; do printf '\t(void)s;\n'; i=$((i + 1)); done
	printf '\treturn c;\n}\nint g(void)\n{\n\treturn 0;\n}\n'
} >"$tmp/stats/long.c"
if out=$(check "$tmp"); then
	echo "sizes.sh: the check passed an unlisted 101-line function" >&2
	exit 1
fi
case $out in
*'stats/long.c:1: f is 101 lines'*) ;;
*) echo "sizes.sh: self-check: unexpected report: $out" >&2; exit 1 ;;
esac

check "$src" >&2
