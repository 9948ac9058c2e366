#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# import_export.sh: CSV import and export, their round trip and CSV errors.
. "$abs_top_srcdir/tests/cli/lib.sh"

# Work in the temporary directory: relative names keep messages stable.
cd "$TMP" || exit 99
E="sriovstat: error:"

# export: the expected CSV of a fixture with max_samples and two benchmarks.
if "$SRIOVSTAT" export "$DATA/mixed.json" >mixed.csv 2>err &&
	diff -u "$EXPECTED/export-mixed.csv" mixed.csv >diff; then
	pass "export mixed.json"
else
	fail "export mixed.json" "$(cat err diff)"
fi

# Round trip: import what export wrote, export again: the same bytes.
for f in mixed native sleep-drug1; do
	"$SRIOVSTAT" export --csv -o "$f.csv" "$DATA/$f.json" &&
		"$SRIOVSTAT" import --label "$(sed -n 2p "$f.csv" | cut -d, -f1)" -o "$f-rt.json" "$f.csv" &&
		"$SRIOVSTAT" export "$f-rt.json" >"$f-rt.csv"
	if [ $? -eq 0 ] && cmp -s "$f.csv" "$f-rt.csv"; then
		pass "round trip $f"
	else
		fail "round trip $f" "$(diff "$f.csv" "$f-rt.csv" | head -5)"
	fi
done
# ... and the statistics of the copy are those of the original.
"$SRIOVSTAT" compare "$DATA/native.json" "$DATA/vm.json" --format csv >orig.csv 2>/dev/null
"$SRIOVSTAT" export "$DATA/vm.json" | "$SRIOVSTAT" import -l vm - >vm-rt.json
"$SRIOVSTAT" compare native-rt.json vm-rt.json --format csv >rt.csv 2>/dev/null
if cmp -s orig.csv rt.csv; then
	pass "compare of round-tripped files"
else
	fail "compare of round-tripped files" "$(diff orig.csv rt.csv | head -5)"
fi

# Several files in one table; TSV and JSON lines; the sweep round; per-run rows.
"$SRIOVSTAT" export "$DATA/native.json" "$DATA/vm.json" >two.csv
if [ "$(cut -d, -f1 two.csv | sort -u | tr '\n' ' ')" = "label native vm " ] &&
	[ "$(wc -l <two.csv)" -eq $(($("$SRIOVSTAT" export "$DATA/native.json" | wc -l) + $("$SRIOVSTAT" export "$DATA/vm.json" | wc -l) - 1)) ]; then
	pass "export of two files: one table, a label column"
else
	fail "export of two files" "$(head -3 two.csv)"
fi
"$SRIOVSTAT" export --format tsv "$DATA/native.json" "$DATA/vm.json" >two.tsv
if [ "$(tr '\t' , <two.tsv | cmp - two.csv && echo same)" = same ]; then
	pass "export --format tsv"
else
	fail "export --format tsv" "$(head -2 two.tsv)"
fi
"$SRIOVSTAT" export --format jsonl "$DATA/mixed.json" >mixed.jsonl
if [ "$(wc -l <mixed.jsonl)" -eq $(($(wc -l <"$EXPECTED/export-mixed.csv") - 1)) ] &&
	head -1 mixed.jsonl | grep -qx '{"label":"coll","trial":1,"round":null,"benchmark":"coll_lat","op":"allgather","size":8,"iteration":1,"value":5.000,"max":6.000,"sample":"iteration","complete":true}' &&
	python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' mixed.jsonl 2>/dev/null; then
	pass "export --format jsonl"
else
	fail "export --format jsonl" "$(head -1 mixed.jsonl)"
fi
check_error "export, same label twice" 1 "$E $DATA/native.json and $DATA/native.json have the same label \"native\": columns are named by label (relabel one with export and import --label)" export "$DATA/native.json" "$DATA/native.json"
check_error "export, unknown format" 2 "sriovstat: error: export: --format: unknown value 'xls' (csv, tsv, jsonl) (see 'sriovstat export --help')" export --format xls "$DATA/native.json"
"$SRIOVSTAT" import -l osu "$abs_top_srcdir/tests/data/import/osu/latency-5.6.txt" >osu.json
if [ "$("$SRIOVSTAT" export osu.json | sed -n 2p)" = "osu,1,,osu_latency,,0,1,0.230,,run-average,true" ]; then
	pass "export marks imported per-run averages"
