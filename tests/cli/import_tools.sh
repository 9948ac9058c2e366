#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# import_tools.sh: sriovstat import of OSU, IMB and perftest output (fixtures
# in tests/data/import, written from each tool's printing code: see
# make_fixtures.py), format detection, the per-run/per-iteration record,
# "per-run averages" in summary, compare, table and plot, and clear errors
# naming file and line for malformed output.
. "$abs_top_srcdir/tests/cli/lib.sh"
IMP="$abs_top_srcdir/tests/data/import"
cd "$IMP" || exit 99
E="sriovstat: error:"
DUMP="$abs_top_builddir/tests/tools/trialdump"

# import_ok NAME EXPECTED-DUMP-LINES ARGS...: import succeeds and the
# trialdump lines matching "^size" are EXPECTED (sizes and means).
import_ok() {
	name=$1
	want=$2
	shift 2
	if "$SRIOVSTAT" import -l x "$@" >"$TMP/o.json" 2>"$TMP/err" &&
		got=$("$DUMP" "$TMP/o.json" | awk '/^size/ { printf "%s:%s:%s ", $2, $8, $12 }') &&
		[ "$got" = "$want" ]; then
		pass "import $name"
	else
		fail "import $name" "got:      ${got:-}" "expected: $want" "$(cat "$TMP/err")"
	fi
}

# Size:samples:mean (us) of every size, from each format (detected).
import_ok "OSU 5.6 osu_latency" "0:1:0.230000 1:1:0.250000 8:1:0.260000 64:1:0.310000 1024:1:0.720000 " osu/latency-5.6.txt
import_ok "OSU 7.4 osu_latency -z" "1:1:1.720000 8:1:1.750000 64:1:1.980000 " osu/latency-7.4-z.txt
import_ok "OSU 5.9 osu_allreduce -f" "4:1:2.430000 8:1:2.450000 16:1:2.610000 " osu/allreduce-5.9-f.txt
import_ok "OSU 7.4 osu_allreduce" "4:1:3.100000 8:1:3.120000 16:1:3.310000 " osu/allreduce-7.4.txt
import_ok "OSU 7.4 osu_allreduce -f -z" "4:1:3.100000 8:1:3.120000 " osu/allreduce-7.4-fz.txt
import_ok "OSU 7.4 osu_barrier -f" "0:1:5.310000 " osu/barrier-7.4-f.txt
import_ok "IMB-MPI1 2021" "0:1:0.230000 1:1:0.250000 8:1:0.260000 1024:1:0.710000 0:1:0.030000 4:1:0.580000 8:1:0.590000 0:1:0.460000 " imb/mpi1-2021.txt
import_ok "perftest text" "2:1:1.000000 4:1:1.010000 8:1:1.020000 " perftest/write_lat.txt
import_ok "perftest -U dumps" "2:7:1.038571 8:7:1.220000 " perftest/write_lat-U.txt
import_ok "perftest -H dump" "2:5:0.988000 " perftest/send_lat-H.txt
import_ok "perftest JSON" "2:1:1.000000 " perftest/write_lat.json
import_ok "--from osu" "1:1:1.720000 8:1:1.750000 64:1:1.980000 " --from osu osu/latency-7.4-z.txt

# What the trials record: tool, version, per-run or per-iteration, and the
# max over ranks (-f) for collectives.
"$SRIOVSTAT" import -l x osu/allreduce-5.9-f.txt >"$TMP/c.json"
if grep -q '"tool": *"osu"' "$TMP/c.json" && grep -q '"version": *"5.9"' "$TMP/c.json" &&
	grep -q '"samples": *"per-run"' "$TMP/c.json" &&
	"$DUMP" "$TMP/c.json" | grep -q '^size 4 .* max_n 1 '; then
	pass "OSU trial records its source, per-run, max over ranks"
else
	fail "OSU trial records its source, per-run, max over ranks" "$(head -40 "$TMP/c.json")"
fi
"$SRIOVSTAT" import -l x perftest/write_lat-U.txt >"$TMP/u.json"
if grep -q '"samples": *"per-iteration"' "$TMP/u.json" && grep -q '"tool": *"perftest"' "$TMP/u.json"; then
	pass "perftest -U trial is per-iteration"
else
	fail "perftest -U trial is per-iteration"
fi
"$SRIOVSTAT" import -l x imb/mpi1-2021.txt >"$TMP/i.json"
if [ "$("$DUMP" "$TMP/i.json" | grep -c '^trial')" -eq 3 ] &&
	"$DUMP" "$TMP/i.json" | grep -q '^trial 2 benchmark IMB-MPI1 op allreduce'; then
	pass "IMB: one trial per benchmark section"
else
	fail "IMB: one trial per benchmark section" "$("$DUMP" "$TMP/i.json" | grep '^trial')"
fi

# One trial per input file, numbered in order; --append adds more.
"$SRIOVSTAT" import -l osu -o "$TMP/osu.json" osu/latency-7.4-z.txt osu/latency-7.4-z.txt osu/latency-7.4-z.txt &&
	"$SRIOVSTAT" import -l osu -o "$TMP/osu.json" --append osu/latency-7.4-z.txt
if [ "$("$DUMP" "$TMP/osu.json" | grep -c '^trial')" -eq 4 ]; then
	pass "one trial per file, --append"
