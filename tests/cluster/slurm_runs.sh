#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# A real Slurm (Debian's slurm-wlm and munge) on two simulated hosts, running
# the commands of doc/multinode.md's Slurm section as written there: srun -N 2
# of p2p_lat and coll_lat through PMI2 (the PMI Debian's MPICH and Slurm
# share), salloc -N 2 with hydra's mpiexec inside the allocation, a sweep in
# salloc whose node settings (coalescing of a tap device on each host) are
# applied, verified and restored through srun, and the batch script through
# sbatch. Only trial counts are cut (--trials 15 to 1, then 2 by the batch
# job, which extends the sweep), and the interface is the hosts' tap device
# (ib0 there, rx-frames 88 becomes 32: tun takes at most 64). Skips (77)
# without root, namespaces, MPICH's hydra or the Slurm packages; every daemon
# stops with the cluster (exit, failure, signals).
. "${abs_top_srcdir:-.}/tests/cluster/common.sh"
. "$CLUSTER_SRCDIR/slurm.sh"
SRIOVSTAT="$BUILD/sriovstat"
DOC=${abs_top_srcdir:-.}/doc/multinode.md
cluster_require "$BUILD/p2p_lat" "$BUILD/coll_lat" "$SRIOVSTAT" "$TRIALQ"
slurm_require
[ -r "$DOC" ] || cluster_hard_error "no $DOC"
cluster_up 2
slurm_up
W=$CLUSTER_DIR/doc
mkdir -p "$W" && ln -s "$BUILD/p2p_lat" "$BUILD/coll_lat" "$W/" || fail "cannot make $W"
for k in 1 2; do
	ip -n "sbc$$-h$k" tuntap add tp0 mode tap 2> "$W/tap.err" ||
		cluster_skip "no tap device in a namespace: $(cat "$W/tap.err")"
done

# The Slurm section, its commands (lines of its sh blocks that start with
# srun, salloc or sbatch), its experiment file and its batch script.
awk '/^## Slurm$/ { p = 1; next } /^## / { p = 0 } p' "$DOC" > "$W/section"
awk '/^```sh$/ { b = 1; next } /^```$/ { b = 0 } b && /^(srun|salloc|sbatch) /' "$W/section" > "$W/commands"
awk '/^```ini$/ { b = 1; next } /^```$/ { b = 0 } b' "$W/section" |
	sed 's/^interface = ib0$/interface = tp0/; s/^rx-frames = 1, 88$/rx-frames = 1, 32/' > "$W/rx-nodes.ini"
awk '/^```sh$/ { b = 1; n = 0; next } /^```$/ { b = 0 } b && n++ == 0 && /^#!/ { s = 1 } b && s' "$W/section" |
	sed 's/--trials 15/--trials 2/' > "$W/sweep.sbatch"
expect_eq "commands in the Slurm section" "$(wc -l < "$W/commands" | tr -d ' ')" 7
grep -q '^nodes = slurm$' "$W/rx-nodes.ini" || fail "no experiment file in the Slurm section"
grep -q '^sriovstat sweep --trials 2 ' "$W/sweep.sbatch" || fail "no batch script in the Slurm section"

# run_doc LINE: one command of the section, in the hub, from $W, with the
# build directory first in PATH (sriovstat), its output in $W/run.*.
run_doc() {
	echo "# $(date +%T) $1"
	cmd=$(echo "$1" | sed 's/--trials 15/--trials 1/')
	(cd "$W" && PATH="$BUILD:$PATH" slurm_run timeout -k 5 150 sh -c "$cmd") < /dev/null \
		> "$W/run.out" 2> "$W/run.err" || { cat "$W/run.out" "$W/run.err" >&2; fail "$1"; }
}
while read -r line; do
	run_doc "$line"
	case $line in
	*hostname) expect_eq "srun hostname" "$(sort "$W/run.out" | tr '\n' ' ')" "node1 node2 " ;;
	esac
done < "$W/commands"

for f in native ar-2x1 hydra hydra-ar; do
	expect_eq "$f.json: trial, nodes, ranks per node, hosts" \
		"$("$TRIALQ" "$W/$f.json" trial nodes ranks_per_node fingerprint.nodes.*.hostname)" "1 2 1 node1,node2"
done

# The sweeps: salloc ran round 1, the batch job (on node1) round 2; each
# trial had rx-frames applied and read back on both nodes, recorded in its
# fingerprint; every node is back at rx-frames 0.
ls "$W"/sweep-*.out > /dev/null 2>&1 || fail "no output of the batch job (sweep-JOBID.out)"
python3 - "$W/results" <<'EOF' || fail "the sweeps through srun"
import json, sys
def nodes(fp):
    """Version 2 files store node descriptions once (format.md)."""
    if "node_descriptions" not in fp:
        return fp["nodes"]
    return [{k: n.get(k, v) for k, v in fp["node_descriptions"][n["description"]].items()}
            for n in fp["nodes"]]
d = sys.argv[1]
s = json.load(open(d + "/sweep.json"))
assert s["pending_node_restore"] is None
runs = s["runs"]
assert len(runs) == 4 and all(r["result"] == "ok" for r in runs), runs
assert len(s["sessions"]) == 2, s["sessions"]
for r in runs:
    want = {"coalesce:tp0:rx-frames": r["label"][2:]}
    assert r["node_settings"] == {"node1": want, "node2": want}, r
for fr in ("1", "32"):
    trials = json.load(open("%s/rx%s.json" % (d, fr)))["trials"]
    assert len(trials) == 2
    for t in trials:
        got = sorted((n["hostname"], n.get("settings", {}).get("coalesce:tp0:rx-frames"))
                     for n in nodes(t["fingerprint"]))
        assert got == [("node1", fr), ("node2", fr)], (fr, t["trial"], got, t["fingerprint"]["environment"])
EOF
for k in 1 2; do
	got=$("$CLUSTER_DIR/ssh" "node$k" "$SRIOVSTAT" node get coalesce:tp0:rx-frames)
	case $got in
	*'"values":{"coalesce:tp0:rx-frames":"0"}'*) ;;
	*) fail "node$k not restored after the sweeps: $got" ;;
	esac
done
echo "Slurm on two simulated hosts, doc/multinode.md's commands: all checks passed"