else
	fail "export marks imported per-run averages" "$("$SRIOVSTAT" export osu.json | sed -n 2p)"
fi
# Issue 16: the sample column brings the per-run mark back, so a re-imported
# export of OSU data stays "per-run averages" everywhere.
"$SRIOVSTAT" import -l osu2 "$abs_top_srcdir/tests/data/import/osu/latency-7.4-z.txt" >osu2.json
"$SRIOVSTAT" export osu.json >osu.csv
"$SRIOVSTAT" export osu2.json >osu2.csv
"$SRIOVSTAT" import -l osu -o osu-rt.json osu.csv 2>err &&
	"$SRIOVSTAT" import -l osu2 -o osu2-rt.json osu2.csv 2>>err &&
	"$SRIOVSTAT" export osu-rt.json | cmp -s - osu.csv &&
	grep -q '"samples": *"per-run"' osu-rt.json
expect "export then import of OSU data keeps per-run averages" $? "$(cat err)" "$(grep -A3 '"source"' osu-rt.json | head -5)"
per_run="per-run averages imported from another tool"
for cmd in "summary osu-rt.json" "compare osu-rt.json osu2-rt.json" "table --kind tail osu-rt.json osu2-rt.json"; do
	# shellcheck disable=SC2086
	"$SRIOVSTAT" $cmd 2>&1 | grep -q "$per_run"
	expect "re-imported OSU data: ${cmd%% *} says per-run averages" $? "$("$SRIOVSTAT" $cmd 2>&1 | tail -3)"
done
"$SRIOVSTAT" plot --kind size --script p.gp -o p.png osu-rt.json osu2-rt.json >/dev/null 2>err
grep -q "per-run averages" p.gp
expect "re-imported OSU data: plot says per-run averages" $? "$(cat err)"
# Per-iteration rows stay per-iteration; a sample value that is neither is refused.
printf 'trial,size,iteration,latency_us,sample\n1,8,1,1.5,iteration\n' >it.csv
"$SRIOVSTAT" import -l it it.csv | grep -q '"samples": *"per-iteration"'
expect "sample iteration: per-iteration" $?
printf 'trial,size,iteration,latency_us,sample\n1,8,1,1.5,average\n' >badsample.csv
check_error "import, bad sample" 1 "$E badsample.csv: line 2: sample \"average\" is not iteration or run-average" import -l x badsample.csv
printf 'trial,size,iteration,latency_us,sample\n1,8,1,1.5,run-average\n1,16,1,1.5,iteration\n' >mixsample.csv
check_error "import, sample differs in a trial" 1 "$E mixsample.csv: line 3: sample differs from line 2 of trial 1 (one trial, one value)" import -l x mixsample.csv

# The round column: the sweep round survives export and import, so compare
# still pairs the re-imported trials by round.
printf 'trial,size,iteration,latency_us,round\n1,8,1,1.5,2\n1,8,2,1.6,2\n2,8,1,1.7,1\n2,8,2,1.8,1\n' >rounds.csv
"$SRIOVSTAT" import -l ra -o ra.json rounds.csv 2>err &&
	"$SRIOVSTAT" export ra.json >ra.csv &&
	[ "$(cut -d, -f2,3 ra.csv | sort -u | tr '\n' ' ')" = "1,2 2,1 trial,round " ]
expect "import keeps the round column" $? "$(cat err ra.csv)"
sed 's/^ra,/rb,/' ra.csv | "$SRIOVSTAT" import -l rb -o rb.json - 2>err &&
	"$SRIOVSTAT" export rb.json | sed 's/^rb,/ra,/' | cmp -s - ra.csv &&
	"$SRIOVSTAT" compare --format json ra.json rb.json | grep -q '"paired_by": "round"'
