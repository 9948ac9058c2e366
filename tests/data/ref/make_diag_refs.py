#!/usr/bin/python3
"""Reference values for the diagnostics' unit tests (tests/unit/test_diag.c,
stats/diag.h). Run by hand, NOT by `make check`:

    /usr/bin/python3 tests/data/ref/make_diag_refs.py tests/data/ref

It writes diag.ref (format: see README in this directory). Generated with
Debian 12's python3 3.11.2, python3-numpy 1.24.2, python3-scipy 1.10.1.
Inputs are fixed literals or drawn from numpy's default_rng with fixed seeds,
rounded, and stored in the file, so the tests never depend on the generator.

What each reference is:
- kendall_*: scipy.stats.kendalltau(x, y) -> tau-b and its two-sided p:
  method='exact' when neither x nor y has ties (as stats/diag.c up to 100
  values; scipy's own 'auto' stops at 33), else method='asymptotic' (the
  tie-corrected normal approximation); "exact" says which.
- lag1_*: the lag-1 autocorrelation as numpy computes it here:
  d = x - mean(x); sum(d[:-1] * d[1:]) / sum(d * d) (the estimator of
  statsmodels' acf and of R's acf(x)$acf[2]).
- warmup_*: trials of integer iterations (ns); per trial the mean of the
  first floor(n / 10) iterations and of the rest (numpy.mean), and
  scipy.stats.wilcoxon(first, rest) (method 'exact': fewer than 50 trials,
  no ties) -- the two-sided p of the trial-level warm-up test.
- outliers_*: the robust rule |x - median| > k * 1.4826 * MAD
  (numpy.median; scipy.stats.median_abs_deviation(x, scale='normal') is the
  scaled MAD), or with MAD 0, 1.2533 * mean |x - median|: the indices flagged.
"""
import os
import sys

import numpy as np
from scipy import stats

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))


def fmt(v):
    return " ".join(repr(float(x)) for x in v)


def case(f, name, **kv):
    f.write("case %s\n" % name)
    for k, v in kv.items():
        f.write("%s %s\n" % (k, fmt(np.atleast_1d(v))))
    f.write("end\n")


def kendall(f, name, x, y):
    ties = len(set(x)) < len(x) or len(set(y)) < len(y)
    r = stats.kendalltau(x, y, method="asymptotic" if ties else "exact")
    case(f, name, x=x, y=y, tau=r.correlation, p=r.pvalue, exact=0 if ties else 1)


def kendall_cases(f, rng):
    x = np.arange(1, 11, dtype=float)
    kendall(f, "kendall_10", x, np.round(10 + 0.05 * x + rng.normal(0, 0.1, 10), 3))
    x = np.arange(1, 16, dtype=float)
    kendall(f, "kendall_ties_15", x, np.round(x * 0.3 + rng.normal(0, 1, 15), 1))
    x = np.round(rng.normal(0, 1, 30), 2)
    kendall(f, "kendall_30", x, np.round(-x + rng.normal(0, 2, 30), 3))
    kendall(f, "kendall_ties_6", np.array([1, 2, 3, 4, 5, 6], dtype=float),
            np.array([3, 3, 1, 2, 2, 1], dtype=float))
    x = np.arange(1, 61, dtype=float)
    kendall(f, "kendall_60", x, np.round(0.02 * x + rng.normal(0, 1, 60), 4))
    kendall(f, "kendall_5_perfect", np.arange(1, 6, dtype=float), np.arange(11, 16, dtype=float))


def lag1(x):
    d = np.asarray(x, dtype=float) - np.mean(x)
    return np.sum(d[:-1] * d[1:]) / np.sum(d * d)


def lag1_cases(f, rng):
    for name, phi, n in (("lag1_ar_0.8", 0.8, 300), ("lag1_white", 0.0, 200),
                         ("lag1_ar_neg", -0.5, 50)):
        e = rng.normal(0, 100, n)
        x = np.zeros(n)
        for t in range(n):
            x[t] = (phi * x[t - 1] if t else 0.0) + e[t]
        v = np.round(5000 + x).astype(np.int64)
        case(f, name, x=v, r=lag1(v))


def warmup_cases(f, rng):
    for name, slow, ntrials, n in (("warmup_slow", 1.10, 12, 100), ("warmup_none", 1.0, 12, 100),
                                   ("warmup_small", 1.05, 9, 40)):
        trials, first, rest = [], [], []
        for _ in range(ntrials):
            v = rng.normal(2000, 60, n)
            w = n // 10
            v[:w] *= slow
            v = np.round(v).astype(np.int64)
            trials.append(v)
            first.append(np.mean(v[:w]))
            rest.append(np.mean(v[w:]))
        r = stats.wilcoxon(first, rest, method="exact")
        kv = {"ntrials": ntrials, "n": n}
        for i, v in enumerate(trials):
            kv["t%d" % i] = v
        kv.update(first=first, rest=rest, p=r.pvalue)
        case(f, name, **kv)


def outlier_flags(x, k):
    x = np.asarray(x, dtype=float)
    med = np.median(x)
    s = stats.median_abs_deviation(x, scale="normal")
    if s == 0:
        s = 1.2533141373155003 * np.mean(np.abs(x - med))
    return med, s, [i for i in range(len(x)) if s > 0 and abs(x[i] - med) > k * s]


def outlier_cases(f, rng):
    x = np.round(rng.normal(10000, 50, 15), 1)
    x[6] = 10900.0
    x[11] = 9500.0
    med, s, fl = outlier_flags(x, 5.0)
    case(f, "outliers_15", x=x, center=med, scale=s, flagged=fl)
    x = np.array([5000] * 9 + [5300], dtype=float)
    med, s, fl = outlier_flags(x, 5.0)
    case(f, "outliers_mad0", x=x, center=med, scale=s, flagged=fl)
    x = np.round(rng.normal(10000, 50, 12), 1)
    med, s, fl = outlier_flags(x, 5.0)
    case(f, "outliers_none", x=x, center=med, scale=s, flagged=fl if fl else [-1])


def main():
    rng = np.random.default_rng(20261129)
    with open(os.path.join(OUT, "diag.ref"), "w") as f:
        f.write("# generated by make_diag_refs.py (numpy %s, scipy %s); do not edit\n"
                % (np.__version__, __import__("scipy").__version__))
        kendall_cases(f, rng)
        lag1_cases(f, rng)
        warmup_cases(f, rng)
        outlier_cases(f, rng)


main()
