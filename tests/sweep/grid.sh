#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# grid.sh: grids and node lists in --dry-run, without root: the product of
# the value lists with generated labels, each node's settings now and
# wanted (read through a command template on this machine), and a dry run
# that fails when a node cannot be reached.
. "$abs_top_srcdir/tests/sweep/lib.sh"

cat >"$WORK/grid.ini" <<INI
[sweep]
command = true
nodes = here, there
reach = $WORK/reach {node}
[config]
label = vm-somaxconn{conn}-{mode}
conn = 128, 256
mode = poll, event
env = MODE={mode}
sysctl = net.core.somaxconn={conn}
INI
# The template runs the node's command here for "here" and fails for "there".
cat >"$WORK/reach" <<INI
#!/bin/sh
if [ "\$1" = there ]; then echo "ssh: Could not resolve hostname there" >&2; exit 255; fi
shift
exec "\$@"
INI
chmod +x "$WORK/reach"
now=$(cat /proc/sys/net/core/somaxconn)
sweep "$WORK/grid.ini" --out "$WORK/o" --trials 1 --seed 1 --dry-run
expect_rc 1 "dry run with an unreachable node"
labels=$(sed -n 's/^  \([^ ]*\) (line 5): .*/\1/p' "$WORK/out" | tr '\n' ' ')
[ "$labels" = "vm-somaxconn128-poll vm-somaxconn128-event vm-somaxconn256-poll vm-somaxconn256-event " ] ||
	{ cat "$WORK/out" >&2; fail "grid labels: $labels"; }
grep -q '^    env         MODE=event$' "$WORK/out" || fail "grid: env"
grep -q "^    node here: sysctl:net.core.somaxconn $now -> 256\$" "$WORK/out" ||
	{ cat "$WORK/out" >&2; fail "now and wanted on node 'here'"; }
grep -q '^    node there: sysctl:net.core.somaxconn ? -> 128$' "$WORK/out" || fail "node 'there' has no value"
grep -q "^  node there: cannot be reached through template '$WORK/reach {node}' (exit status 255: ssh: Could not resolve hostname there)\$" "$WORK/out" ||
	{ cat "$WORK/out" >&2; fail "dry run: the unreachable node in the plan"; }
grep -q "^sriovstat: error: sweep: node there: cannot be reached" "$WORK/err" || { cat "$WORK/err" >&2; fail "dry run: error line"; }
[ ! -e "$WORK/o" ] || fail "the dry run wrote something"

# The real sweep stops before any trial, naming the node and the cause.
sweep "$WORK/grid.ini" --out "$WORK/o" --trials 1 --seed 1
expect_rc 1 "sweep with an unreachable node"
grep -q "^sriovstat: error: sweep: node there: cannot be reached through template .*Could not resolve hostname there)\$" "$WORK/err" ||
	{ cat "$WORK/err" >&2; fail "sweep: the unreachable node"; }
[ ! -e "$WORK/o" ] || fail "a sweep with an unreachable node created its folder"
[ "$(cat /proc/sys/net/core/somaxconn)" = "$now" ] || fail "somaxconn changed"

# Errors of grids name the line.
printf '[config]\nlabel = x\ncommand = true\nmode = a, b\n' >"$WORK/bad.ini"
sweep "$WORK/bad.ini" --out "$WORK/o" --trials 1 --dry-run
expect_rc 1 "a variable outside a grid"
grep -q "^sriovstat: error: $WORK/bad.ini:4: unknown key 'mode' (keys: " "$WORK/err" || { cat "$WORK/err" >&2; fail "variable outside a grid"; }
echo "grids and node lists in --dry-run: all checks passed"