expect "re-imported rounds pair by round" $? "$(cat err)" "$("$SRIOVSTAT" compare --format json ra.json rb.json 2>&1 | grep paired)"
printf 'trial,size,iteration,latency_us,round\n1,8,1,1.5,0\n' >badround.csv
check_error "import, round 0" 1 "$E badround.csv: line 2: round \"0\" is not empty or an integer from 1 to 2147483647" import -l x badround.csv
printf 'trial,size,iteration,latency_us,round\n1,8,1,1.5,1\n1,8,2,1.5,2\n' >tworounds.csv
check_error "import, round differs in a trial" 1 "$E tworounds.csv: line 3: round differs from line 2 of trial 1 (one trial, one value)" import -l x tworounds.csv

# Microseconds to nanoseconds: exact decimal rounding, half up; iterations
# and trials in any order; blanks around fields; CRLF line ends.
printf 'latency_us,iteration,size,trial,note\r\n' >round.csv
for line in '1.0005,1,8,1,half' '1.00049,2,8,1,below' '2e-3,3,8,1,exponent' \
	'0.0004,4,8,1,tiny' '0.0005,5,8,1,half ns' '1E3,6,8,1,1 ms' '+3,7,8,1,plus' \
	' 7.25 ,8,8,1,blanks' '0.9995,10,8,1,later' '12345678.9876549,9,8,1,big' \
	'5,2,8,2,t2' '4,1,8,2,t2' '6,1,1,2,size 1'; do
	printf '%s\r\n' "$line" >>round.csv
done
cat >round.expected <<'EOS'
label,trial,round,benchmark,op,size,iteration,value,max,sample,complete
r,1,,csv,,8,1,1.001,,iteration,true
r,1,,csv,,8,2,1.000,,iteration,true
r,1,,csv,,8,3,0.002,,iteration,true
r,1,,csv,,8,4,0.000,,iteration,true
r,1,,csv,,8,5,0.001,,iteration,true
r,1,,csv,,8,6,1000.000,,iteration,true
r,1,,csv,,8,7,3.000,,iteration,true
r,1,,csv,,8,8,7.250,,iteration,true
r,1,,csv,,8,9,12345678.988,,iteration,true
r,1,,csv,,8,10,1.000,,iteration,true
r,2,,csv,,1,1,6.000,,iteration,true
r,2,,csv,,8,1,4.000,,iteration,true
r,2,,csv,,8,2,5.000,,iteration,true
EOS
if "$SRIOVSTAT" import -l r round.csv >round.json 2>err &&
	"$SRIOVSTAT" export round.json >round.out && diff -u round.expected round.out >diff; then
	pass "import rounding and ordering"
else
	fail "import rounding and ordering" "$(cat err diff)"
fi

# benchmark and op columns (quoted fields), --benchmark/--op defaults.
cat >named.csv <<'EOS'
benchmark,op,trial,size,iteration,latency_us
"my,bench","say ""hi""",1,0,1,1.5
EOS
if "$SRIOVSTAT" import -l n -o named.json named.csv && "$SRIOVSTAT" export named.json >named.out &&
	[ "$(sed -n 2p named.out)" = 'n,1,,"my,bench","say ""hi""",0,1,1.500,,iteration,true' ]; then
	pass "quoted benchmark and op"
else
	fail "quoted benchmark and op" "$(cat named.out)"
fi
printf 'trial,size,iteration,latency_us\n1,4,1,2\n' >plain.csv
if "$SRIOVSTAT" import -l n --benchmark osu_latency --op pt2pt plain.csv >plain.json &&
	[ "$("$SRIOVSTAT" export plain.json | sed -n 2p)" = 'n,1,,osu_latency,pt2pt,4,1,2.000,,iteration,true' ]; then
	pass "--benchmark and --op"
else
	fail "--benchmark and --op"
fi

# import never overwrites; --append adds trials numbered after the others.
check_error "output exists" 1 "$E plain.json: exists (import does not overwrite; use --append to add to it)" import -l n -o plain.json plain.csv
"$SRIOVSTAT" import -l n --benchmark osu_latency --op pt2pt -o app.json plain.csv
"$SRIOVSTAT" import -l n --benchmark osu_latency --op pt2pt -o app.json --append plain.csv
if [ "$("$SRIOVSTAT" export app.json | cut -d, -f2 | tr '\n' ' ')" = "trial 1 2 " ]; then
	pass "--append numbers the new trials after the old"
