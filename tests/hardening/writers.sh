#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# writers.sh: nothing sriovstat writes loses or misattributes what was
# recorded (issue 18, findings 1 and 4 to 9, and the writer/input parts of 11).
# - trial numbers never wrap: an append past 2147483647 is refused, file intact;
# - concurrent `import -o NEW`: exactly one succeeds, the others say why;
# - `import --append` of many trials is one atomic write (all or nothing);
# - `export -o X X` is refused; a failed export leaves the old output intact;
# - rewrites keep a symlink (written through), the mode and the owner;
# - labels and names are printable ASCII of at most 127 bytes;
# - FIFOs never hang a reader; /dev/zero and stdin are bounded;
# - `import -o -` is standard output; export and import keep `complete: false`;
# - an invalid SRIOVSTAT_MAX_FILE_BYTES is an error, and nothing above the
#   limit is written;
# - export, plot's script, sweep.json and upgrade keep identity too.
. "$abs_top_srcdir/tests/hardening/lib.sh"

cd "$TMP" || exit 99
printf 'trial,size,iteration,latency_us\n2147483647,8,1,1.5\n2147483647,8,2,1.6\n' >max.csv
printf 'trial,size,iteration,latency_us\n1,8,1,1.5\n1,8,2,1.6\n' >one.csv

# 1. Trial numbers do not wrap.
"$SRIOVSTAT" import --label x -o max.json max.csv 2>err
cp max.json max.before
rc=0
"$SRIOVSTAT" import --label x -o max.json --append max.csv 2>err || rc=$?
if [ "$rc" -eq 1 ] && cmp -s max.json max.before && grep -q "largest trial number" err; then
	pass "append past trial 2147483647 refused, file intact"
else
	fail "append past trial 2147483647: exit $rc" "$(cat err)" "$("$DUMP" max.json | grep '^trial' | head -3)"
fi
"$SRIOVSTAT" summary max.json >/dev/null 2>err
expect "the file stays readable" $? "$(cat err)"

# 4. Concurrent imports to one new file: one wins, the others fail.
pids=
for k in 1 2 3 4 5 6; do
	"$SRIOVSTAT" import --label c -o new.json one.csv 2>"imp$k.err" &
	pids="$pids $!"
done
ok=0
for p in $pids; do
	if wait "$p"; then ok=$((ok + 1)); fi
done
if [ "$ok" -eq 1 ]; then
	pass "6 concurrent imports to a new file: 1 succeeds"
else
	fail "6 concurrent imports to a new file: $ok succeeded" "$(cat imp*.err | head -3)"
fi
grep -hq "exists" imp*.err
expect "the others say the file exists" $? "$(cat imp*.err | head -3)"

# 5. --append is one write: a 2,000-trial CSV either lands whole or not at all.
awk 'BEGIN { print "trial,size,iteration,latency_us"; for (i = 1; i <= 2000; i++) printf "%d,8,1,1.%03d\n", i, i % 1000 }' >many.csv
"$SRIOVSTAT" import --label m -o many.json one.csv
"$SRIOVSTAT" import --label m -o many.json --append many.csv 2>err
n=$("$DUMP" many.json | awk '$1 == "trial"' | wc -l)
[ "$n" -eq 2001 ]
expect "append of 2000 trials: 2001 trials" $? "got $n" "$(cat err)"
cp many.json many.before
"$SRIOVSTAT" import --label m -o many.json --append many.csv &
p=$!
sleep 0.05
kill -TERM "$p" 2>/dev/null
wait "$p" 2>/dev/null
n=$("$DUMP" many.json | awk '$1 == "trial"' | wc -l)
if [ "$n" -eq 2001 ] || [ "$n" -eq 4001 ]; then
	pass "append killed by SIGTERM: all or nothing ($n trials)"
else
	fail "append killed by SIGTERM left $n trials (neither 2001 nor 4001)"
fi

# 6. export never replaces its input; a failed export keeps the old output.
cp one.csv keep.csv
"$SRIOVSTAT" import --label e -o e.json one.csv
cp e.json e.before
rc=0
"$SRIOVSTAT" export -o e.json e.json 2>err || rc=$?
if [ "$rc" -ne 0 ] && cmp -s e.json e.before; then
	pass "export -o X.json X.json refused, trial file intact"
else
	fail "export -o X.json X.json: exit $rc" "$(head -c 200 e.json)"
fi
ln -s e.json e-link.json
rc=0
"$SRIOVSTAT" export -o e-link.json e.json 2>err || rc=$?
[ "$rc" -ne 0 ] && cmp -s e.json e.before
expect "export through a symlink to its input refused" $? "exit $rc"
echo "old export" >out.csv
"$SRIOVSTAT" import --label f -o f.json one.csv
rc=0
(
	ulimit -f 0
	exec "$SRIOVSTAT" export -o out.csv f.json
) 2>err || rc=$?
if [ "$rc" -ne 0 ] && [ "$(cat out.csv)" = "old export" ] && ! ls out.csv.tmp.* >/dev/null 2>&1; then
	pass "failed export (file size limit): old output intact, no temporary left"
