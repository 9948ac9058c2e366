#!/usr/bin/env python3
"""Write the catalogue of bad trial files (tests/data/bad/*.json).

Run once by hand (python3 make_bad.py in this directory) when the catalogue
changes; make check never runs it. Each NAME.json has a NAME.expected holding
the one error line `sriovstat summary NAME.json` must print (exit 1); those
were written from the program's output and checked by reading each one
against the file it describes (tests/hardening/bad_files.sh diffs them).

Every file starts from one small valid file (two trials of coll_lat
allgather, sizes 4 and 8, three samples each, samples and max_samples in
base64) and breaks one thing.
"""
import base64
import copy
import json
import random
import struct


def samples(values, wide=False):
    fmt = "<%dQ" if wide else "<%dI"
    raw = struct.pack(fmt % len(values), *values)
    return {"unit": "ns", "encoding": "base64-u64le" if wide else "base64-u32le",
            "count": len(values), "data": base64.b64encode(raw).decode()}


def size(sz, vals, maxv):
    return {"size": sz, "iterations": len(vals), "warmup": 1,
            "summary": {"avg_us": sum(vals) / len(vals) / 1000.0},
            "samples": samples(vals), "max_samples": samples(maxv)}


def trial(n):
    return {"trial": n, "benchmark": "coll_lat", "op": "allgather", "complete": True,
            "start": "2024-01-01T00:00:0%d.000Z" % n, "ranks": 2,
            "sizes": [size(4, [1200, 1300, 1250], [1400, 1500, 1450]),
                      size(8, [1700, 1650, 1800], [1900, 1850, 2000])]}


BASE = {"format": "sriovstat-trials", "version": 1, "label": "bad",
        "trials": [trial(1), trial(2)]}


def text(doc):
    return json.dumps(doc, indent=1) + "\n"


files = {}


def doc_case(name, mutate):
    d = copy.deepcopy(BASE)
    mutate(d)
    files[name] = text(d).encode()


def raw_case(name, data):
    files[name] = data if isinstance(data, bytes) else data.encode()


def setter(path, value):
    """A mutation setting d[path...] = value (value DELETE removes the key)."""
    def mutate(d):
        o = d
        for k in path[:-1]:
            o = o[k]
        if value is DELETE:
            del o[path[-1]]
        else:
            o[path[-1]] = value
    return mutate


DELETE = object()
T0 = ["trials", 0]
S0 = T0 + ["sizes", 0]
SAMP = S0 + ["samples"]

good = text(BASE)

# Truncated at several points.
raw_case("trunc-1-byte", good[:1])
raw_case("trunc-in-key", good[:good.index('"version"') + 4])
raw_case("trunc-in-base64", good[:good.index('"data": "') + 15])
raw_case("trunc-after-first-trial", good[:good.index('"trial": 2') - 5])
raw_case("trunc-last-brace", good.rstrip()[:-1])
doc_case("trunc-base64-data", lambda d: d["trials"][0]["sizes"][0]["samples"].update(
    data=d["trials"][0]["sizes"][0]["samples"]["data"][:-4]))

# Empty, blank, garbage, not a trial file.
raw_case("empty", b"")
raw_case("blank", b" \n\t\n")
rng = random.Random(7)
raw_case("binary-garbage", bytes(rng.randrange(256) for _ in range(512)))
raw_case("binary-no-nul", bytes(rng.randrange(1, 256) for _ in range(512)))
raw_case("nul-in-text", good[:40].encode() + b"\0" + good[40:].encode())
raw_case("utf8-bom", b"\xef\xbb\xbf" + good.encode())
raw_case("two-documents", good + good)
raw_case("trailing-garbage", good + "x\n")
raw_case("top-array", "[]\n")
raw_case("top-string", '"sriovstat-trials"\n')

