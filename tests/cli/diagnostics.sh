#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# diagnostics.sh: the diagnostics behind a verdict (issue 12, stats/diag.h)
# on trial files generated here with sriovstat import: each of outlying
# trials, drift, warm-up and lag-1 autocorrelation is triggered by a file
# built to show it and by no other; a clean file triggers none. Also the
# smaller items: one trial gives sd null, JSON at full precision, the
# percentile CIs of summary, any --percentiles in compare.
. "$abs_top_srcdir/tests/cli/lib.sh"
command -v python3 >/dev/null || { echo "python3 is missing: skipped"; exit 77; }

# gen KIND LABEL: 10 trials x 200 iterations at sizes 8 and 64 (deterministic:
# Python's Mersenne Twister with a fixed seed), imported as $TMP/LABEL.json.
#   clean     iterations iid around 10 us (sd 0.2), trial offsets sd 0.05
#   outlier   clean, but trial 7 is 2 us slower throughout
#   drift     clean plus 0.05 us per trial (trial 1 fastest, trial 10 slowest)
#   warmup    clean, but the first 20 iterations of every trial +1 us
#   autocorr  iterations an AR(1) series (phi 0.9) around each trial's level
gen() {
	python3 - "$1" "$2" >"$TMP/$2.csv" <<'EOF' || exit 99
import random, sys
kind, label = sys.argv[1], sys.argv[2]
rng = random.Random({"clean": 1, "clean2": 2}.get(label, 3))
print("trial,size,iteration,latency_us")
for trial in range(1, 11):
    level = 10.0 + rng.gauss(0, 0.05)
    if kind == "outlier" and trial == 7:
        level += 2.0
    if kind == "drift":
        level += 0.05 * trial
    for size in (8, 64):
        e = 0.0
        for it in range(1, 201):
            z = rng.gauss(0, 0.2)
            if kind == "autocorr":
                e = 0.9 * e + z * 0.436  # stationary sd 0.2
            else:
                e = z
            v = level + e + (1.0 if kind == "warmup" and it <= 20 else 0.0)
            print("%d,%d,%d,%.3f" % (trial, size, it, v))
EOF
	"$SRIOVSTAT" import -l "$2" -o "$TMP/$2.json" "$TMP/$2.csv" || exit 99
}

# jq-less JSON access: python3 reads the document.
jget() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$1" "$2"
}

gen clean clean
gen clean clean2
for k in outlier drift warmup autocorr; do
	gen "$k" "$k"
done

# The clean pair: no diagnostic in any format.
"$SRIOVSTAT" compare "$TMP/clean.json" "$TMP/clean2.json" >"$TMP/c.txt" 2>"$TMP/c.err"
"$SRIOVSTAT" compare --format json "$TMP/clean.json" "$TMP/clean2.json" >"$TMP/c.json" 2>/dev/null
"$SRIOVSTAT" summary "$TMP/clean.json" >/dev/null 2>"$TMP/s.err"
if ! grep -q -e outlying -e drifts -e warm-up -e autocorrelated "$TMP/c.err" "$TMP/c.txt" "$TMP/s.err" &&
	[ "$(jget "$TMP/c.json" "sum(len(r['diagnostics']) for r in d['rows'])")" = 0 ]; then
	pass "clean data: no diagnostic in compare (text, JSON) or summary"
else
	fail "clean data: no diagnostic" "$(cat "$TMP/c.err" "$TMP/s.err")"
fi

