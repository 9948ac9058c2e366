#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""coverage.py: do sriovstat's 95% intervals cover the truth 95% of the time
when trials vary between themselves (issue 12)? And how often do two
identical configurations get a size flagged under the default settings?

Usage: bench/coverage.py BUILD_DIR [REPLICATIONS] [SEED] [PCT_REPLICATIONS]
  (python3 with numpy; never run by make check; about 10 minutes idle with the
  defaults 200, 12 and 2000)

Model, in ns, per replication: A and B, 10 trials each (sweep-like rounds:
trial i of A and of B share a round effect r_i ~ N(0, 30)), 200 iterations
per trial; trial offsets a_i, b_i ~ N(0, 20) (the between-trial sd of the
issue), iterations ~ N(0, 50) around A: 5000 + r_i + a_i, B: 5250 + r_i + b_i
(B 5% slower). Truths: A's median and mean 5000 (symmetric noise); the
Hodges-Lehmann shift of the paired trial means 250 (symmetric differences);
the mean difference 250; the ratio B/A 1.05; A's pooled p90 and p99, those
of N(5000, sqrt(30^2 + 20^2 + 50^2)).
Printed: for each interval the fraction of replications covering its truth.

Percentile intervals (summary's percentile_ci at p50, p90, p95, p99, p99.9),
by design: trials x iterations of 10 x 200, 15 x 1000, 5 x 10000 and 3 x
1000, for two models of the iterations, one file per design whose sizes are
the replications (each size its own draw):
  normal: trial offsets ~ N(0, sqrt(30^2 + 20^2)) (round and trial as above),
    iterations ~ N(5000 + offset, 50); truth: quantiles of N(5000, SD_A);
  latency: a skewed mixture like a 1-byte ping-pong (median 0.46 us, mean
    1.67 us): lognormal iterations (median 460 ns, log-sd 0.08, trial effect
    on the log scale sd 0.05) and, with a per-trial probability
    0.03 exp(N(0, 0.5)) / exp(0.125), a slow one 460 ns + exponential of mean
    40 us; truth: quantiles of 20 million draws of 20,000 trials (fixed seed).
PCT_REPLICATIONS (default 2000) replications per design: at 200 the Monte
Carlo standard error of a 95% coverage is 1.5 points, too coarse to place it
within 93-97; at 2000 it is 0.5. An interval may be withheld (null: too few
trials or samples beyond the percentile, or the samples cannot bound it,
stats/pctci.h): printed is the fraction of replications that gave one, and
coverage counts only those.

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
# round + trial offset + iteration noise; its quantiles are the truths of
# summary's percentile intervals in the normal model (scipy.stats.norm.ppf).
SD_A = (30.0 ** 2 + 20.0 ** 2 + 50.0 ** 2) ** 0.5
PCTS = (50, 90, 95, 99, 99.9)
ZS = {50: 0.0, 90: 1.2815515655446004, 95: 1.6448536269514722, 99: 2.3263478740408408,
      99.9: 3.090232306167813}
DESIGNS = ((10, 200), (15, 1000), (5, 10000), (3, 1000))
CHUNK = 250  # replications per file in percentile_coverage


def normal_trials(rng, reps, k, m):
    off = rng.normal(0, (30.0 ** 2 + 20.0 ** 2) ** 0.5, (reps, k, 1))
    return 5000 + off + rng.normal(0, 50, (reps, k, m))


def latency_trials(rng, reps, k, m):
    mu = np.log(460.0) + rng.normal(0, 0.05, (reps, k, 1))
    w = 0.03 * np.exp(rng.normal(0, 0.5, (reps, k, 1))) / np.exp(0.125)
    fast = np.exp(mu + rng.normal(0, 0.08, (reps, k, m)))
    slow = rng.random((reps, k, m)) < w
    return fast + slow * rng.exponential(40000.0, (reps, k, m))


def latency_truth():
    rng = np.random.default_rng(20261130)
    big = np.concatenate([latency_trials(rng, 1, 2000, 1000).ravel() for _ in range(10)])
    return {p: float(np.percentile(big, p)) for p in PCTS}


def write_reps(path, x):
    """x[r, trial, iteration] in ns -> CSV with size r + 1 per replication."""
    reps, k, m = x.shape
    t = np.broadcast_to(np.arange(1, k + 1)[None, :, None], x.shape).ravel()
    sz = np.broadcast_to(np.arange(1, reps + 1)[:, None, None], x.shape).ravel()
    it = np.broadcast_to(np.arange(1, m + 1)[None, None, :], x.shape).ravel()
    order = np.lexsort((it, sz, t))
    us = np.rint(x.ravel()) / 1000.0
    with open(path, "w") as f:
        f.write("trial,size,iteration,latency_us\n")
        np.savetxt(f, np.column_stack((t[order], sz[order], it[order], us[order])),
                   fmt=("%d", "%d", "%d", "%.3f"), delimiter=",")


def percentile_coverage(sriovstat, tmp, reps, rng):
    """Rows (model, design, pct, given, covered, reps) of summary's percentile_ci,
    the replications written CHUNK at a time (one file, a size each)."""
    truths = {"normal": {p: 5000 + ZS[p] * SD_A for p in PCTS}, "latency": latency_truth()}
    rows = []
    for model, gen in (("normal", normal_trials), ("latency", latency_trials)):
        for k, m in DESIGNS:
            given = {p: 0 for p in PCTS}
            cov = {p: 0 for p in PCTS}
            csv = os.path.join(tmp, "pct.csv")
            js = os.path.join(tmp, "pct.json")
            for start in range(0, reps, CHUNK):
                if os.path.exists(js):
                    os.unlink(js)
                write_reps(csv, gen(rng, min(CHUNK, reps - start), k, m))
                run(sriovstat, "import", "-l", "P", "-o", js, csv)
                out = run(sriovstat, "summary", "--format", "json", "--percentiles",
                          ",".join("%g" % p for p in PCTS), js)
                srows = json.loads(out)["files"][0]["rows"]
                for p in PCTS:
                    cis = [r["percentile_ci"]["p%g" % p] for r in srows]
                    got = [c for c in cis if c is not None]
                    given[p] += len(got)
                    cov[p] += sum(c[0] <= truths[model][p] / 1000 <= c[1] for c in got)
            for p in PCTS:
                rows.append((model, "%d x %d" % (k, m), "p%g" % p, given[p], cov[p], reps))
    return rows


def coverage(sriovstat, tmp, reps, rng):
    hits = {"summary median_ci": 0, "summary mean_ci": 0, "compare ci (mean diff)": 0,
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
    preps = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
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
        prng = np.random.default_rng([seed, 99])
        print("summary percentile_ci (95%%), %d replications per design (seed %d);" % (preps, seed))
        print("  se: the Monte Carlo standard error of the coverage (binomial)")
        print("  %-8s %-11s %-6s %9s %8s %5s" % ("model", "trials x it", "pct", "printed", "covers",
                                                "se"))
        for model, design, name, given, cov, n in percentile_coverage(sriovstat, tmp, preps, prng):
            c = cov / given if given else None
            print("  %-8s %-11s %-6s %8.1f%% %8s %5s" % (
                model, design, name, 100.0 * given / n,
                "%.1f%%" % (100.0 * c) if given else "-",
                "%.1f" % (100.0 * (c * (1 - c) / given) ** 0.5) if given else "-"))


if __name__ == "__main__":
    main()