# Wrong types or values in every field.
doc_case("format-number", setter(["format"], 1))
doc_case("format-other", setter(["format"], "osu-latency"))
doc_case("format-missing", setter(["format"], DELETE))
doc_case("version-string", setter(["version"], "1"))
doc_case("version-double", setter(["version"], 1.0))
doc_case("version-3", setter(["version"], 3))


def v2(doc, last=2, fp=None):
    """doc as version 2: "last_trial" after "trials", fingerprint fp on trial 1."""
    d = {k: v for k, v in doc.items() if k != "trials"}
    d["version"] = 2
    d["trials"] = doc["trials"]
    if fp is not None:
        d["trials"][0]["fingerprint"] = fp
    if last is not None:
        d["last_trial"] = last
    return d


def v2_case(name, last=2, fp=None, reverse=False):
    def mutate(d):
        new = v2(d, last, fp)
        d.clear()
        d.update(reversed(list(new.items())) if reverse else new)
    doc_case(name, mutate)


v2_case("v2-last-trial-missing", None)
v2_case("v2-last-trial-small", 1)
v2_case("v2-last-trial-not-last", reverse=True)
v2_case("v2-description-out-of-range", 2,
        {"node_descriptions": [{"hostname": None, "cpu": "x"}],
         "nodes": [{"description": 1, "hostname": "a"}]})
v2_case("v2-descriptions-not-array", 2, {"node_descriptions": {}, "nodes": []})
doc_case("label-number", setter(["label"], 7))
doc_case("label-empty", setter(["label"], ""))
doc_case("label-missing", setter(["label"], DELETE))
doc_case("trials-object", setter(["trials"], {}))
doc_case("trials-null", setter(["trials"], None))
doc_case("trial-not-object", setter(T0, 1))
doc_case("trial-number-string", setter(T0 + ["trial"], "1"))
doc_case("trial-number-zero", setter(T0 + ["trial"], 0))
doc_case("trial-number-double", setter(T0 + ["trial"], 1.5))
doc_case("trial-number-huge", setter(T0 + ["trial"], 4294967297))
doc_case("trial-number-missing", setter(T0 + ["trial"], DELETE))
doc_case("trial-number-twice", setter(["trials", 1, "trial"], 1))
doc_case("benchmark-number", setter(T0 + ["benchmark"], 3))
doc_case("benchmark-empty", setter(T0 + ["benchmark"], ""))
doc_case("benchmark-missing", setter(T0 + ["benchmark"], DELETE))
doc_case("op-number", setter(T0 + ["op"], 0))
doc_case("complete-string", setter(T0 + ["complete"], "yes"))
doc_case("complete-number", setter(T0 + ["complete"], 1))
doc_case("sizes-object", setter(T0 + ["sizes"], {}))
doc_case("sizes-empty", setter(T0 + ["sizes"], []))
doc_case("size-not-object", setter(S0, "4"))
doc_case("size-string", setter(S0 + ["size"], "4"))
doc_case("size-negative", setter(S0 + ["size"], -4))
doc_case("size-double", setter(S0 + ["size"], 4.0))
doc_case("size-missing", setter(S0 + ["size"], DELETE))
doc_case("size-twice", setter(T0 + ["sizes", 1, "size"], 4))
doc_case("iterations-bool", setter(S0 + ["iterations"], True))
doc_case("iterations-zero", setter(S0 + ["iterations"], 0))
doc_case("iterations-mismatch", setter(S0 + ["iterations"], 4))
doc_case("warmup-string", setter(S0 + ["warmup"], "1"))
doc_case("warmup-negative", setter(S0 + ["warmup"], -1))
doc_case("samples-missing", setter(SAMP, DELETE))
doc_case("samples-array", setter(SAMP, [1200, 1300, 1250]))
doc_case("unit-us", setter(SAMP + ["unit"], "us"))
doc_case("encoding-missing", setter(SAMP + ["encoding"], DELETE))
doc_case("encoding-unknown", setter(SAMP + ["encoding"], "base32"))
doc_case("count-string", setter(SAMP + ["count"], "3"))
doc_case("count-zero", setter(SAMP + ["count"], 0))
doc_case("count-negative", setter(SAMP + ["count"], -3))
doc_case("data-missing", setter(SAMP + ["data"], DELETE))
doc_case("data-number", setter(SAMP + ["data"], 12))
doc_case("data-bad-char", setter(SAMP + ["data"], "sAQAABQF*AAA4gQA"))
doc_case("data-bad-padding", setter(SAMP + ["data"], "sAQAABQ=AADiBAAA"))
doc_case("array-data-string", setter(SAMP, {"unit": "ns", "encoding": "json-array",
                                            "count": 3, "data": "1200,1300,1250"}))
