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

# Three bad strings: the first in the file is the one named, whatever the
# number of threads.
sed 's/"data":"[A-Za-z0-9+/]/"data":"!/' "$TMP/a.json" > "$TMP/bad.json"
grep -c '"data":"!' "$TMP/bad.json" | grep -qv '^[01]$'
expect "the bad file has several bad strings" $?
same "bad strings" summary "$TMP/bad.json"
grep -q "trial 1, size 1: samples: data is not valid base64" "$TMP/one"
expect "the first bad string is named" $? "$(cat "$TMP/one")"

"$SRIOVSTAT" summary --threads 0 "$TMP/a.json" 2> "$TMP/err"
[ $? -eq 2 ] && grep -q "threads" "$TMP/err"
expect "--threads 0 is a usage error" $?
finish
