#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# script.sh: sriovstat plot --script (no gnuplot needed): the numbers in the
# script are those of sriovstat summary and trialdump, the terminal follows
# the output's name, labels are quoted for gnuplot; usage and data errors.
. "$abs_top_srcdir/tests/plot/lib.sh"

make_data || { echo "Bail out! gen_trials failed"; exit 99; }

# plot_script NAME ARGS...: sriovstat plot ARGS --script NAME.gp, no stderr.
plot_script() {
	name=$1
	shift
	rc=0
	"$SRIOVSTAT" plot "$@" --script "$name.gp" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$TMP/err" ] || [ ! -s "$name.gp" ]; then
		fail "$name: exit $rc" "$(cat "$TMP/err")"
		return 1
	fi
	[ ! -e out.png ] || { fail "$name: --script drew an image"; return 1; }
	return 0
}

# --- size: per size the median, p90, p95 and p99 of sriovstat summary.
if plot_script size -o out.png native.json vm.json; then
	i=0
	for f in native vm; do
		"$SRIOVSTAT" summary --format csv --percentiles 50,90,95,99 "$f.json" |
			awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
				{ print $c["size"], $c["p50"], $c["p90"], $c["p95"], $c["p99"] }' >"$f.want"
		datablock size.gp $i >"$f.got"
		if [ "$(wc -l <"$f.got")" -ne 8 ]; then
			fail "size: $f: $(wc -l <"$f.got") rows, expected 8"
		elif paste -d' ' "$f.got" "$f.want" | awk '{ for (k = 1; k <= 5; k++) { d = $k - $(k + 5); if (d < 0) d = -d
				if (d > 1e-5 + 1e-7 * $(k + 5)) { print "row " NR " column " k ": " $k " vs " $(k + 5); bad = 1 } } }
				END { exit bad }' >"$TMP/diff"; then
			pass "size: $f: median, p90, p95, p99 as in sriovstat summary"
		else
			fail "size: $f: numbers differ from sriovstat summary" "$(cat "$TMP/diff")"
		fi
		i=$((i + 1))
	done
	grep -q "^set terminal pngcairo " size.gp && grep -q "^set output 'out.png'$" size.gp &&
		grep -q "^set logscale x 2$" size.gp && grep -q "^set logscale y 10$" size.gp &&
		grep -q "title 'native (4 trials)'" size.gp && grep -q "title 'vm (4 trials)'" size.gp
	expect "size: terminal, output, log axes, key" $?
fi

# --- trials: each trial's mean at 16 bytes is the mean of its samples
# (trialdump computes it on its own), the dashed line their mean.
if plot_script trials -o out.png --kind trials --size 16 native.json vm.json; then
	"$DUMP" vm.json | awk '$1 == "trial" { t = $2 } $1 == "size" && $2 == 16 { print t, $12 }' >want
	datablock trials.gp 1 >got
	if [ "$(wc -l <got)" -eq 4 ] && paste -d' ' got want | awk '
		{ if ($1 != $4) bad = 1; d = $2 - $5; if (d < 0) d = -d; if (d > 2e-6) bad = 1; s += $5; m = $3 }
		END { d = m - s / NR; if (d < 0) d = -d; exit bad || d > 2e-6 }'; then
		pass "trials: trial means and their mean as the samples say"
	else
		fail "trials: values differ from trialdump" "got: $(tr '\n' ';' <got)" "want: $(tr '\n' ';' <want)"
	fi
	grep -q "^set ylabel 'trial mean latency (us)'$" trials.gp && grep -q "^set xrange \[0.5:4.5\]$" trials.gp
	expect "trials: axes" $?
fi

# --stat max: each trial's largest sample at 16 bytes (from the exported samples).
if plot_script tmax -o out.png --kind trials --size 16 --stat max native.json; then
	"$SRIOVSTAT" export native.json | awk -F, '$6 == 16 && (!($2 in m) || $8 + 0 > m[$2]) { m[$2] = $8 + 0 }
		END { for (t = 1; t in m; t++) print t, m[t] }' >want
	datablock tmax.gp 0 | awk '{ print $1, $2 }' >got
	if [ -s got ] && paste -d' ' got want | awk '{ d = $2 - $4; if (d < 0) d = -d; if ($1 != $3 || d > 1e-6) bad = 1 } END { exit bad }'; then
		pass "trials --stat max: each trial's maximum"
	else
		fail "trials --stat max" "got: $(tr '\n' ';' <got)" "want: $(tr '\n' ';' <want)"
	fi
fi