else
	fail "failed export: exit $rc" "$(head -2 out.csv)" "$(cat err)"
fi

# 7. A rewrite keeps the file's identity: symlink, mode, owner.
mkdir real
"$SRIOVSTAT" import --label s -o real/s.json one.csv
ln -s real/s.json s.json
chmod 0640 real/s.json
owner_ok=1
if [ "$(id -u)" = 0 ]; then
	chown 12345:12345 real/s.json || owner_ok=0
fi
"$SRIOVSTAT" import --label s -o s.json --append one.csv 2>err
[ -L s.json ] && [ "$("$DUMP" real/s.json | awk '$1 == "trial"' | wc -l)" -eq 2 ]
expect "append through a symlink reaches its target" $? "$(ls -l s.json real)" "$(cat err)"
[ "$(stat -c %a real/s.json)" = 640 ]
expect "append keeps mode 0640" $? "$(stat -c %a real/s.json)"
if [ "$(id -u)" = 0 ] && [ "$owner_ok" = 1 ]; then
	[ "$(stat -c %u:%g real/s.json)" = 12345:12345 ]
	expect "append keeps the owner" $? "$(stat -c %u:%g real/s.json)"
fi
"$SRIOVSTAT" import --label p -o plain.json one.csv
chmod 0600 plain.json
[ "$(id -u)" = 0 ] && chown 12345:12345 plain.json
"$SRIOVSTAT" import --label p -o plain.json --append one.csv 2>err
[ "$(stat -c %a plain.json)" = 600 ]
expect "a rewrite keeps mode 0600" $? "$(stat -c %a plain.json)" "$(cat err)"
if [ "$(id -u)" = 0 ]; then
	[ "$(stat -c %u:%g plain.json)" = 12345:12345 ]
	expect "a rewrite keeps the owner" $? "$(stat -c %u:%g plain.json)"
fi
ln -s nowhere.json dangling.json
"$SRIOVSTAT" import --label d -o dangling.json one.csv 2>err
[ -L dangling.json ] && [ -f nowhere.json ]
expect "import to a dangling symlink creates its target" $? "$(ls -l dangling.json)" "$(cat err)"

# 8. Labels: printable ASCII, 1 to 127 bytes.
long=$(printf '%0300d' 0)
k=0
for bad in "$(printf 'a\nb')" "$(printf 'a\001b')" "$(printf 'caf\351')" "$long"; do
	k=$((k + 1))
	rc=0
	"$SRIOVSTAT" import --label "$bad" one.csv >/dev/null 2>err || rc=$?
	if [ "$rc" -eq 2 ] && grep -q -- "--label" err; then
		pass "import --label refuses bad label $k (newline, control, invalid UTF-8, 300 bytes)"
	else
		fail "import --label accepted a bad label (exit $rc)" "$(cat err)"
	fi
done
printf 'trial,size,iteration,latency_us,benchmark\n1,8,1,1.5,"a\nb"\n' >badname.csv
rc=0
"$SRIOVSTAT" import --label x badname.csv >/dev/null 2>err || rc=$?
[ "$rc" -eq 1 ]
expect "a benchmark name with a newline is refused" $? "exit $rc"

# 9. Inputs: a FIFO never hangs; /dev/zero and stdin are bounded.
mkfifo fifo.json
for cmd in "summary fifo.json" "export fifo.json" "plot --script - -o x.png fifo.json" "import --label x fifo.json"; do
	rc=0
	# shellcheck disable=SC2086
	timeout 10 "$SRIOVSTAT" $cmd >/dev/null 2>err || rc=$?
	if [ "$rc" -eq 1 ] || { [ "$rc" -ne 124 ] && [ "$rc" -ne 0 ] && grep -q "error" err; }; then
		pass "sriovstat $cmd: refused without hanging"
	else
		fail "sriovstat $cmd: exit $rc (124: hung)" "$(cat err)"
	fi
done
rc=0
SRIOVSTAT_MAX_FILE_BYTES=1M timeout 20 "$SRIOVSTAT" import --label z /dev/zero >/dev/null 2>err || rc=$?
[ "$rc" -eq 1 ] && grep -q "limit" err
expect "import /dev/zero stops at the limit" $? "exit $rc" "$(cat err)"
rc=0
head -c 3000000 /dev/zero | SRIOVSTAT_MAX_FILE_BYTES=1M timeout 20 "$SRIOVSTAT" import --label z - >/dev/null 2>err || rc=$?
[ "$rc" -eq 1 ] && grep -q "limit" err
expect "import from a pipe stops at the limit" $? "exit $rc" "$(cat err)"

