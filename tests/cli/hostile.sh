#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# hostile.sh: option values and data a hostile or careless user gives
# (issue 18, item 11): percentiles that differ only past the 6th digit get
# distinct names; --alpha refuses blanks at either end; table --kind tail
# refuses the options it would ignore; plots of all-zero latencies fail with
# one clear line instead of gnuplot's errors; compare's reason is never cut
# at 255 bytes.
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

# compare's reason is never cut (it was at 255 bytes): a paired t-test with
# zero variance whose unpaired trial adds the pairing note makes a reason of
# about 290 bytes; JSON and text carry all of it.
printf 'trial,size,iteration,latency_us,complete\n1,8,1,1.0,true\n2,8,1,2.0,true\n3,8,1,3.0,true\n4,8,1,4.0,false\n' >"$TMP/ra.csv"
printf 'trial,size,iteration,latency_us,complete\n1,8,1,2.0,true\n2,8,1,3.0,true\n3,8,1,4.0,true\n4,16,1,4.0,false\n' >"$TMP/rb.csv"
"$SRIOVSTAT" import -l A -o "$TMP/ra.json" "$TMP/ra.csv"
"$SRIOVSTAT" import -l B -o "$TMP/rb.json" "$TMP/rb.csv"
reason="zero variance: every pair differs by the same amount; the difference is the same in every trial, so a t-test cannot be computed (try --test wilcoxon or mann-whitney); paired test on 3 pairs; 1 trials left out, their partner (the trial of the same place in the other file) lacks this size"
[ "${#reason}" -gt 255 ] || fail "the reason of the test is not longer than 255 bytes"
"$SRIOVSTAT" compare --format json "$TMP/ra.json" "$TMP/rb.json" >"$TMP/r.json" 2>/dev/null
grep -qF "\"reason\": \"$reason\"" "$TMP/r.json"
expect "compare --format json: a ${#reason}-byte reason whole" $? "$(grep reason "$TMP/r.json")"
"$SRIOVSTAT" compare "$TMP/ra.json" "$TMP/rb.json" 2>/dev/null | grep -qxF "size 8: $reason"
expect "compare text: a ${#reason}-byte reason whole" $? "$("$SRIOVSTAT" compare "$TMP/ra.json" "$TMP/rb.json" 2>/dev/null | grep '^size 8:')"

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
