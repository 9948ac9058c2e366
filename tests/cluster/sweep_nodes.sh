#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# sriovstat sweep with node settings on two simulated hosts: each host has a
# tap device (the tun driver has rx-frames coalescing; veth has none) and its
# own network namespace's sysctls. The sweep reaches the hosts through the
# cluster's ssh stand-in ("reach = CLUSTER_DIR/ssh {node}") and must apply,
# verify and restore the settings on both: after a normal sweep, after
# SIGTERM, after SIGKILL (the next sweep restores), and when one host stops
# answering mid-sweep; a host that cannot
# be reached stops the sweep (and fails --dry-run) before any trial. The
# trials of p2p_lat across both hosts record each host's settings in its
# fingerprint, so compare lists a half-applied configuration.
. "${abs_top_srcdir:-.}/tests/cluster/common.sh"
SRIOVSTAT="$BUILD/sriovstat"
cluster_require "$BUILD/p2p_lat" "$TRIALQ"
[ -x "$SRIOVSTAT" ] || cluster_hard_error "$SRIOVSTAT is not built"
cluster_up 2
W=$CLUSTER_DIR
for k in 1 2; do
	ip -n "sbc$$-h$k" tuntap add tp0 mode tap 2> "$W/tap.err" ||
		cluster_skip "no tap device in a namespace: $(cat "$W/tap.err")"
done
SACK0=$(cat /proc/sys/net/ipv4/tcp_sack)

# on NODE SETTING...: the settings as node NODE reads them, "k=v k=v".
on() {
	n=$1
	shift
	"$W/ssh" "$n" "$SRIOVSTAT" node get "$@" | sed -n 's/^sriovstat-node: //p' |
		python3 -c 'import json, sys; d = json.load(sys.stdin); print(" ".join(k + "=" + v for k, v in sorted(d["values"].items())))'
}
# expect_restored WHAT: both hosts at their original settings.
ORIG="coalesce:tp0:rx-frames=0 sysctl:net.ipv4.tcp_sack=1"
expect_restored() {
	for n in node1 node2; do
		expect_eq "$1: $n" "$(on "$n" coalesce:tp0:rx-frames sysctl:net.ipv4.tcp_sack)" "$ORIG"
	done
	expect_eq "$1: this machine's tcp_sack" "$(cat /proc/sys/net/ipv4/tcp_sack)" "$SACK0"
}
expect_eq "tap coalescing on node2" "$(on node2 coalesce:tp0:rx-frames)" "coalesce:tp0:rx-frames=0"
for n in node1 node2; do "$W/ssh" "$n" sysctl -qw net.ipv4.tcp_sack=1; done
expect_restored "before"

# ---- a grid on both hosts, p2p_lat across them ----
cat > "$W/grid.ini" <<EOF
[sweep]
nodes = node[1-2]
reach = $W/ssh {node}
interface = tp0
command = ip netns exec sbc$$-hub $CLUSTER_MPIEXEC -launcher ssh -launcher-exec $W/ssh -localhost $CLUSTER_HUB_ADDR -hosts node1,node2 -n 2 -ppn 1 p2p_lat -m 8 -i 50 -x 5 --quiet
trials = 1
seed = 7

[config]
label = rx{rx-frames}-{sack}
rx-frames = 1, 32
sack = 0, 1
sysctl = net.ipv4.tcp_sack={sack}
EOF
"$SRIOVSTAT" sweep "$W/grid.ini" --out "$W/g" --dry-run > "$W/plan" 2> "$W/plan.err" ||
	{ cat "$W/plan" "$W/plan.err" >&2; fail "dry run of the grid"; }
grep -q '^nodes:      2 (node1, node2), reached through template ' "$W/plan" || fail "dry run: nodes line"
grep -c '^  rx[0-9]*-[01] (line 9)' "$W/plan" | grep -qx 4 || { cat "$W/plan" >&2; fail "dry run: 4 configurations of the grid"; }
grep -q '^    node node2: coalesce:tp0:rx-frames 0 -> 32, sysctl:net.ipv4.tcp_sack 1 -> 0$' "$W/plan" ||
	{ cat "$W/plan" >&2; fail "dry run: now and wanted on node2"; }
"$SRIOVSTAT" sweep "$W/grid.ini" --out "$W/g" --timeout 60 --no-summary > "$W/out" 2> "$W/err" ||
	{ cat "$W/out" "$W/err" >&2; fail "grid sweep on two hosts"; }