# --- cdf: p from 0 to 1 ascending, latencies not decreasing; p = 0, 0.5 and 1
# are the min, median and max of sriovstat summary; the tail reaches 1e-4.
if plot_script cdf -o out.svg --kind cdf --size 64 native.json vm.json; then
	grep -q "^set terminal svg " cdf.gp && grep -q "^set multiplot layout 1,2 " cdf.gp
	expect "cdf: svg terminal, two panels" $?
	i=0
	for f in native vm; do
		datablock cdf.gp $i >"$f.cdf"
		i=$((i + 1))
		"$SRIOVSTAT" summary --format csv "$f.json" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			$c["size"] == 64 { print $c["min"], $c["median"], $c["max"] }' >"$f.sum"
		read -r min med max <"$f.sum"
		got=$(awk '$2 == 0 { a = $1 } $2 == 0.5 { b = $1 } $2 == 1 { c = $1 } { print > "/dev/null" }
			NR > 1 && ($2 <= p || $1 < x) { bad = 1 } { p = $2; x = $1 } $2 < 1 && $2 > tail { tail = $2 }
			END { print (bad ? "unordered" : "ordered"), a, b, c, (tail >= 0.9999 ? "tail" : "short") }' "$f.cdf")
		# shellcheck disable=SC2086
		set -- $got
		if [ "$1" = ordered ] && near "$2" "$min" && near "$3" "$med" && near "$4" "$max" && [ "$5" = tail ]; then
			pass "cdf: $f: ordered, min, median, max, tail to 1e-4"
		else
			fail "cdf: $f" "got $got" "summary: min $min median $med max $max"
		fi
	done
fi

# --- the format: --format wins over the name; pdf.
plot_script fmt -o out.png --format pdf native.json && grep -q "^set terminal pdfcairo " fmt.gp
expect "--format pdf with a .png name" $?
plot_script upper -o OUT.SVG native.json && grep -q "^set terminal svg " upper.gp
expect "extension in capitals" $?

# --- a label with a quote and an underscore, a title with a line break.
"$SRIOVSTAT" export "$DATA/native.json" | "$SRIOVSTAT" import --label "it's a_vm" -o quote.json - 2>/dev/null
if plot_script quote -o out.png --title "two
lines" quote.json; then
	grep -qF "title 'it''s a_vm (3 trials)'" quote.gp && grep -qF "set title 'two'.\"\\n\".'lines' font" quote.gp
	expect "labels and titles quoted for gnuplot" $? "$(grep title quote.gp)"
fi

# --- group choice: the first group (with a warning), or --benchmark/--op.
rc=0
"$SRIOVSTAT" plot -o out.png --script mixed.gp "$DATA/mixed.json" >/dev/null 2>"$TMP/err" || rc=$?
[ "$rc" -eq 0 ] && grep -q "^sriovstat: warning: plot: the files hold 2 benchmarks or ops; drawing \"coll_lat allgather\"" "$TMP/err" &&
	grep -q "^set title 'coll_lat allgather: " mixed.gp
expect "several groups: the first, with a warning" $? "exit $rc" "$(cat "$TMP/err")"
plot_script mixed2 -o out.png --op pingpong "$DATA/mixed.json" && grep -q "^set title 'p2p_lat pingpong: " mixed2.gp
expect "--op chooses the group" $?
plot_script mmax -o out.png --kind trials --size 8 --max-samples "$DATA/coll.json" &&
	grep -q "(max over ranks)" mmax.gp
expect "--max-samples" $?

# --- misuse (exit 2) and bad data (exit 1): one line, nothing on stdout.
check_error "no -o" 2 "^sriovstat: error: plot: -o OUT.png\|.svg\|.pdf is required" plot native.json
check_error "unknown extension" 2 "cannot tell the image format of 'x.gif'" plot -o x.gif native.json
check_error "bad --format" 2 "--format: unknown value 'jpeg' \(png, svg, pdf\)" plot -o x.png --format jpeg native.json
check_error "bad --kind" 2 "--kind: unknown value 'box'" plot -o x.png --kind box native.json
check_error "no file" 2 "plot: no trial file given" plot -o x.png
check_error "--size with size" 2 "--size applies to --kind trials and cdf only" plot -o x.png --size 8 native.json
check_error "--stat with cdf" 2 "--stat applies to --kind trials only" plot -o x.png --kind cdf --stat p99 --size 8 native.json
check_error "--size not whole" 2 "--size: '1.5' is not a whole number" plot -o x.png --kind cdf --size 1.5 native.json
check_error "trials needs --size" 2 "--kind trials needs --size \(p2p_lat pingpong has sizes 1, 2, 4, 8, 16, 32, 64, 128\)" \
	plot -o x.png --kind trials native.json
check_error "nine files" 2 "at most 8 files in one figure, got 9" plot -o x.png native.json native.json native.json \
	native.json native.json native.json native.json native.json native.json
check_error "unknown option" 2 "plot: unknown option '--bogus'" plot -o x.png --bogus native.json
check_error "missing file" 1 "^sriovstat: error: .*nothere.json" plot -o x.png nothere.json
check_error "same label" 1 "same label \"native\"" plot -o x.png --script - native.json native.json
check_error "size absent" 1 "plot: native.json has no size 3 of p2p_lat pingpong" plot -o x.png --script - --kind cdf --size 3 native.json
check_error "no such op" 1 "plot: no trials of bcast in the files" plot -o x.png --script - --op bcast native.json
SRIOVSTAT_GNUPLOT="$TMP/none"
export SRIOVSTAT_GNUPLOT
check_error "gnuplot not there" 1 "^sriovstat: error: plotting needs gnuplot: SRIOVSTAT_GNUPLOT=$TMP/none is not an executable program$" \
	plot -o x.png native.json
unset SRIOVSTAT_GNUPLOT
[ ! -e x.png ]
expect "no image after errors" $?

finish
