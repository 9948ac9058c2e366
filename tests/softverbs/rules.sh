#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# softverbs keeps a device's rules: tests/softverbs/rules (two processes, no
# MPI) checks the QP state machine, inline and access limits, data movement,
# atomics, completion events (the re-arm race, a wait that sleeps) and error
# completions; then its report shows nothing leaked.
set -u
BUILD=${abs_top_builddir:-$(pwd)}
R="$BUILD/tests/softverbs/rules"
[ -x "$R" ] || { echo "SKIP: tests/softverbs/rules not built (no libibverbs)"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/softverbs-rules.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT
SOFTVERBS_DIR=$WORK SOFTVERBS_PROFILE=pf "$R" > "$WORK/out" 2>&1
rc=$?
cat "$WORK/out"
[ $rc -eq 0 ] || { echo "FAIL: rules exit $rc"; exit 1; }
if grep -q '^not ok' "$WORK/out"; then echo "FAIL: a rule"; exit 1; fi
n=0
for r in "$WORK"/report.*; do
	n=$((n + 1))
	awk '{ for (i = 5; i <= 21; i += 2) if ($(i + 1) != 0) bad = 1 } END { exit bad }' "$r" ||
		{ echo "FAIL: leak: $(cat "$r")"; exit 1; }
done
[ $n -eq 2 ] || { echo "FAIL: $n reports, expected 2"; exit 1; }
echo "softverbs rules: all checks passed"
