#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""plan_power.py: do the trials `sriovstat plan` asks for reach the power it
promises, when the trials are then compared with `sriovstat compare`?

Usage: bench/plan_power.py BUILD_DIR [REPLICATIONS] [SEED]
  (python3 with numpy; never run by make check; a minute or two)

Model, in ns: 4 sizes; at each, A's trial means 5000 + N(0, 100) and B's
the same trial plus a true difference of 2% (100 ns) plus N(0, 150)
(the sd of the paired differences, sigma = 150). Threshold 2%, power 80%,
the defaults otherwise (paired t, Holm: each size planned at 0.05/4).

1. Known sd: a pilot of 10 pairs whose differences have sd exactly sigma
   (standardized), so plan's n is the n for the true sigma. Then
   REPLICATIONS runs of n pairs each: the fraction of sizes whose raw p is
   below 0.05/4 (the level planned for; should be 0.80 +- 2 se) and whose
   Holm-adjusted p is below 0.05 (at least that: Holm is never less powerful
   than Bonferroni).
2. Estimated sd: each replication plans from its own pilot of 10 random
   pairs (the sd estimated from 9 df), then runs the n it asks for. The
   achieved power is lower on average (a too-small estimate of sd asks for
   too few trials): why the docs say to plan with margin.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

SIZES = (8, 64, 1024, 65536)
DELTA, SIGMA, BASE, TRIAL_SD = 100.0, 150.0, 5000.0, 100.0


def run(sriovstat, *args):
    out = subprocess.run([sriovstat, *args], check=True, capture_output=True, text=True)
    return out.stdout


def files(sriovstat, tmp, a, b):
    """a, b: {size: array of trial means in ns} -> two imported trial files."""
    paths = []
    for label, data in (("a", a), ("b", b)):
        csv = os.path.join(tmp, label + ".csv")
        js = os.path.join(tmp, label + ".json")
        if os.path.exists(js):
            os.unlink(js)
        with open(csv, "w") as f:
            f.write("trial,size,iteration,latency_us\n")
            for s in SIZES:
                for t, x in enumerate(data[s], 1):
                    f.write("%d,%d,1,%.6f\n" % (t, s, x / 1000.0))
        run(sriovstat, "import", "-l", label, "-o", js, csv)
        paths.append(js)
    return paths


def draw(rng, n, exact_sd=False):
    a, b = {}, {}
    for s in SIZES:
        x = BASE + rng.normal(0.0, TRIAL_SD, n)
        d = rng.normal(0.0, 1.0, n)
        if exact_sd:
            d = (d - d.mean()) / d.std(ddof=1)
        a[s] = x
        b[s] = x + DELTA + SIGMA * d
    return a, b


def planned(sriovstat, tmp, a, b):
    pa, pb = files(sriovstat, tmp, a, b)
    doc = json.loads(run(sriovstat, "plan", "--threshold", "2%", "--format", "json", pa, pb))
    return doc, [r["trials_needed"] for r in doc["rows"]]


def power_run(sriovstat, tmp, rng, n, alpha_test):
    """Per size: raw p < alpha_test, Holm-significant."""
    a, b = draw(rng, n)
    pa, pb = files(sriovstat, tmp, a, b)
    doc = json.loads(run(sriovstat, "compare", "--threshold", "2%", "--format", "json", pa, pb))
    raw = [r["p"] is not None and r["p"] < alpha_test for r in doc["rows"]]
    holm = [bool(r["significant"]) for r in doc["rows"]]
    return raw, holm


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sriovstat = os.path.join(sys.argv[1], "sriovstat")
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 20)
    with tempfile.TemporaryDirectory() as tmp:
        doc, ns = planned(sriovstat, tmp, *draw(rng, 10, exact_sd=True))
        n = max(ns)
        at = doc["alpha_per_test"]
        print("known sd %g: plan asks for %d pairs per size (alpha %g per size)" % (SIGMA, n, at))
        raw = holm = 0
        for _ in range(reps):
            r, h = power_run(sriovstat, tmp, rng, n, at)
            raw += sum(r)
            holm += sum(h)
        tot = reps * len(SIZES)
        se = (0.8 * 0.2 / tot) ** 0.5
        print("  achieved: p < %g at %.3f of %d size-runs (target 0.80 +- %.3f), Holm %.3f"
              % (at, raw / tot, tot, 2 * se, holm / tot))
        raw = 0
        asked = []
        for _ in range(reps):
            _, ns = planned(sriovstat, tmp, *draw(rng, 10))
            k = ns[0]  # the first size's plan, judged at that size
            asked.append(k)
            r, _ = power_run(sriovstat, tmp, rng, k, at)
            raw += r[0]
        print("estimated sd (pilots of 10 pairs): plan asked for %d to %d pairs (median %d);"
              " achieved power %.3f over %d runs"
              % (min(asked), max(asked), int(np.median(asked)), raw / reps, reps))


if __name__ == "__main__":
    main()