# 11. import -o - writes standard output; complete: false survives export/import.
"$SRIOVSTAT" import --label o -o - one.csv >stdout.json 2>err
[ ! -e ./- ] && "$SRIOVSTAT" summary stdout.json >/dev/null 2>&1
expect "import -o - writes standard output, no file named -" $? "$(cat err)"
printf 'trial,size,iteration,latency_us,complete\n1,8,1,1.5,false\n2,8,1,1.5,true\n' >inc.csv
"$SRIOVSTAT" import --label i -o inc.json inc.csv 2>err
"$SRIOVSTAT" export inc.json >inc2.csv 2>>err
"$SRIOVSTAT" import --label i -o inc2.json inc2.csv 2>>err
[ "$("$DUMP" inc2.json | awk '$1 == "trial"' | tr '\n' ' ')" = "$("$DUMP" inc.json | awk '$1 == "trial"' | tr '\n' ' ')" ] &&
	"$DUMP" inc2.json | grep -q "complete 0"
expect "export then import keeps complete: false" $? "$("$DUMP" inc2.json | head -3)" "$(cat err)"
rc=0
SRIOVSTAT_MAX_FILE_BYTES=12Q "$SRIOVSTAT" summary inc.json >/dev/null 2>err || rc=$?
[ "$rc" -eq 2 ] && grep -q "SRIOVSTAT_MAX_FILE_BYTES" err
expect "an invalid SRIOVSTAT_MAX_FILE_BYTES is an error" $? "exit $rc" "$(cat err)"
rc=0
SRIOVSTAT_MAX_FILE_BYTES=200 "$SRIOVSTAT" import --label big -o big.json many.csv 2>err || rc=$?
[ "$rc" -eq 1 ] && [ ! -e big.json ]
expect "import does not write a file above the limit" $? "exit $rc" "$(cat err)"

# 12. Every other writer is the same safe writer (stats/safeio.h): export,
# plot's script, the sweep's record and upgrade write through a symlink and
# keep an existing file's mode and owner; a new output gets the umask's mode.
root=0
[ "$(id -u)" = 0 ] && root=1
mkdir w
# keep FILE MODE: give FILE the mode (and, as root, owner 12345:12345).
keep() {
	chmod "$2" "$1"
	[ "$root" = 1 ] && chown 12345:12345 "$1"
	return 0
}
# kept WHAT FILE MODE: FILE still has them.
kept() {
	got="$(stat -c %a "$2")"
	[ "$root" = 1 ] && got="$got $(stat -c %u:%g "$2")"
	want="$3"
	[ "$root" = 1 ] && want="$want 12345:12345"
	[ "$got" = "$want" ]
	expect "$1 keeps mode and owner ($want)" $? "got $got"
}
echo old >w/x.csv
ln -s w/x.csv x-link.csv
keep w/x.csv 640
"$SRIOVSTAT" export -o x-link.csv f.json 2>err
[ -L x-link.csv ] && head -1 w/x.csv | grep -q '^label,trial,round'
expect "export -o through a symlink writes its target" $? "$(ls -l x-link.csv w)" "$(cat err)"
kept "export -o" w/x.csv 640
(umask 027 && exec "$SRIOVSTAT" export -o w/new.csv f.json) 2>err
[ "$(stat -c %a w/new.csv)" = 640 ]
expect "export -o to a new file: mode from the umask (027: 640)" $? "$(stat -c %a w/new.csv)" "$(cat err)"
echo old >w/p.gp
ln -s w/p.gp p-link.gp
keep w/p.gp 600
"$SRIOVSTAT" plot --script p-link.gp -o x.png f.json >/dev/null 2>err
[ -L p-link.gp ] && grep -q "plot" w/p.gp
expect "plot --script through a symlink writes its target" $? "$(cat err)"
kept "plot --script" w/p.gp 600
printf '[sweep]\ntrials = 2\nseed = 5\n[config]\nlabel = t\ncommand = true\n' >t.ini
"$SRIOVSTAT" sweep -o sw --trials 1 --no-summary t.ini >/dev/null 2>err
keep sw/sweep.json 600
keep sw/t.json 640
"$SRIOVSTAT" sweep -o sw --no-summary t.ini >/dev/null 2>err
[ "$(grep -c '"status": *"finished"' sw/sweep.json)" -eq 2 ] && [ "$("$DUMP" sw/t.json | grep -c '^trial')" -eq 2 ]
expect "the resumed sweep ran its round and rewrote its record" $? "$(cat err)" "$(grep status sw/sweep.json)"
kept "the sweep's record (sweep.json)" sw/sweep.json 600
kept "the sweep's trial file" sw/t.json 640
cp "$SRC/tests/data/cli/native.json" w/v1.json
ln -s w/v1.json v1-link.json
keep w/v1.json 604
"$SRIOVSTAT" upgrade v1-link.json >/dev/null 2>err
[ -L v1-link.json ] && grep -q '"version": *2' w/v1.json
expect "upgrade through a symlink writes its target" $? "$(cat err)"
kept "upgrade" w/v1.json 604

finish