expect_restored "after the grid sweep"
for l in rx1-0 rx1-1 rx32-0 rx32-1; do
	f="$W/g/$l.json"
	fr=${l%-*}
	fr=${fr#rx}
	sk=${l#*-}
	# Every node of the trial recorded the settings in force (read by its ranks).
	# (Version 2 files store node descriptions once: expanded as format.md says.)
	expect_eq "$l: nodes and their settings" "$(python3 -c '
import json, sys
def nodes(fp):
    if "node_descriptions" not in fp:
        return fp["nodes"]
    return [{k: n.get(k, v) for k, v in fp["node_descriptions"][n["description"]].items()}
            for n in fp["nodes"]]
for t in json.load(open(sys.argv[1]))["trials"]:
    print(t["nodes"], " ".join(n["hostname"] + ":" + n["settings"]["coalesce:tp0:rx-frames"] + ":" +
                               n["settings"]["sysctl:net.ipv4.tcp_sack"] for n in nodes(t["fingerprint"])))' "$f")" \
		"2 node1:$fr:$sk node2:$fr:$sk"
done
python3 - "$W/g/sweep.json" <<'EOF' || fail "sweep.json records what each node read back"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["pending_node_restore"] is None, d["pending_node_restore"]
assert len(d["runs"]) == 4
for r in d["runs"]:
    fr, sk = r["label"][2:].split("-")
    want = {"coalesce:tp0:rx-frames": fr, "sysctl:net.ipv4.tcp_sack": sk}
    assert r["result"] == "ok" and r["node_settings"] == {"node1": want, "node2": want}, r
EOF

# A half-applied configuration, made by hand: node2 left at rx-frames 1.
# compare's setup listing shows both values of the nodes.
"$W/ssh" node1 "$SRIOVSTAT" node set coalesce:tp0:rx-frames=32 > /dev/null || fail "node set on node1"
"$W/ssh" node2 "$SRIOVSTAT" node set coalesce:tp0:rx-frames=1 > /dev/null || fail "node set on node2"
CLUSTER_TIMEOUT=60 SRIOVSTAT_NODE_SETTINGS=coalesce:tp0:rx-frames run_trial "$W/half" "$W/half.json" \
	-n 2 -ppn 1 "$BUILD/p2p_lat" -m 8 -i 50 -x 5 --quiet --label rx32-1 --json "$W/half.json"
for n in node1 node2; do "$W/ssh" "$n" "$SRIOVSTAT" node set coalesce:tp0:rx-frames=0 > /dev/null; done
"$SRIOVSTAT" compare "$W/g/rx32-1.json" "$W/half.json" > "$W/cmp" 2>&1
grep 'coalesce:tp0:rx-frames' "$W/cmp" | grep -q '32.*1' ||
	{ cat "$W/cmp" >&2; fail "compare does not list the half-applied rx-frames"; }

# ---- SIGTERM during a trial: both hosts restored ----
cat > "$W/term.ini" <<EOF
[sweep]
nodes = node1, node2
reach = $W/ssh {node}
command = sleep 30
trials = 1
[config]
label = rx16
setting = coalesce:tp0:rx-frames=16
sysctl = net.ipv4.tcp_sack=0
EOF
"$SRIOVSTAT" sweep "$W/term.ini" --out "$W/t" > "$W/out" 2> "$W/err" &
sw=$!
i=0
until grep -q '"result":"running"' "$W/t/sweep.json" 2> /dev/null &&
	[ "$(on node2 coalesce:tp0:rx-frames)" = "coalesce:tp0:rx-frames=16" ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || { kill -KILL $sw; fail "the SIGTERM sweep did not apply its settings"; }
	sleep 0.1
done
expect_eq "node1 while the trial runs" "$(on node1 coalesce:tp0:rx-frames sysctl:net.ipv4.tcp_sack)" \
	"coalesce:tp0:rx-frames=16 sysctl:net.ipv4.tcp_sack=0"
kill -TERM $sw
wait $sw
expect_eq "exit status after SIGTERM" $? 143
expect_restored "after SIGTERM"

# ---- SIGKILL during a trial: no handler runs, sweep.json keeps what to put
# back, and the next sweep on the folder restores it before anything else ----
cat > "$W/kill.ini" <<EOF
[sweep]
nodes = node1, node2
reach = $W/ssh {node}
command = sh -c 'echo \$\$ > $W/trial.pid; [ -e $W/fast ] || exec sleep 30'
trials = 1
[config]
label = rx16
setting = coalesce:tp0:rx-frames=16
EOF
rm -f "$W/trial.pid"
"$SRIOVSTAT" sweep "$W/kill.ini" --out "$W/k" > "$W/out" 2> "$W/err" &
sw=$!
i=0
until [ -s "$W/trial.pid" ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || { kill -KILL $sw; fail "the SIGKILL sweep did not start its trial"; }
	sleep 0.1
done
kill -KILL $sw
wait $sw 2> /dev/null
kill -KILL "$(cat "$W/trial.pid")" 2> /dev/null
expect_eq "node2 after SIGKILL" "$(on node2 coalesce:tp0:rx-frames)" "coalesce:tp0:rx-frames=16"
: > "$W/fast"
"$SRIOVSTAT" sweep "$W/kill.ini" --out "$W/k" --no-summary > "$W/out" 2> "$W/err" ||
	{ cat "$W/err" >&2; fail "the sweep after SIGKILL"; }
grep -q 'ended without restoring node settings: restoring them now' "$W/err" ||
	{ cat "$W/err" >&2; fail "no pending restore after SIGKILL"; }
expect_restored "after SIGKILL and the next sweep"

# ---- one host stops answering mid-sweep ----
# The reach refuses node2 once the first trial has made the marker: the
# restore after that trial fails there (loudly, with the command to run),
# node1 is restored, the sweep stops, sweep.json keeps what node2 needs. The
# next sweep, with node2 back, puts it back first and goes on.
cat > "$W/reach" <<EOF
#!/bin/sh
if [ "\$1" = node2 ] && [ -e "$W/down" ]; then
	echo "ssh: connect to host node2 port 22: Connection refused" >&2
	exit 255
fi
exec "$W/ssh" "\$@"
EOF
chmod +x "$W/reach"
cat > "$W/fail.ini" <<EOF
[sweep]
nodes = node1,node2
reach = $W/reach {node}
trials = 2
seed = 3
[config]
label = a
command = touch $W/down
sysctl = net.ipv4.tcp_sack=0
[config]
label = b
command = true
rx-frames = 8
interface = tp0
EOF
"$SRIOVSTAT" sweep "$W/fail.ini" --out "$W/f" --no-summary > "$W/out" 2> "$W/err"
expect_eq "exit status when node2 goes away" $? 1
grep -q 'COULD NOT RESTORE the settings of node node2: cannot be reached through template .*Connection refused' "$W/err" ||
	{ cat "$W/err" >&2; fail "no loud message about node2"; }
grep -q "error:     $W/reach node2 $SRIOVSTAT node --node node2 set sysctl:net.ipv4.tcp_sack=1\$" "$W/err" ||
	{ cat "$W/err" >&2; fail "no restore command for node2"; }
expect_eq "node1 after node2 failed" "$(on node1 sysctl:net.ipv4.tcp_sack)" "sysctl:net.ipv4.tcp_sack=1"
expect_eq "node2 still changed" "$(on node2 sysctl:net.ipv4.tcp_sack)" "sysctl:net.ipv4.tcp_sack=0"
python3 -c 'import json, sys; p = json.load(open(sys.argv[1]))["pending_node_restore"]; assert p["nodes"]["node2"] == {"sysctl:net.ipv4.tcp_sack": "1"}, p' \
	"$W/f/sweep.json" || fail "sweep.json does not keep node2's pending restore"
# While node2 is away the sweep refuses to go on.
"$SRIOVSTAT" sweep "$W/fail.ini" --out "$W/f" --no-summary > "$W/out" 2> "$W/err"
expect_eq "exit status while node2 is away" $? 1
rm -f "$W/down"
"$SRIOVSTAT" sweep "$W/fail.ini" --out "$W/f" --no-summary > "$W/out" 2> "$W/err"
rc=$?
# The command of 'a' takes node2 away again: the sweep stops once more after
# restoring node1; a last run with the marker removed by hand finishes.
while [ $rc -ne 0 ] && [ -e "$W/down" ]; do
	grep -q 'earlier sweep .* ended without restoring node settings: restoring them now' "$W/err" ||
		{ cat "$W/err" >&2; fail "the pending restore was not done"; }
	rm -f "$W/down"
	"$SRIOVSTAT" sweep "$W/fail.ini" --out "$W/f" --no-summary > "$W/out" 2> "$W/err"
	rc=$?
done
expect_eq "exit status once node2 is back" $rc 0
rm -f "$W/down"
expect_restored "after node2 came back"

# ---- an unreachable host: --dry-run fails, the sweep runs no trial ----
sed 's/^nodes = node1, node2$/nodes = node1, node9/' "$W/term.ini" > "$W/nine.ini"
"$SRIOVSTAT" sweep "$W/nine.ini" --out "$W/n" --dry-run > "$W/out" 2> "$W/err"
expect_eq "dry run with node9" $? 1
grep -q '^  node node9: cannot be reached through template .*node9 is not a host of this cluster' "$W/out" ||
	{ cat "$W/out" >&2; fail "dry run does not name node9"; }
grep -q '^    node node1: coalesce:tp0:rx-frames 0 -> 16, sysctl:net.ipv4.tcp_sack 1 -> 0$' "$W/out" ||
	{ cat "$W/out" >&2; fail "dry run: node1's now and wanted"; }
"$SRIOVSTAT" sweep "$W/nine.ini" --out "$W/n" > "$W/out" 2> "$W/err"
expect_eq "sweep with node9" $? 1
grep -q '^sriovstat: error: sweep: node node9: cannot be reached' "$W/err" || { cat "$W/err" >&2; fail "node9 message"; }
[ ! -e "$W/n/rx16.json" ] && [ ! -e "$W/n/rx16.log" ] || fail "a trial ran although node9 is unreachable"
expect_restored "after the node9 sweep"
echo "sweep with node settings on two hosts: all checks passed"
