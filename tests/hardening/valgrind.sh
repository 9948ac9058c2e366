#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# valgrind.sh: the sriovstat commands of the CLI tests (tests/cli/*.sh) and of
# the bad-file catalogue (bad_files.sh) run under valgrind memcheck: no
# invalid read or write, no use of uninitialised values, no definite leak.
#
#   tests/hardening/valgrind.sh [BUILDDIR]     (default: the current directory)
#
# The tests run unchanged against a stand-in build directory whose sriovstat
# runs the real one under valgrind; a memcheck error makes that command exit
# 99 (its test then fails too) and leaves a report, which is printed. Not
# part of make check (about 260 commands, 1.5 s each under valgrind: minutes,
# two scripts at a time, JOBS=N to change); .ci/run runs it. Exit 77 without
# valgrind.
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-.}" && pwd)
command -v valgrind >/dev/null 2>&1 || { echo "SKIP: valgrind not found"; exit 77; }
[ -x "$build/sriovstat" ] || { echo "valgrind.sh: $build/sriovstat is not built" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sriovstat-vg.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
stand=$work/build
mkdir -p "$stand/tests/tools" "$work/logs"
# The test tools the scripts call (trialdump, append_trial, ...), as built.
for t in "$build"/tests/tools/*; do
	case $t in *.o) continue ;; esac
	[ -f "$t" ] && [ -x "$t" ] && ln -s "$t" "$stand/tests/tools/${t##*/}"
done
cat >"$stand/sriovstat" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
	--show-leak-kinds=definite --log-file="$work/logs/vg.%p.log" \\
	"$build/sriovstat" "\$@"
WRAP
chmod +x "$stand/sriovstat"

# One test script; its result in $work/NAME.result.
run_one() {
	name=$(basename "$1")
	rc=0
	abs_top_srcdir=$src abs_top_builddir=$stand sh "$1" >"$work/$name.log" 2>&1 || rc=$?
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
		echo "ok - $name: $(tail -1 "$work/$name.log")" >"$work/$name.result"
	else
		{ echo "not ok - $name (exit $rc)"; grep '^not ok' "$work/$name.log" | head -10; } >"$work/$name.result"
	fi
}

# Two scripts at a time (valgrind's start-up dominates each command).
running=0
for t in "$src"/tests/cli/*.sh "$src/tests/hardening/bad_files.sh"; do
	case $t in */lib.sh) continue ;; esac
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "${JOBS:-2}" ]; then
		wait
		running=0
	fi
done
wait
cat "$work"/*.result
status=0
grep -q '^not ok' "$work"/*.result && status=1
runs=$(ls "$work/logs" | wc -l)
bad=0
for l in "$work"/logs/vg.*.log; do
	[ -s "$l" ] || continue
	bad=$((bad + 1))
	echo "--- memcheck report $(basename "$l")"
	head -40 "$l"
done
echo "$runs sriovstat commands under valgrind, $bad with memcheck errors or definite leaks"
[ "$bad" -eq 0 ] || status=1
exit $status
