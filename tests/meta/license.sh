#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# license.sh: every source file of the tree states its license with an SPDX
# line near its top (C, headers, shell, Python, Makefile fragments, m4, man
# pages); COPYING is the BSD-3-Clause text; the Spack recipe declares the
# same license; debian/copyright (in a git checkout, not shipped in the
# tarball) is machine-readable DEP-5 naming BSD-3-Clause with its text.
set -u
: "${abs_top_srcdir:?run through make check}"
cd "$abs_top_srcdir" || exit 99
fail=0
err() { echo "license.sh: $*" >&2; fail=1; }

tag='SPDX-License-Identifier: BSD-3-Clause'
n=0
for f in $(find . \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' \
		-o -name '*.mk' -o -name '*.bash' -o -name '*.[15]' -o -name '*.ini' \
		-o -name Makefile.am -o -name configure.ac \) \
		-not -path './build*' -not -path './_build*' -not -path './sriovstat-*' \
		-not -path './autom4te.cache/*' -not -path './build-aux/*' \
		-not -path './tests/data/*' -not -path './tests/fuzz/corpus/*' \
		-not -path './tests/fuzz/regressions/*' -not -path './.git/*' -type f); do
	n=$((n + 1))
	head -n 3 "$f" | grep -q "$tag" || err "$f: no '$tag' in its first 3 lines"
done
[ "$n" -gt 50 ] || err "found only $n source files under $abs_top_srcdir"

grep -q '^BSD 3-Clause License$' COPYING || err "COPYING: not the BSD 3-Clause text"
grep -q 'Neither the name of the copyright holder' COPYING || err "COPYING: clause 3 missing"
grep -q '^ *license("BSD-3-Clause")' packaging/spack/package.py ||
	err "packaging/spack/package.py: no license(\"BSD-3-Clause\")"
grep -q 'BSD-3-Clause' README.md || err "README.md: does not name the license"

if [ -f debian/copyright ]; then
	python3 - debian/copyright <<'PY' || fail=1
import sys
path = sys.argv[1]
paras, cur = [], {}
key = None
for no, line in enumerate(open(path, encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if not line.strip():
        if cur:
            paras.append(cur)
        cur, key = {}, None
        continue
    if line[0] in " \t":
        if key is None:
            sys.exit("%s:%d: continuation line outside a field" % (path, no))
        cur[key] += "\n" + line
        continue
    if ":" not in line:
        sys.exit("%s:%d: not a field: %r" % (path, no, line))
    key, val = line.split(":", 1)
    if key in cur:
        sys.exit("%s:%d: field %s twice in a paragraph" % (path, no, key))
    cur[key] = val.strip()
if cur:
    paras.append(cur)
head = paras[0]
if head.get("Format") != "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/":
    sys.exit("%s: first paragraph has no DEP-5 Format field" % path)
files = [p for p in paras[1:] if "Files" in p]
stand = {p["License"].split("\n")[0].strip(): p for p in paras[1:] if "Files" not in p and "License" in p}
if not files:
    sys.exit("%s: no Files paragraph" % path)
for p in files:
    for need in ("Copyright", "License"):
        if need not in p:
            sys.exit("%s: Files %s has no %s" % (path, p["Files"], need))
    short = p["License"].split("\n")[0].strip()
    if short != "BSD-3-Clause":
        sys.exit("%s: Files %s: license %r, not BSD-3-Clause" % (path, p["Files"], short))
    if "\n" not in p["License"] and short not in stand:
        sys.exit("%s: license %s has no text (no stand-alone License paragraph)" % (path, short))
text = stand.get("BSD-3-Clause", {}).get("License", "")
if "Neither the name of the copyright holder" not in text:
    sys.exit("%s: the BSD-3-Clause text is incomplete" % path)
PY
fi
[ "$fail" -eq 0 ] && echo "license.sh: $n source files carry '$tag'"
exit "$fail"