# check_diag KIND WORD PATTERN: compare clean vs KIND warns (stderr, at both
# sizes, about B only) with PATTERN, lists it in JSON, and no other
# diagnostic appears; summary of KIND warns too.
check_diag() {
	"$SRIOVSTAT" compare "$TMP/clean.json" "$TMP/$1.json" >"$TMP/$1.txt" 2>"$TMP/$1.err"
	"$SRIOVSTAT" compare --format json "$TMP/clean.json" "$TMP/$1.json" >"$TMP/$1.cj" 2>"$TMP/$1.cjerr"
	"$SRIOVSTAT" summary "$TMP/$1.json" >/dev/null 2>"$TMP/$1.serr"
	"$SRIOVSTAT" summary --format json "$TMP/$1.json" >"$TMP/$1.sj" 2>/dev/null
	nerr=$(grep -c "^sriovstat: warning: size [0-9]*: B ($1): .*$3" "$TMP/$1.err")
	nall=$(grep -c -e outlying -e drifts -e warm-up -e autocorrelated "$TMP/$1.err")
	njson=$(jget "$TMP/$1.cj" "sum(1 for r in d['rows'] for m in r['diagnostics'] if '$2' in m)")
	nsum=$(grep -c "^sriovstat: warning: csv size [0-9]*: $1: .*$3" "$TMP/$1.serr")
	nsj=$(jget "$TMP/$1.sj" "sum(1 for r in d['files'][0]['rows'] for m in r['diagnostics'] if '$2' in m)")
	if [ "$nerr" = 2 ] && [ "$nall" = 2 ] && [ "$njson" = 2 ] && [ "$nsum" = 2 ] &&
		[ "$nsj" = 2 ] && ! grep -q "$2" "$TMP/$1.cjerr" "$TMP/$1.txt"; then
		pass "$1: flagged at both sizes (stderr, JSON, summary): $(grep -m1 "$2" "$TMP/$1.err")"
	else
		fail "$1: flagged" "stderr $nerr/$nall json $njson summary $nsum/$nsj: $(cat "$TMP/$1.err" "$TMP/$1.serr")"
	fi
}
check_diag outlier outlying "1 outlying trial of 10 (mean; .*trial 7 ("
check_diag drift drifts "drifts with the place in the file (Kendall tau +"
check_diag warmup warm-up "the first tenth of the iterations of a trial is"
check_diag autocorr autocorrelated "iterations are autocorrelated (median lag-1"

# Drift by recorded start time: the drift file's trials, with start times
# that put trial 10 first and trial 1 last, drift the other way in time.
python3 - "$TMP/drift.json" "$TMP/drift_t.json" <<'EOF' || exit 99
import json, sys
d = json.load(open(sys.argv[1]))
for t in d["trials"]:
    t["start"] = "2026-01-01T00:%02d:00Z" % (60 - t["trial"])
json.dump(d, open(sys.argv[2], "w"))
EOF
if "$SRIOVSTAT" summary "$TMP/drift_t.json" 2>&1 >/dev/null |
	grep -q "drifts with the start time (Kendall tau -"; then
	pass "drift: ordered by recorded start time when the trials record one"
else
	fail "drift by start time" "$("$SRIOVSTAT" summary "$TMP/drift_t.json" 2>&1 >/dev/null)"
fi

# One trial: sd over trials is null in JSON, "-" in text and empty in CSV,
# never 0; three trials' JSON values at full precision; percentile CIs.
printf 'trial,size,iteration,latency_us\n1,8,1,10.001\n1,8,2,10.002\n' >"$TMP/one.csv"
"$SRIOVSTAT" import -l one -o "$TMP/one.json" "$TMP/one.csv" || exit 99
"$SRIOVSTAT" summary --format json "$TMP/one.json" >"$TMP/one.sj" 2>/dev/null
"$SRIOVSTAT" summary --format csv "$TMP/one.json" >"$TMP/one.csv.out" 2>/dev/null
"$SRIOVSTAT" summary "$TMP/one.json" >"$TMP/one.txt" 2>/dev/null
"$SRIOVSTAT" compare --format json "$TMP/one.json" "$TMP/one.json" >"$TMP/one.cj" 2>/dev/null
sdcol=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "trial_sd") c = i } NR == 2 { print "[" $c "]" }' "$TMP/one.csv.out")
if [ "$(jget "$TMP/one.sj" "[d['files'][0]['rows'][0][k] for k in ('trial_sd', 'stat_sd')]")" = "[None, None]" ] &&
	[ "$(jget "$TMP/one.cj" "[d['rows'][0][s]['sd'] for s in 'ab']")" = "[None, None]" ] &&
	[ "$sdcol" = "[]" ] && grep -q '^ *8 *1 *2 .* - *$' "$TMP/one.txt"; then
	pass "one trial: sd over trials is null (JSON), empty (CSV), - (text)"
else
	fail "one trial: sd null" "csv $sdcol $(cat "$TMP/one.txt")"
fi

# Three trials of 7 iterations: integer ns, so every value is exact; JSON
# prints trial means (n / 7 ns) with all their digits (not rounded to 1e-6 us);
# summary's p75 interval is p75 -+ t(0.975, 2) sd(trial p75) / sqrt(3), each
# trial's p75 by linear interpolation (Hyndman-Fan 7, numpy's default); p90's,
# a tail percentile's, is withheld with fewer than 5 trials (stats/pctci.h).
python3 - >"$TMP/three.csv" <<'EOF'
print("trial,size,iteration,latency_us")
for t in range(3):
    for i in range(7):
        print("%d,8,%d,%.3f" % (t + 1, i + 1, 10 + (i * 7 + t * 3) % 11 * 0.001 + (0.0001 if i == 0 else 0)))
