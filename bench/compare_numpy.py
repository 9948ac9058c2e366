#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""compare_numpy.py A.json B.json: the table of `sriovstat compare --format csv`
(default options: trial mean, paired t-test, no adjustment) computed with
numpy and scipy, for bench/compare_speed.sh to time against sriovstat and to
check that both agree.

Prints CSV on stdout: benchmark,op,size,a_n,a_mean,a_sd,a_min,a_max,a_p50,
a_p90,a_p95,a_p99,b_...,diff,diff_pct,statistic,df,p (times in us).
With --check CLI.csv, compares with sriovstat's CSV instead and prints the
largest differences per column (exit 1 when a value disagrees by more than
1e-6 us and 1e-9 relative).
"""
import base64
import json
import sys

import numpy as np
from scipy import stats

DTYPES = {"base64-u32le": "<u4", "base64-u64le": "<u8"}


def samples(obj):
    """The samples object of a size as an array of ns (float64)."""
    if obj["encoding"] == "json-array":
        return np.asarray(obj["data"], dtype=np.float64)
    raw = base64.b64decode(obj["data"])
    return np.frombuffer(raw, dtype=DTYPES[obj["encoding"]]).astype(np.float64)


def load(path):
    """{(benchmark, op, size): [samples of each trial, in file order]}."""
    with open(path) as f:
        doc = json.load(f)
    out = {}
    for t in doc["trials"]:
        for s in t["sizes"]:
            key = (t["benchmark"], t.get("op", ""), s["size"])
            out.setdefault(key, []).append(samples(s["samples"]))
    return out


def side(trials):
    """n, mean, sd of trial means; pooled min, max, p50, p90, p95, p99 (ns)."""
    means = np.array([x.mean() for x in trials])
    pooled = np.concatenate(trials)
    p = np.percentile(pooled, [50, 90, 95, 99])  # linear: Hyndman-Fan type 7
    sd = means.std(ddof=1) if len(means) > 1 else 0.0
    return means, [len(means), means.mean(), sd, pooled.min(), pooled.max(), *p]


def table(path_a, path_b):
    a, b = load(path_a), load(path_b)
    head = ["benchmark", "op", "size"]
    for s in "ab":
        head += [s + "_" + k for k in ("n", "mean", "sd", "min", "max", "p50", "p90", "p95", "p99")]
    head += ["diff", "diff_pct", "statistic", "df", "p"]
    rows = []
    for key in sorted(set(a) & set(b), key=lambda k: (k[0], k[1], k[2])):
        ma, va = side(a[key])
        mb, vb = side(b[key])
        diff = mb.mean() - ma.mean()
        if len(ma) > 1 and len(ma) == len(mb):
            r = stats.ttest_rel(mb, ma)
            t, df, p = r.statistic, len(ma) - 1, r.pvalue
        else:
            t = df = p = float("nan")
        us = lambda v: [v[0]] + [x / 1000 for x in v[1:]]
        rows.append([key[0], key[1], key[2], *us(va), *us(vb), diff / 1000,
                     100 * diff / ma.mean(), t, df, p])
    return head, rows


def check(head, rows, cli_csv):
    """Compare our rows with sriovstat's CSV: each value must agree within
    1e-6 us (sriovstat rounds times to a picosecond) or 1e-9 relative."""
    import csv
    with open(cli_csv) as f:
        cli = {(r["benchmark"], r["op"], int(r["size"])): r for r in csv.DictReader(f)}
    worst_abs, worst_rel, bad = {}, {}, 0
    for row in rows:
        got = cli[(row[0], row[1], row[2])]
        for name, ours in zip(head[3:], row[3:]):
            theirs = float(got[name]) if got[name] != "" else float("nan")
            d = abs(ours - theirs)
            rel = d / max(abs(ours), 1e-300)
            worst_abs[name] = max(worst_abs.get(name, 0.0), d)
            worst_rel[name] = max(worst_rel.get(name, 0.0), rel)
            bad += not (d <= 1e-6 or rel <= 1e-9)
    print("%-10s %10s %10s" % ("column", "max |diff|", "max rel"))
    for name in head[3:]:
        print("%-10s %10.3g %10.3g" % (name, worst_abs[name], worst_rel[name]))
    print("%d rows compared, %d values disagree" % (len(rows), bad))
    return bad == 0


def main():
    args = sys.argv[1:]
    cli = None
    if "--check" in args:
        i = args.index("--check")
        cli = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    head, rows = table(*args)
    if cli:
        sys.exit(0 if check(head, rows, cli) else 1)
    print(",".join(head))
    for r in rows:
        print(",".join(str(x) for x in r))


if __name__ == "__main__":
    main()