doc_case("array-value-double", setter(SAMP, {"unit": "ns", "encoding": "json-array",
                                             "count": 3, "data": [1200, 1300.5, 1250]}))
doc_case("array-value-string", setter(SAMP, {"unit": "ns", "encoding": "json-array",
                                             "count": 3, "data": [1200, "1300", 1250]}))
doc_case("array-value-null", setter(SAMP, {"unit": "ns", "encoding": "json-array",
                                           "count": 3, "data": [1200, 1300, None]}))
doc_case("max-samples-string", setter(S0 + ["max_samples"], "none"))
doc_case("max-samples-count", setter(S0 + ["max_samples"], samples([1, 2])))

# Huge numbers: beyond 64 bits, beyond double, claims of 1e9 samples or 1 GB.
huge = good.replace('"size": 4,', '"size": 18446744073709551616,', 1)
raw_case("size-2-to-64", huge)
raw_case("size-uint64-max", good.replace('"size": 4,', '"size": 18446744073709551615,', 1))
raw_case("size-1e400", good.replace('"size": 4,', '"size": 1e400,', 1))
raw_case("iterations-40-digits", good.replace('"iterations": 3,',
                                              '"iterations": 1234567890123456789012345678901234567890,', 1))

# A marker value put in the samples as a JSON array, then replaced in the text.
MARK = 987654321


def array_text(value):
    d = copy.deepcopy(BASE)
    d["trials"][0]["sizes"][0]["samples"] = {"unit": "ns", "encoding": "json-array",
                                             "count": 3, "data": [1200, MARK, 1250]}
    return text(d).replace(str(MARK), value, 1)


raw_case("array-value-2-to-64", array_text("18446744073709551616"))
raw_case("array-value-uint64-max", array_text("18446744073709551615"))
raw_case("array-value-negative", array_text("-1"))
doc_case("count-1e9", setter(SAMP + ["count"], 1000000000))
doc_case("count-1gib-u64", setter(SAMP, {"unit": "ns", "encoding": "base64-u64le",
                                         "count": 134217728, "data": "AAAAAAAAAAA="}))
doc_case("count-3e9", setter(SAMP + ["count"], 3000000000))
doc_case("array-count-1e9", setter(SAMP, {"unit": "ns", "encoding": "json-array",
                                          "count": 1000000000, "data": [1200, 1300, 1250]}))

# NaN and Infinity (json-c reads these literals as numbers).
raw_case("size-nan", good.replace('"size": 4,', '"size": NaN,', 1))
raw_case("count-infinity", good.replace('"count": 3,', '"count": Infinity,', 1))
raw_case("iterations-minus-infinity", good.replace('"iterations": 3,', '"iterations": -Infinity,', 1))
raw_case("array-value-nan", array_text("NaN"))
raw_case("array-value-infinity", array_text("Infinity"))

# Deep nesting.
raw_case("deep-nesting-meta", good.replace('"ranks": 2,', '"ranks": ' + "[" * 100 + "]" * 100 + ",", 1))
raw_case("deep-nesting-10000", "[" * 10000 + "]" * 10000 + "\n")
raw_case("deep-nesting-unclosed", '{"a":' * 5000 + "\n")

for name, data in sorted(files.items()):
    with open(name + ".json", "wb") as f:
        f.write(data)
print(len(files), "files")
