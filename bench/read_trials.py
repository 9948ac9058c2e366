#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Read a sriovstat trial file with nothing but json, base64 and numpy
(the snippet of doc/format.md) and print per trial and size: n, mean, p99 (us).
Usage: read_trials.py FILE.json [--quiet]   (--quiet: only count samples)"""
import base64
import json
import sys

import numpy as np


def ns(s):
    """One samples object as a numpy array of nanoseconds."""
    if s["encoding"] == "json-array":
        return np.array(s["data"], dtype=np.uint64)
    dtype = {"base64-u32le": "<u4", "base64-u64le": "<u8"}[s["encoding"]]
    return np.frombuffer(base64.b64decode(s["data"]), dtype)


def main():
    quiet = "--quiet" in sys.argv
    with open(sys.argv[1]) as f:
        doc = json.load(f)
    total = 0
    for t in doc["trials"]:
        for sz in t["sizes"]:
            v = ns(sz["samples"])
            total += v.size
            if not quiet:
                us = v / 1e3
                print(doc["label"], t["trial"], sz["size"], v.size,
                      "%.3f" % us.mean(), "%.3f" % np.percentile(us, 99))
    print("samples", total)


if __name__ == "__main__":
    main()