EOF
"$SRIOVSTAT" import -l three -o "$TMP/three.json" "$TMP/three.csv" || exit 99
"$SRIOVSTAT" summary --format json --percentiles 75,90 "$TMP/three.json" >"$TMP/three.sj" 2>/dev/null
"$SRIOVSTAT" compare --format json --percentiles 99.9,90 "$TMP/three.json" "$TMP/three.json" \
	>"$TMP/three.cj" 2>/dev/null
check=$(python3 - "$TMP/three.csv" "$TMP/three.sj" "$TMP/three.cj" <<'EOF'
import json, math, sys
rows = [l.split(",") for l in open(sys.argv[1]).read().split()[1:]]
ns = {}
for t, s, i, v in rows:
    ns.setdefault(int(t), []).append(round(float(v) * 1000))
def pct(v, p):
    v = sorted(v); h = (len(v) - 1) * p / 100; lo = math.floor(h)
    return v[lo] + (h - lo) * (v[min(lo + 1, len(v) - 1)] - v[lo])
pooled = sum(ns.values(), [])
trial_p75 = [pct(v, 75) for v in ns.values()]
m = sum(trial_p75) / 3
sd = math.sqrt(sum((x - m) ** 2 for x in trial_p75) / 2)
half = 4.302652729749464 * sd / math.sqrt(3)  # scipy.stats.t.ppf(0.975, 2)
want = [(pct(pooled, 75) - half) / 1000, (pct(pooled, 75) + half) / 1000]
s = json.load(open(sys.argv[2]))["files"][0]["rows"][0]
got = s["percentile_ci"]["p75"]
ok = all(abs(g - w) < 1e-12 for g, w in zip(got, want))
# a tail percentile's interval needs 5 trials (stats/pctci.h): none, and why
ok = ok and s["percentile_ci"]["p90"] is None and "at least 5 trials" in s["percentile_ci_why"]["p90"]
means = [sum(v) / len(v) / 1000 for v in ns.values()]
ok = ok and s["stat_values"] == means and any(len(repr(x)) > 9 for x in means)
c = json.load(open(sys.argv[3]))["rows"][0]["a"]
ok = ok and abs(c["p99.9"] - pct(pooled, 99.9) / 1000) < 1e-12 and "p90" in c
print("ok" if ok else "got %s want %s; means %s vs %s; %s" % (got, want, s["stat_values"], means, c))
EOF
)
if [ "$check" = ok ]; then
	pass "JSON at full precision; summary's p75 CI by trials, p90's withheld with 3; compare --percentiles 99.9,90"
else
	fail "precision, percentile CI, compare percentiles" "$check"
fi
# Twelve trials: the tail intervals (stats/pctci.h, checked against numpy and
# scipy by test_pctci) reach the JSON: p90 and p99 given around the pooled
# value, p99.9 withheld (30 trials needed).
python3 - >"$TMP/twelve.csv" <<'EOF'
import random
random.seed(4)
print("trial,size,iteration,latency_us")
for t in range(12):
    off = random.gauss(0, 0.036)
    for i in range(300):
        print("%d,8,%d,%.3f" % (t + 1, i + 1, 5 + off + random.gauss(0, 0.05)))
EOF
"$SRIOVSTAT" import -l twelve -o "$TMP/twelve.json" "$TMP/twelve.csv" || exit 99
"$SRIOVSTAT" summary --format json --percentiles 90,99,99.9 "$TMP/twelve.json" >"$TMP/twelve.sj"
check=$(jget "$TMP/twelve.sj" "[(lambda r: (r['percentile_ci'][k] is not None and r['percentile_ci'][k][0] < r['percentiles'][k] < r['percentile_ci'][k][1], r['percentile_ci_why'][k] is None))(d['files'][0]['rows'][0]) for k in ('p90', 'p99')] + [d['files'][0]['rows'][0]['percentile_ci_why']['p99.9']]")
case $check in
"[(True, True), (True, True), 'needs at least 30 trials (has 12)"*)
	pass "12 trials: p90 and p99 intervals around the pooled value, p99.9 withheld (why)" ;;
*) fail "12 trials: tail intervals" "$check" ;;
esac
finish
