#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# images.sh: sriovstat plot draws every kind in PNG, SVG and PDF with
# gnuplot: each file is an image of the requested type (magic bytes, PNG
# dimensions) and not trivially small, gnuplot says nothing, no temporary
# file stays; a failing gnuplot leaves no image. Skips without gnuplot.
. "$abs_top_srcdir/tests/plot/lib.sh"

if [ -n "${SRIOVSTAT_GNUPLOT:-}" ]; then
	GP=$SRIOVSTAT_GNUPLOT
else
	GP=$(command -v gnuplot) || { echo "SKIP: no gnuplot (apt-get install gnuplot-nox)"; exit 77; }
fi
for term in pngcairo svg pdfcairo; do
	"$GP" -e "set terminal $term" </dev/null >/dev/null 2>&1 ||
		{ echo "SKIP: $GP has no $term terminal"; exit 77; }
done
make_data || { echo "Bail out! gen_trials failed"; exit 99; }

# The first n bytes of a file in hex.
head_hex() {
	od -An -tx1 -N"$2" "$1" | tr -d ' \n'
}

# A big-endian 32-bit integer at byte offset off.
be32() {
	od -An -tu1 -j"$2" -N4 "$1" | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }'
}

# check_image NAME FILE TYPE MINBYTES ARGS...: sriovstat plot -o FILE ARGS
# succeeds silently and FILE is a TYPE (png, svg, pdf) of at least MINBYTES.
check_image() {
	name=$1 file=$2 type=$3 min=$4
	shift 4
	rm -f "$file"
	rc=0
	"$SRIOVSTAT" plot -o "$file" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$TMP/out" ] || [ -s "$TMP/err" ]; then
		fail "$name: exit $rc, stdout/stderr not empty" "$(cat "$TMP/out" "$TMP/err")"
		return
	fi
	[ -f "$file" ] || { fail "$name: no $file"; return; }
	size=$(wc -c <"$file")
	case $type in
	png) [ "$(head_hex "$file" 8)" = 89504e470d0a1a0a ] ;;
	svg) head -c 2000 "$file" | grep -q "<svg" && tail -c 100 "$file" | grep -q "</svg>" ;;
	pdf) [ "$(head -c 5 "$file")" = "%PDF-" ] && tail -c 32 "$file" | grep -q "%%EOF" ;;
	esac
	# shellcheck disable=SC2181
	if [ $? -ne 0 ]; then
		fail "$name: not a complete $type file"
		return
	fi
	[ "$size" -ge "$min" ] || { fail "$name: only $size bytes"; return; }
	pass "$name: $type, $size bytes"
}

for kind in size trials cdf; do
	args="--kind $kind"
	[ $kind = size ] || args="$args --size 32"
	# shellcheck disable=SC2086
	{
		check_image "$kind png" $kind.png png 15000 $args native.json vm.json
		check_image "$kind svg" $kind.svg svg 8000 $args native.json vm.json
		check_image "$kind pdf" $kind.pdf pdf 8000 $args native.json vm.json
	}
done

# PNG dimensions: 960 x 600, and 1400 x 560 for the two panels of cdf.
[ "$(be32 size.png 16) $(be32 size.png 20)" = "960 600" ]
expect "size png is 960 x 600" $? "$(be32 size.png 16) x $(be32 size.png 20)"
[ "$(be32 cdf.png 16) $(be32 cdf.png 20)" = "1400 560" ]
expect "cdf png is 1400 x 560" $? "$(be32 cdf.png 16) x $(be32 cdf.png 20)"
# The SVG holds the labels and the axis titles as text.
grep -q ">native (4 trials)<" size.svg && grep -q ">vm (4 trials)<" size.svg &&
	grep -q ">message size (bytes)<" size.svg && grep -q ">latency (us)<" size.svg
expect "size svg: key and axis titles" $?

# --format decides over the name; a label gnuplot must be careful with.
check_image "--format svg, .png name" odd.png svg 8000 --format svg native.json
"$SRIOVSTAT" export "$DATA/native.json" | "$SRIOVSTAT" import --label "it's a_vm" -o quote.json - 2>/dev/null
check_image "label with a quote" quote.png png 10000 quote.json
check_image "collective, max over ranks" coll.pdf pdf 5000 --kind trials --size 8 --max-samples "$DATA/coll.json"

# A failing gnuplot: exit 1, its status said, no image and no temporary file.
printf '#!/bin/sh\ncat >/dev/null\necho "gnuplot: broken" >&2\nexit 3\n' >"$TMP/badgp"
chmod +x "$TMP/badgp"
rm -f bad.png
rc=0
SRIOVSTAT_GNUPLOT="$TMP/badgp" "$SRIOVSTAT" plot -o bad.png native.json >"$TMP/out" 2>"$TMP/err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "^sriovstat: error: plot: gnuplot failed (exit status 3" "$TMP/err" && [ ! -e bad.png ]
expect "failing gnuplot: exit 1, no image" $? "$(cat "$TMP/err")"
leftover=
for f in ./*.png.?????? ./*.svg.?????? ./*.pdf.??????; do
	[ -e "$f" ] && leftover="$leftover $f"
done
[ -z "$leftover" ]
expect "no temporary files left" $? "$leftover"

finish
