#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# hostile.sh: option values and data a hostile or careless user gives
# (issue 18, item 11): percentiles that differ only past the 6th digit get
# distinct names; --alpha refuses blanks at either end; table --kind tail
# refuses the options it would ignore; plots of all-zero latencies fail with
# one clear line instead of gnuplot's errors.
. "$abs_top_srcdir/tests/cli/lib.sh"

# --percentiles 99.99999999,99.999999999: two columns, two JSON keys.
"$SRIOVSTAT" summary native.json --percentiles 99.99999999,99.999999999 --format json >"$TMP/p.json" 2>"$TMP/err"
keys=$(grep -o '"p99[0-9.]*"' "$TMP/p.json" | sort -u | wc -l)
if [ "$keys" -eq 2 ] && ! grep -q '"p100"' "$TMP/p.json"; then
	pass "close percentiles: two distinct names"
else
	fail "close percentiles: $keys distinct keys" "$(grep -o '"p[0-9.]*"' "$TMP/p.json" | sort -u | tr '\n' ' ')"
fi
"$SRIOVSTAT" summary native.json --percentiles 99.99999999,99.999999999 >"$TMP/p.txt" 2>&1
[ "$(grep -c p100 "$TMP/p.txt")" -eq 0 ]
expect "close percentiles: no p100 column in the text table" $? "$(head -3 "$TMP/p.txt")"

# --alpha: blanks refused at either end, as one usage error.
for v in " 0.5" "0.05 " "	0.05"; do
	rc=0
	"$SRIOVSTAT" compare native.json vm.json --alpha "$v" >/dev/null 2>"$TMP/err" || rc=$?
	if [ "$rc" -eq 2 ] && grep -q -- "--alpha" "$TMP/err"; then
		pass "--alpha '$v' refused"
	else
		fail "--alpha '$v': exit $rc" "$(cat "$TMP/err")"
	fi
done

# table --kind tail ignores the test options: refuse them.
for o in "--stat median" "--test welch" "--alpha 0.01"; do
	rc=0
	# shellcheck disable=SC2086
	"$SRIOVSTAT" table --kind tail native.json $o >/dev/null 2>"$TMP/err" || rc=$?
	if [ "$rc" -eq 2 ] && grep -q "applies to --kind pvalues only" "$TMP/err"; then
		pass "table --kind tail $o refused"
	else
		fail "table --kind tail $o: exit $rc" "$(cat "$TMP/err")"
	fi
done

# Plots of all-zero latencies: one clear line, no gnuplot messages.
if command -v gnuplot >/dev/null 2>&1; then
	printf 'trial,size,iteration,latency_us\n1,8,1,0\n1,8,2,0\n1,16,1,0\n2,8,1,0\n2,8,2,0\n2,16,1,0\n' >"$TMP/z.csv"
	"$SRIOVSTAT" import -l z -o "$TMP/z.json" "$TMP/z.csv"
	for k in size cdf trials; do
		rc=0
		sz=
		[ "$k" = size ] || sz="--size 8"
		# shellcheck disable=SC2086
		"$SRIOVSTAT" plot --kind $k $sz -o "$TMP/z-$k.png" "$TMP/z.json" >/dev/null 2>"$TMP/err" || rc=$?
		if [ "$k" = trials ]; then
			[ "$rc" -eq 0 ] && [ ! -s "$TMP/err" ]
			expect "plot --kind trials of zeros: drawn, nothing on stderr" $? "exit $rc" "$(head -3 "$TMP/err")"
		elif [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "every .*latency is 0 us" "$TMP/err"; then
			pass "plot --kind $k of zeros: one clear error"
		else
			fail "plot --kind $k of zeros: exit $rc" "$(head -3 "$TMP/err")"
		fi
	done
fi

finish