else
	fail "one trial per file, --append" "$("$DUMP" "$TMP/osu.json" | grep '^trial')"
fi

# Reports on per-run data say so, and never call their spread iteration percentiles.
per_run="per-run averages imported from another tool"
"$SRIOVSTAT" summary "$TMP/osu.json" >"$TMP/s.txt" 2>&1
if grep -q "osu_latency, per-run averages in us" "$TMP/s.txt" && grep -q "$per_run" "$TMP/s.txt" &&
	! grep -q "pooled over all samples" "$TMP/s.txt"; then
	pass "summary says per-run averages"
else
	fail "summary says per-run averages" "$(cat "$TMP/s.txt")"
fi
"$SRIOVSTAT" summary --format json "$TMP/osu.json" | grep -q '"samples": *"per-run averages"' &&
	pass "summary JSON says per-run averages" || fail "summary JSON says per-run averages"
cp "$TMP/osu.json" "$TMP/osu2.json"
sed 's/"label": *"osu"/"label": "osu2"/' "$TMP/osu.json" >"$TMP/osu2.json"
for cmd in "compare $TMP/osu.json $TMP/osu2.json" "summary $TMP/osu.json $TMP/osu2.json" \
	"table --kind tail $TMP/osu.json $TMP/osu2.json" "table --kind pvalues $TMP/osu.json $TMP/osu2.json"; do
	# shellcheck disable=SC2086
	if "$SRIOVSTAT" $cmd 2>&1 | grep -q "$per_run"; then
		pass "${cmd%% *} says per-run averages"
	else
		fail "${cmd%% *} says per-run averages" "$("$SRIOVSTAT" $cmd 2>&1 | tail -5)"
	fi
done
for kind in size cdf; do
	"$SRIOVSTAT" plot --kind "$kind" --script "$TMP/p.gp" -o "$TMP/p.png" "$TMP/osu.json" "$TMP/osu2.json" >/dev/null 2>"$TMP/err"
	if grep -q "per-run averages" "$TMP/p.gp"; then
		pass "plot --kind $kind says per-run averages"
	else
		fail "plot --kind $kind says per-run averages" "$(grep title "$TMP/p.gp" 2>&1)" "$(cat "$TMP/err")"
	fi
done

# Malformed output: one line naming the file and the line.
check_error "OSU truncated" 1 "$E osu/bad/truncated.txt: line 8: 1 fields, the header names 2 (truncated line?)" import -l x osu/bad/truncated.txt
check_error "OSU not a number" 1 "$E osu/bad/not-a-number.txt: line 7: \"1.7x5\" is not a latency in us" import -l x osu/bad/not-a-number.txt
check_error "OSU bandwidth" 1 "$E osu/bad/bandwidth.txt: line 3: \"Bandwidth\" is a bandwidth test: import reads the OSU latency tests" import -l x osu/bad/bandwidth.txt
check_error "OSU no results" 1 "$E osu/bad/header-only.txt: line 5: the OSU output ends before any result (truncated?)" import -l x osu/bad/header-only.txt
check_error "OSU validation failed" 1 "$E osu/bad/validation-fail.txt: line 7: validation \"Fail\": OSU found wrong data in this run" import -l x osu/bad/validation-fail.txt
check_error "IMB twice" 1 "$E imb/bad/twice.txt: line 32: IMB pingpong appears twice (several process counts?): import one run of each benchmark per file, e.g. run IMB with -npmin equal to the number of ranks" import -l x imb/bad/twice.txt
check_error "IMB bad number" 1 "$E imb/bad/bad-number.txt: line 20: \"0.6.1\" is not a time in usec" import -l x imb/bad/bad-number.txt
check_error "IMB no results" 1 "$E imb/bad/no-results.txt: line 19: IMB pingpong: a section without results (truncated?)" import -l x imb/bad/no-results.txt
check_error "perftest truncated dump" 1 "$E perftest/bad/truncated-dump.txt: line 33: ends inside a per-iteration dump (truncated?)" import -l x perftest/bad/truncated-dump.txt
check_error "perftest cycles" 1 "$E perftest/bad/cycles.txt: line 18: a dump in cycles: run without --report-cycles (times must be in usec)" import -l x perftest/bad/cycles.txt
check_error "perftest dump index" 1 "$E perftest/bad/wrong-index.txt: line 32: not the dump line \"3, latency\" expected here" import -l x perftest/bad/wrong-index.txt
check_error "perftest broken JSON" 1 "$E perftest/bad/broken.json: line 27: not valid JSON (quoted object property name expected)" import -l x perftest/bad/broken.json
check_error "wrong --from" 1 "$E perftest/write_lat.txt: line 2: \"----------------------------------------\" before the OSU title and column header (not OSU output?)" import -l x --from osu perftest/write_lat.txt
printf 'hello\n' >"$TMP/hello.txt"
check_error "undetectable" 1 "$E $TMP/hello.txt: not OSU, IMB, perftest or sriovstat CSV output as far as its content shows; name the format with --from osu|imb|perftest|csv" import -l x "$TMP/hello.txt"
check_error "unknown --from" 2 "sriovstat: error: import: --from: unknown value 'xml' (osu, imb, perftest, csv) (see 'sriovstat import --help')" import -l x --from xml osu/latency-5.6.txt
check_error "no file" 2 "sriovstat: error: import: expected at least one input FILE (see 'sriovstat import --help')" import -l x
finish
