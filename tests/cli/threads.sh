#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# threads.sh: summary, compare, table and export print the same bytes
# whatever the number of threads (--threads, SRIOVSTAT_THREADS), and a file
# with several bad sample strings names the same (first) one.
. "$abs_top_srcdir/tests/cli/lib.sh"

APP="$abs_top_builddir/tests/tools/append_trial"
[ -x "$APP" ] || { echo "append_trial not built"; exit 99; }
for i in 1 2 3 4 5 6; do
	"$APP" "$TMP/a.json" A 3000 2 "$i" || exit 99
	"$APP" "$TMP/b.json" B 3000 2 "$((i + 10))" || exit 99
done

# same NAME ARGS...: the output of sriovstat ARGS with 1 thread equals the
# output with 2, 3 and 8 threads and with SRIOVSTAT_THREADS=5.
same() {
	name=$1
	shift
	"$SRIOVSTAT" "$@" --threads 1 > "$TMP/one" 2>&1
	st=$?
	for t in 2 3 8; do
		"$SRIOVSTAT" "$@" --threads $t > "$TMP/many" 2>&1
		if [ $? -ne $st ] || ! cmp -s "$TMP/one" "$TMP/many"; then
			fail "$name: --threads $t differs from --threads 1" "$(diff "$TMP/one" "$TMP/many" | head -5)"
			return
		fi
	done
	SRIOVSTAT_THREADS=5 "$SRIOVSTAT" "$@" > "$TMP/many" 2>&1
	cmp -s "$TMP/one" "$TMP/many"
	expect "$name: the same output with 1, 2, 3, 5 and 8 threads" $?
}

same "summary" summary --format json "$TMP/a.json" "$TMP/b.json"
same "compare" compare --format json "$TMP/a.json" "$TMP/b.json"
same "compare wilcoxon p99" compare --format csv --stat p99 --test wilcoxon "$TMP/a.json" "$TMP/b.json"
same "table" table --kind tail --format json "$TMP/a.json" "$TMP/b.json"

SRIOVSTAT_THREADS=1 "$SRIOVSTAT" export "$TMP/a.json" > "$TMP/e1"
SRIOVSTAT_THREADS=4 "$SRIOVSTAT" export "$TMP/a.json" > "$TMP/e4"
cmp -s "$TMP/e1" "$TMP/e4"
expect "export: the same with 1 and 4 threads" $?

# Export formats rows in blocks of 16,384 on every core and writes them in
# order: a file of several blocks per size.
"$APP" "$TMP/rows.json" R 40000 2 3 || exit 99
SRIOVSTAT_THREADS=1 "$SRIOVSTAT" export "$TMP/rows.json" > "$TMP/r1"
SRIOVSTAT_THREADS=3 "$SRIOVSTAT" export "$TMP/rows.json" > "$TMP/r3"
cmp -s "$TMP/r1" "$TMP/r3"
expect "export of 80,000 rows: the same with 1 and 3 threads" $?
[ "$(wc -l < "$TMP/r1")" -eq 80001 ] && [ "$(awk -F, '$7 == 40000' "$TMP/r1" | wc -l)" -eq 2 ] &&
	[ "$(awk -F, 'NR > 1 { if ($7 != p + 1 && $7 != 1) bad++; p = $7 } END { print bad + 0 }' "$TMP/r1")" -eq 0 ]
expect "export of 80,000 rows: every row once, in order" $? "$(wc -l < "$TMP/r1")"

# Three bad strings: the first in the file is the one named, whatever the
# number of threads.
sed 's/"data":"[A-Za-z0-9+/]/"data":"!/' "$TMP/a.json" > "$TMP/bad.json"
grep -c '"data":"!' "$TMP/bad.json" | grep -qv '^[01]$'
expect "the bad file has several bad strings" $?
same "bad strings" summary "$TMP/bad.json"
grep -q "trial 1, size 1: samples: data is not valid base64" "$TMP/one"
expect "the first bad string is named" $? "$(cat "$TMP/one")"

# A file above 32 MB is read through a mapping given back as it is parsed:
# the same numbers as Python computes from the file.
if command -v python3 > /dev/null; then
	"$APP" "$TMP/big.json" BIG 3300000 2 7 || exit 99
	[ "$(wc -c < "$TMP/big.json")" -gt 33554432 ]
	expect "the big file is above 32 MB" $?
	"$SRIOVSTAT" summary --format csv --percentiles 50 "$TMP/big.json" > "$TMP/big.csv"
	python3 - "$TMP/big.json" > "$TMP/big.py" <<'PY'
import base64, json, struct, sys
d = json.load(open(sys.argv[1]))
for s in d["trials"][0]["sizes"]:
    raw = base64.b64decode(s["samples"]["data"])
    v = struct.unpack("<%dI" % (len(raw) // 4), raw)
    print(s["size"], len(v), "%.6f" % (sum(v) / len(v) / 1000))
PY
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ printf "%s %s %.6f\n", $c["size"], $c["samples"], $c["mean"] }' "$TMP/big.csv" > "$TMP/big.c"
	cmp -s "$TMP/big.py" "$TMP/big.c"
	expect "a 35 MB file reads the same as Python reads it" $? "$(cat "$TMP/big.py" "$TMP/big.c")"
	# The sample strings are decoded straight from that mapping
	# (stats/triallift.c), whose pages go back once decoded: a string with
	# an escape (JSON's \/ for /) or a bad character sends the reader back
	# to the file for json-c's reading: the same numbers, the same error.
	python3 - "$TMP/big.json" "$TMP/bigesc.json" "$TMP/bigbad.json" <<'PY'
import sys
t = open(sys.argv[1]).read()
last = t.rindex('"data":"') + len('"data":"')
slash = t.index("/", last)
open(sys.argv[2], "w").write(t[:slash] + "\\/" + t[slash + 1:])
open(sys.argv[3], "w").write(t[:last] + "!" + t[last + 1:])
PY
	"$SRIOVSTAT" summary --format csv --percentiles 50 "$TMP/bigesc.json" > "$TMP/bigesc.csv" &&
		sed 's/bigesc/big/g' "$TMP/bigesc.csv" | cmp -s - "$TMP/big.csv"
	expect "a 35 MB file with an escaped / in a string reads the same" $? "$(head -3 "$TMP/bigesc.csv")"
	"$SRIOVSTAT" summary "$TMP/bigbad.json" > /dev/null 2> "$TMP/bigbad.err"
	[ $? -eq 1 ] && [ "$(cat "$TMP/bigbad.err")" = "sriovstat: error: $TMP/bigbad.json: trial 1, size 8: samples: data is not valid base64" ]
	expect "a 35 MB file with a bad last string: its one-line error" $? "$(cat "$TMP/bigbad.err")"
fi

"$SRIOVSTAT" summary --threads 0 "$TMP/a.json" 2> "$TMP/err"
[ $? -eq 2 ] && grep -q "threads" "$TMP/err"
expect "--threads 0 is a usage error" $?
finish
