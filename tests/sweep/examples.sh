#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# examples.sh: the experiment files in doc/examples parse (their programs may
# be missing here: only "not found" is accepted then), the full example in
# doc/experiment.md is doc/examples/matrix.ini, and the README's demo plans
# as written where mpiexec is installed.
. "$abs_top_srcdir/tests/sweep/lib.sh"

EX="$abs_top_srcdir/doc/examples"
n=0
for f in "$EX"/*.ini; do
	n=$((n + 1))
	sweep "$f" --out "$WORK/ex" --dry-run
	if [ "$RC" -eq 0 ]; then
		grep -q '^order (round' "$WORK/out" || fail "$f: no plan printed"
	elif [ "$RC" -eq 1 ] && grep -Eq "^sriovstat: error: $f:[0-9]+: command '[^']*' \(configuration '[^']*'\): (not found in PATH|not an executable file)\$" "$WORK/err"; then
		note "$(basename "$f"): parses; $(sed 's/.*: command/command/' "$WORK/err")"
	elif [ "$RC" -eq 1 ] && grep -q '^order (round' "$WORK/out" &&
		grep -q "^sriovstat: error: sweep: the coalescing of [0-9]* configurations\{0,1\} cannot be applied on this machine" "$WORK/err"; then
		note "$(basename "$f"): plan printed; its interface is not here, so the dry run fails"
	else
		cat "$WORK/err" >&2
		fail "$f: exit $RC"
	fi
	[ ! -e "$WORK/ex" ] || fail "$f: --dry-run created the output folder"
done
[ "$n" -ge 4 ] || fail "only $n example files"

# The full example of doc/experiment.md is matrix.ini (less its license line).
awk '/^```ini$/ { on = 1; next } /^```$/ && on { exit } on' "$abs_top_srcdir/doc/experiment.md" >"$WORK/md.ini"
grep -v "^# SPDX-License-Identifier:" "$EX/matrix.ini" >"$WORK/matrix.ini"
cmp -s "$WORK/md.ini" "$WORK/matrix.ini" || { diff "$WORK/md.ini" "$WORK/matrix.ini" >&2; fail "doc/experiment.md and matrix.ini differ"; }

# The README demo: p2p_lat is found beside sriovstat, 5 trials of 2 labels.
command -v mpiexec >/dev/null 2>&1 || skip "no mpiexec: the demo file was only parsed"
sweep "$EX/ucx-sm-vs-tcp.ini" --out "$WORK/results" --dry-run --seed 1
expect_rc 0 "demo plan"
grep -q '^10 of 10 trials to run\.$' "$WORK/out" || fail "demo: count"
grep -q "^    command     mpiexec -n 2 $BUILD/p2p_lat -m 0:4096 -i 5000 --label shm --json $WORK/results/shm.json\$" "$WORK/out" ||
	{ cat "$WORK/out" >&2; fail "demo: command of shm"; }
exit 0
