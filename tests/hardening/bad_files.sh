#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bad_files.sh: every file of the bad-file catalogue (tests/data/bad/NAME.json,
# written by make_bad.py) makes `sriovstat summary` exit 1 with exactly the
# line in NAME.expected, and the reader itself (trialdump) fails on it too.
# Then the size limits: files above SRIOVSTAT_MAX_FILE_BYTES are refused
# unread, by summary and import, with a message saying how to raise it.
. "$abs_top_srcdir/tests/hardening/lib.sh"

BAD="$SRC/tests/data/bad"
cd "$BAD" || exit 99
n=0
for f in *.json; do
	name=${f%.json}
	n=$((n + 1))
	if [ ! -f "$name.expected" ]; then
		fail "$name: no $name.expected"
		continue
	fi
	check_error "$name" 1 "$(cat "$name.expected")" "$SRIOVSTAT" summary "$f"
	if "$DUMP" "$f" >/dev/null 2>&1; then
		fail "$name: trialdump accepted it"
	fi
done
for e in *.expected; do
	[ -f "${e%.expected}.json" ] || fail "$e: no ${e%.expected}.json"
done
[ "$n" -ge 80 ] || fail "only $n files in the catalogue"

# The file-size limit (default 8 GiB), lowered to test it.
cd "$SRC/tests/data/cli" || exit 99
bytes=$(wc -c <native.json)
check_error "file above SRIOVSTAT_MAX_FILE_BYTES" 1 \
	"sriovstat: error: native.json: $bytes bytes, more than the limit of 1024 bytes for a trial file (set SRIOVSTAT_MAX_FILE_BYTES to raise it, e.g. =16G)" \
	env SRIOVSTAT_MAX_FILE_BYTES=1k "$SRIOVSTAT" summary native.json
if SRIOVSTAT_MAX_FILE_BYTES=$bytes "$SRIOVSTAT" summary native.json >/dev/null 2>"$TMP/err"; then
	pass "file at the limit is read"
else
	fail "file at the limit is read" "$(cat "$TMP/err")"
fi
"$SRIOVSTAT" export native.json >"$TMP/native.csv" || exit 99
csvbytes=$(wc -c <"$TMP/native.csv")
cd "$TMP" || exit 99
check_error "import above SRIOVSTAT_MAX_FILE_BYTES" 1 \
	"sriovstat: error: native.csv: $csvbytes bytes, more than the limit of 1024 bytes for an input file (set SRIOVSTAT_MAX_FILE_BYTES to raise it, e.g. =16G)" \
	env SRIOVSTAT_MAX_FILE_BYTES=1K "$SRIOVSTAT" import --label x native.csv
finish
