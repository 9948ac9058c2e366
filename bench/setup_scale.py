#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""setup_scale.py: what listing the setup differences costs `sriovstat compare`
on trials from many nodes.

Writes two trial files of TRIALS trials each, every trial with one size of 4
samples and a fingerprint of NODES nodes (modelled on
tests/data/cli/setup-native.json: hostname, kernel, CPU, hypervisor, an RDMA
device with its ports and coalescing), the second file differing in UCX_TLS
and, on one node, the kernel. Then times `sriovstat compare` on them (median
of REPEATS runs, wall clock) and, as baselines, `sriovstat compare` on the same
files with the fingerprints removed and `sriovstat summary` (which reads the
fingerprints but lists nothing) on the full files, and prints all three.

    python3 bench/setup_scale.py BUILD/sriovstat [NODES [TRIALS [REPEATS]]]

Defaults: 1024 nodes, 15 trials, 5 repeats. Writes under a temporary folder,
removed at the end.
"""
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def node(i, kernel):
    return {
        "hostname": "node%05d" % i,
        "kernel": {"release": kernel, "version": "#1 SMP"},
        "cpu": {"model": "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz",
                "logical_cpus": 32, "smt": "off", "governor": "performance"},
        "virtualization": {"cpuid_hypervisor": True, "hypervisor_vendor": "KVMKVMKVM"},
        "rdma": {"probe": "libibverbs", "devices": [{
            "name": "mlx5_0", "fw_ver": "16.35.2000",
            "node_guid": "0c42:a103:00%02x:%04x" % (i >> 16, i & 0xffff),
            "pci": {"driver": "mlx5_core", "function": "vf", "evidence": "physfn"},
            "ports": [{"port": 1, "state": "ACTIVE", "link_layer": "InfiniBand",
                       "active_width": "4X", "active_speed": "EDR", "rate_gbps": 100}],
            "max_inline_data": 0}]},
        "network": {"selection": "rdma", "interfaces": {"ib0": {
            "rdma_device": "mlx5_0", "driver": "mlx5_core",
            "coalescing": {"rx_frames": 1, "rx_usecs": 0, "adaptive_rx": False}}}},
        "ranks": [i],
    }


def trial_file(label, nodes, trials, tls, odd_kernel, with_fp):
    out = {"format": "sriovstat-trials", "version": 1, "label": label, "trials": []}
    base = [node(i, "6.1.0-27-amd64") for i in range(nodes)]
    if odd_kernel:
        base[nodes // 2]["kernel"]["release"] = "6.1.0-28-amd64"
    for k in range(trials):
        t = {"trial": k + 1, "benchmark": "p2p_lat", "op": "pingpong", "complete": True,
             "start": "2026-11-22T10:%02d:00Z" % k, "ranks": nodes, "nodes": nodes}
        if with_fp:
            t["fingerprint"] = {"nodes": copy.deepcopy(base),
                                "environment": {"UCX_TLS": tls}}
        t["sizes"] = [{"size": 8, "iterations": 4, "warmup": 0, "samples": {
            "unit": "ns", "encoding": "json-array", "count": 4,
            "data": [1000 + k, 1010, 1020 + k, 1030]}}]
        out["trials"].append(t)
    return out


def timed(cmd, repeats):
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: setup_scale.py SRIOVSTAT [NODES [TRIALS [REPEATS]]]")
    exe = sys.argv[1]
    nodes = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    trials = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    with tempfile.TemporaryDirectory(prefix="sriovstat-setup.") as d:
        paths = {}
        for fp in (True, False):
            for label, tls, odd in (("a", "rc,self", False), ("b", "ud,self", True)):
                p = os.path.join(d, "%s%s.json" % (label, "" if fp else "-bare"))
                with open(p, "w") as f:
                    json.dump(trial_file(label, nodes, trials, tls, odd, fp), f)
                paths[(label, fp)] = p
        size = os.path.getsize(paths[("a", True)]) / 1e6
        with_fp = timed([exe, "compare", paths[("a", True)], paths[("b", True)]], repeats)
        bare = timed([exe, "compare", paths[("a", False)], paths[("b", False)]], repeats)
        load = timed([exe, "summary", paths[("a", True)], paths[("b", True)]], repeats)
        shown = subprocess.run([exe, "compare", paths[("a", True)], paths[("b", True)]],
                               check=True, capture_output=True, text=True).stdout
        rows = shown.split("setup:", 1)[1].strip().splitlines()
        print("%d nodes x %d trials per file (%.1f MB each), median of %d runs:"
              % (nodes, trials, size, repeats))
        print("  compare with fingerprints    %.3f s" % with_fp)
        print("  compare without fingerprints %.3f s" % bare)
        print("  summary with fingerprints    %.3f s (reads the same files, no setup listing)"
              % load)
        print("  setup rows listed: %s" % "; ".join(r.split()[0] for r in rows[4:]))


if __name__ == "__main__":
    main()
