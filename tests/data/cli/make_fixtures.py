#!/usr/bin/env python3
"""Write the small trial files the sriovstat CLI tests read (run once, by hand).

    cd tests/data/cli && python3 make_fixtures.py

The files use the "json-array" sample encoding so that every sample can be
read in the file itself. Values are integer nanoseconds.

- sleep-drug1.json, sleep-drug2.json: R's `sleep` data set (Cushny and
  Peebles' extra hours of sleep for 10 patients under two drugs), each
  patient one trial holding one sample at size 8, shifted by +2 hours and
  scaled to ns ((extra + 2) * 1000), so that the tables show extra + 2 in us.
  A shift common to both sides leaves every two-sample test unchanged, so
  the CLI must print R's results (see README).
- native.json, vm.json: 3 trials x 5 samples at sizes 1 and 64 (and 4096 in
  native only, 1024 in trial 1 only), hand-picked values with a long tail.
- mixed.json: two (benchmark, op) groups in one file, collective samples with
  max_samples, one incomplete trial; coll.json: its collective trials only.
"""
import json
import re

def size(sz, samples, maxs=None, iterations=None):
    s = {"size": sz, "iterations": iterations if iterations is not None else len(samples),
         "warmup": 10,
         "samples": {"unit": "ns", "encoding": "json-array", "count": len(samples),
                     "data": samples}}
    if maxs is not None:
        s["max_samples"] = {"unit": "ns", "encoding": "json-array", "count": len(maxs),
                            "data": maxs}
    return s

def trial(n, sizes, bench="p2p_lat", op="pingpong", complete=True):
    return {"trial": n, "benchmark": bench, "op": op, "complete": complete,
            "ranks": 2, "sizes": sizes}

def write(path, label, trials):
    doc = {"format": "sriovstat-trials", "version": 1, "label": label, "trials": trials}
    text = json.dumps(doc, indent=2)
    # Keep each sample array on one line.
    text = re.sub(r"\[\s*([0-9,\s]+?)\s*\]",
                  lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]",
                  text)
    with open(path, "w") as f:
        f.write(text + "\n")

# R: sleep$extra[sleep$group == 1] and == 2.
drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
for label, xs in (("drug1", drug1), ("drug2", drug2)):
    write("sleep-%s.json" % label, label,
          [trial(i + 1, [size(8, [round((x + 2) * 1000)])]) for i, x in enumerate(xs)])

native = {
    1: [[1000, 1100, 1200, 1300, 5000], [1000, 1050, 1150, 1250, 1400], [900, 1000, 1100, 1200, 1300]],
    64: [[2000, 2100, 2200, 2300, 2400], [2050, 2150, 2250, 2350, 9050], [1950, 2050, 2150, 2250, 2350]],
    4096: [[8000, 8100, 8200, 8300, 8400], [8000, 8100, 8200, 8300, 8400], [8000, 8100, 8200, 8300, 8400]],
}
vm = {
    1: [[1500, 1600, 1700, 1800, 9000], [1400, 1500, 1600, 1700, 1800], [1450, 1550, 1650, 1750, 1850]],
    64: [[2100, 2200, 2300, 2400, 2500], [2000, 2100, 2200, 2300, 2400], [2150, 2250, 2350, 2450, 20000]],
}
once = {"native": [3000, 3100, 3200, 3300, 3400], "vm": [3500, 3600, 3700, 3800, 3900]}
for label, data in (("native", native), ("vm", vm)):
    trials = []
    for t in range(3):
        sizes = [size(sz, data[sz][t]) for sz in sorted(data)]
        if t == 0:
            sizes.append(size(1024, once[label]))
            sizes.sort(key=lambda s: s["size"])
        trials.append(trial(t + 1, sizes))
    write("%s.json" % label, label, trials)

coll = [
    trial(1, [size(8, [5000, 5200, 5400, 5600], [6000, 6300, 6600, 6900]),
              size(64, [7000, 7100, 7200, 7300], [8000, 8100, 8200, 8300])],
          bench="coll_lat", op="allgather"),
    trial(2, [size(8, [5100, 5300, 5500, 5700], [6100, 6400, 6700, 7000], iterations=4)],
          bench="coll_lat", op="allgather", complete=False),
    trial(3, [size(8, [1234, 1235, 1236])], bench="p2p_lat", op="pingpong"),
]
write("mixed.json", "coll", coll)
write("coll.json", "coll", coll[:2])