else
	fail "--append" "$("$SRIOVSTAT" export app.json)"
fi
check_error "append, other label" 1 "$E app.json: holds label \"n\", not \"other\" (use another file or the same label)" import -l other -o app.json --append plain.csv

# CSV errors name the file and the line.
bad() {
	name=$1
	msg=$2
	shift 2
	printf '%s\n' "$@" >"$name.csv"
	check_error "$name" 1 "$E $name.csv: $msg" import -l x "$name.csv"
}
bad missing-column 'line 1: missing column "iteration" (the header must name trial, size, iteration and latency_us)' \
	'trial,size,latency_us' '1,8,1.0'
bad column-twice 'line 1: column "size" appears twice' 'trial,size,iteration,latency_us,size' '1,8,1,1,8'
bad text-latency 'line 3: latency_us "fast" is not a number' 'trial,size,iteration,latency_us' '1,8,1,1.0' '1,8,2,fast'
bad nan-latency 'line 2: latency_us "NaN" is not a number' 'trial,size,iteration,latency_us' '1,8,1,NaN'
bad inf-latency 'line 2: latency_us "inf" is not a number' 'trial,size,iteration,latency_us' '1,8,1,inf'
bad negative-latency 'line 2: latency_us -0.5 is negative' 'trial,size,iteration,latency_us' '1,8,1,-0.5'
bad huge-latency 'line 2: latency_us 1e30 is too large' 'trial,size,iteration,latency_us' '1,8,1,1e30'
bad empty-latency 'line 2: latency_us "" is not a number' 'trial,size,iteration,latency_us' '1,8,1,'
bad text-size 'line 2: size "8B" is not a non-negative integer' 'trial,size,iteration,latency_us' '1,8B,1,1'
bad trial-zero 'line 2: trial "0" is not an integer from 1 to 2147483647' 'trial,size,iteration,latency_us' '0,8,1,1'
bad negative-iteration 'line 2: iteration "-1" is not a non-negative integer' 'trial,size,iteration,latency_us' '1,8,-1,1'
bad field-count 'line 3: 3 fields, the header has 4' 'trial,size,iteration,latency_us' '1,8,1,1' '1,8,2'
bad quote 'line 2: unterminated quoted field' 'trial,size,iteration,latency_us,benchmark' '1,8,1,1,"p2p'
bad duplicate-iteration 'line 4: iteration 1 of trial 1, size 8 appears twice (also line 2)' \
	'trial,size,iteration,latency_us' '1,8,1,1' '1,8,2,1' '1,8,1,2'
bad two-benchmarks 'line 3: trial 1 is b here but a x at line 2 (one trial, one benchmark and op)' \
	'trial,size,iteration,latency_us,benchmark,op' '1,8,1,1,a,x' '1,8,2,1,b,'
bad half-max 'line 3: max_latency_us is empty here but set at line 2 (trial 1, size 8)' \
	'trial,size,iteration,latency_us,max_latency_us' '1,8,1,1,2' '1,8,2,1,'
bad header-only 'no data lines after the header' 'trial,size,iteration,latency_us'
bad blank-first 'line 1: empty; the first line must name the columns (trial,size,iteration,latency_us)' '' '1,8,1,1'
: >empty.csv
check_error "empty file" 1 "$E empty.csv: empty file (a header line and data lines are required)" import -l x empty.csv
check_error "missing csv" 1 "$E nosuch.csv: No such file or directory" import -l x nosuch.csv
printf 'trial,size,iteration,latency_us\n1,8,x,1\n' | "$SRIOVSTAT" import -l x - >/dev/null 2>err
if [ "$(cat err)" = "$E <stdin>: line 2: iteration \"x\" is not a non-negative integer" ]; then
	pass "stdin errors name <stdin>"
else
	fail "stdin errors name <stdin>" "$(cat err)"
fi

finish
