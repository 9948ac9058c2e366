#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""coverage.py: do sriovstat's 95% intervals cover the truth 95% of the time
when trials vary between themselves (issue 12)? And how often do two
identical configurations get a size flagged under the default settings?

Usage: bench/coverage.py BUILD_DIR [REPLICATIONS] [SEED]
  (python3 with numpy; never run by make check; minutes)

Model, in ns, per replication: A and B, 10 trials each (sweep-like rounds:
trial i of A and of B share a round effect r_i ~ N(0, 30)), 200 iterations
per trial; trial offsets a_i, b_i ~ N(0, 20) (the between-trial sd of the
issue), iterations ~ N(0, 50) around A: 5000 + r_i + a_i, B: 5250 + r_i + b_i
(B 5% slower). Truths: A's median and mean 5000 (symmetric noise); the
Hodges-Lehmann shift of the paired trial means 250 (symmetric differences);
the mean difference 250; the ratio B/A 1.05; A's pooled p90 and p99, those
of N(5000, sqrt(30^2 + 20^2 + 50^2)).
Printed: for each interval the fraction of replications covering its truth.

False positives: two identical configurations (no difference at all), 23
sizes, 10 trials each, 20 iterations, same variation, compared with the
defaults (paired t, Holm, threshold 1%): the fraction of comparisons with
any size flagged significant, or called slower or faster.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def write_csv(path, trials):
    """trials: list of {size: array of ns} -> sriovstat import CSV (us)."""
    with open(path, "w") as f:
        f.write("trial,size,iteration,latency_us\n")
        for t, sizes in enumerate(trials, 1):
            for size, v in sizes.items():
                for i, x in enumerate(v, 1):
                    f.write("%d,%d,%d,%.3f\n" % (t, size, i, x / 1000.0))


def run(sriovstat, *args):
    out = subprocess.run([sriovstat, *args], check=True, capture_output=True, text=True)
    return out.stdout


def imported(sriovstat, tmp, label, trials):
    csv = os.path.join(tmp, label + ".csv")
    js = os.path.join(tmp, label + ".json")
    if os.path.exists(js):
        os.unlink(js)
    write_csv(csv, trials)
    run(sriovstat, "import", "-l", label, "-o", js, csv)
    return js


def covers(ci, truth):
    return ci is not None and ci[0] is not None and ci[0] <= truth <= ci[1]


# A's iterations, all trials together: normal around 5000 with the sd of
# round + trial offset + iteration noise; its p90 and p99 are the truths of
# summary's percentile intervals (scipy.stats.norm.ppf(0.90), (0.99)).
SD_A = (30.0 ** 2 + 20.0 ** 2 + 50.0 ** 2) ** 0.5
Z90, Z99 = 1.2815515655446004, 2.3263478740408408


def coverage(sriovstat, tmp, reps, rng):
    hits = {"summary median_ci": 0, "summary mean_ci": 0, "summary p90 percentile_ci": 0,
            "summary p99 percentile_ci": 0, "compare ci (mean diff)": 0,
            "compare effect (Hodges-Lehmann)": 0, "compare ratio B/A": 0}
    for _ in range(reps):
        r = rng.normal(0, 30, 10)
        a = [{8: np.rint(5000 + r[i] + rng.normal(0, 20) + rng.normal(0, 50, 200))}
             for i in range(10)]
        b = [{8: np.rint(5250 + r[i] + rng.normal(0, 20) + rng.normal(0, 50, 200))}
             for i in range(10)]
        ja = imported(sriovstat, tmp, "A", a)
        jb = imported(sriovstat, tmp, "B", b)
        s = json.loads(run(sriovstat, "summary", "--format", "json", ja))["files"][0]["rows"][0]
        c = json.loads(run(sriovstat, "compare", "--format", "json", ja, jb))["rows"][0]
        hits["summary median_ci"] += covers(s["median_ci"], 5.0)
        hits["summary mean_ci"] += covers(s["trial_mean_ci"], 5.0)
        for p, z in (("p90", Z90), ("p99", Z99)):
            hits["summary %s percentile_ci" % p] += covers(s["percentile_ci"][p],
                                                           (5000 + z * SD_A) / 1000)
        hits["compare ci (mean diff)"] += covers(c["ci"], 0.25)
        e = c["effect"]
        hits["compare effect (Hodges-Lehmann)"] += covers([e["ci_low"], e["ci_high"]], 0.25)
        q = c["ratio"]
        hits["compare ratio B/A"] += covers([q["ci_low"], q["ci_high"]], 1.05)
    return hits


SIZES = [1 << k for k in range(23)]


def false_positives(sriovstat, tmp, reps, rng):
    flagged = 0
    for _ in range(reps):
        files = []
        for label in ("A", "B"):
            trials = [{s: np.rint(5000 + rng.normal(0, 20) + rng.normal(0, 50, 20))
                       for s in SIZES} for _ in range(10)]
            files.append(imported(sriovstat, tmp, label, trials))
        c = json.loads(run(sriovstat, "compare", "--format", "json", *files))
        flagged += any(r["significant"] or r["verdict"] in ("slower", "faster")
                       for r in c["rows"])
    return flagged


def main():
    build = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    sriovstat = os.path.join(build, "sriovstat")
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory() as tmp:
        hits = coverage(sriovstat, tmp, reps, rng)
        print("coverage of 95%% intervals over %d replications (seed %d):" % (reps, seed))
        for k, v in hits.items():
            print("  %-34s %5.1f%%" % (k, 100.0 * v / reps))
        fp = false_positives(sriovstat, tmp, reps, rng)
        print("identical configurations, 23 sizes x 10 trials, defaults: %d of %d "
              "comparisons (%.1f%%) with any size flagged" % (fp, reps, 100.0 * fp / reps))


if __name__ == "__main__":
    main()
