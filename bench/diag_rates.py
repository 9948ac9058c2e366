#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""diag_rates.py: how often do sriovstat's diagnostics of the data
(stats/diag.h: outlying trials, drift, warm-up, autocorrelation) warn on
clean data, and how often do they catch each effect they are built for?

Usage: bench/diag_rates.py BUILD_DIR [REPLICATIONS] [SEED]
  (python3 with numpy; never run by make check; minutes)

Model, in ns, per replication: one file of 10 trials x 200 iterations at 23
sizes; trial offsets ~ N(0, 20), iterations iid ~ N(0, 50) around 5000
("clean"). Each effect changes the clean model at every size:
  outlier   trial 7 offset +300 (15 between-trial sds)
  drift     +10 ns per trial (trial 10 is 90 ns slower than trial 1)
  warmup    the first 20 iterations of every trial +100 (2%)
  autocorr  iterations an AR(1) series, phi 0.7, same marginal sd
Printed: per model and per diagnostic, the fraction of (replication, size)
cells where `sriovstat summary --format json` lists it.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

SIZES = [2 ** k for k in range(23)]
KINDS = ("outlying", "drifts", "warm-up", "autocorrelated")


def trial_values(rng, model, trial):
    off = rng.normal(0, 20) + (300 if model == "outlier" and trial == 7 else 0)
    off += 10 * (trial - 1) if model == "drift" else 0
    out = {}
    for s in SIZES:
        z = rng.normal(0, 50, 200)
        if model == "autocorr":
            e = np.zeros(200)
            for i in range(200):
                e[i] = (0.7 * e[i - 1] if i else 0) + z[i] * np.sqrt(1 - 0.49)
            z = e
        v = 5000 + off + z
        if model == "warmup":
            v[:20] += 100
        out[s] = np.round(v)
    return out


def one(sriovstat, tmp, rng, model):
    csv = os.path.join(tmp, "f.csv")
    js = os.path.join(tmp, "f.json")
    with open(csv, "w") as f:
        f.write("trial,size,iteration,latency_us\n")
        for t in range(1, 11):
            for s, v in trial_values(rng, model, t).items():
                for i, x in enumerate(v, 1):
                    f.write("%d,%d,%d,%.3f\n" % (t, s, i, x / 1000.0))
    if os.path.exists(js):
        os.unlink(js)
    subprocess.run([sriovstat, "import", "-l", model, "-o", js, csv], check=True,
                   capture_output=True)
    out = subprocess.run([sriovstat, "summary", "--format", "json", js], check=True,
                         capture_output=True, text=True).stdout
    rows = json.loads(out)["files"][0]["rows"]
    return [[any(k in d for d in r["diagnostics"]) for k in KINDS] for r in rows]


def main():
    build = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    sriovstat = os.path.join(build, "sriovstat")
    print("%d replications x %d sizes, 10 trials x 200 iterations" % (reps, len(SIZES)))
    print("%-9s %9s %9s %9s %15s" % ("model", *KINDS))
    with tempfile.TemporaryDirectory() as tmp:
        for model in ("clean", "outlier", "drift", "warmup", "autocorr"):
            cells = []
            for _ in range(reps):
                cells += one(sriovstat, tmp, rng, model)
            frac = np.mean(np.array(cells, dtype=float), axis=0)
            print("%-9s %9.3f %9.3f %9.3f %15.3f" % (model, *frac))


main()
