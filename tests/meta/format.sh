#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# format.sh: every C source and header is laid out as .clang-format says.
# The layout differs between clang-format releases: the check runs with
# version 14 (Debian 12's) and skips, saying so, with any other or none.
# Fix a file with: clang-format -i FILE
set -u
: "${abs_top_srcdir:?run through make check}"
cd "$abs_top_srcdir" || exit 99
cf=$(command -v clang-format-14 || command -v clang-format) ||
	{ echo "SKIP: no clang-format (Debian: clang-format)"; exit 77; }
case $("$cf" --version) in
*" version 14."*) ;;
*) echo "SKIP: $("$cf" --version) is not clang-format 14, whose layout .clang-format records"; exit 77 ;;
esac
[ -r .clang-format ] || { echo "format.sh: no .clang-format in $abs_top_srcdir" >&2; exit 1; }
fail=0 n=0
for f in $(find stats sys benchmarks sweep report bench tests/unit tests/tools tests/fuzz \
		tests/softverbs tests/cluster -name '*.[ch]' -not -path 'tests/fuzz/corpus/*' \
		-not -path 'tests/fuzz/regressions/*' 2>/dev/null | sort); do
	n=$((n + 1))
	if ! "$cf" --dry-run -Werror "$f" > /dev/null 2>&1; then
		echo "format.sh: $f is not laid out as .clang-format says (clang-format -i $f)" >&2
		fail=1
	fi
done
[ "$n" -gt 100 ] || { echo "format.sh: only $n C files found under $abs_top_srcdir" >&2; exit 1; }
[ $fail -eq 0 ] && echo "format.sh: $n C files as .clang-format lays them out"
exit $fail
