#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bad.sh: bad experiment files (the error names the line), bad options,
# commands that cannot run: each a clear one-line error, nothing written.
. "$abs_top_srcdir/tests/sweep/lib.sh"

R="$WORK/never"
# bad_file EXIT "MESSAGE" CONTENT: the experiment CONTENT (printf format)
# fails with EXIT and exactly this message, and creates nothing.
bad_file() {
	printf "$3" >"$WORK/bad.ini"
	sweep "$WORK/bad.ini" --out "$R" --trials 1
	expect_rc "$1" "$2"
	want="sriovstat: error: $WORK/bad.ini:$2"
	[ "$(cat "$WORK/err")" = "$want" ] || fail "message
  got:  $(cat "$WORK/err")
  want: $want"
	[ ! -e "$R" ] || fail "$R created for: $2"
}

bad_file 1 "3: unknown key 'foo' (keys: label, command, benchmark, env, unset, interface, rx-frames, rx-usecs, adaptive-rx, tx-frames, tx-usecs, adaptive-tx, sysctl, setting, trials, seed, nodes, reach; in a grid [config], names its templates use)" \
	'[sweep]\ncommand = true\nfoo = 1\n[config]\nlabel = a\n'
bad_file 1 "4: unknown key 'rx_frames' (did you mean 'rx-frames'?)" \
	'[config]\nlabel = a\ncommand = true\nrx_frames = 1\n'
bad_file 1 "2: this [config] has no label (add 'label = NAME')" \
	'[sweep]\n[config]\ncommand = true\nenv = A=1\n'
bad_file 1 "7: label 'a' is used twice (also on line 3)" \
	'# two a\n[config]\nlabel = a\ncommand = true\n\n[config]\nlabel = a\ncommand = false\n'
bad_file 1 "1: unknown section [configuration] (sections are [sweep] and [config])" \
	'[configuration]\nlabel = a\n'
bad_file 1 "3: expected 'key = value', a [section] or a # comment" \
	'[config]\nlabel = a\ncommand true\n'
bad_file 1 "3: command: a ' quote is not closed" \
	"[config]\nlabel = a\ncommand = sh -c 'true\n"
bad_file 1 "3: command: '>' would need a shell, and commands run without one: quote it, or run sh -c '...' explicitly" \
	'[config]\nlabel = a\ncommand = true > x\n'
bad_file 1 "2: 'rx-frames' has an empty value" \
	'[config]\nrx-frames =\n'
bad_file 1 "1: configuration 'a' sets interrupt coalescing but names no interface (add 'interface = NAME')" \
	'[config]\nlabel = a\ncommand = true\nrx-frames = 1\n'
bad_file 1 "2: label 'a/b' is not usable as a file name: use letters, digits, '.', '_', '+' and '-' (not first), at most 100 characters" \
	'[config]\nlabel = a/b\ncommand = true\n'
bad_file 1 "3: command: leave out --json: the sweep passes --label and --json itself" \
	'[config]\nlabel = a\ncommand = mpiexec -n 2 p2p_lat --json x.json\n'
bad_file 1 "4: command 'sriovstat-no-such-program' (configuration 'a'): not found in PATH" \
	'[config]\nlabel = a\n\ncommand = sriovstat-no-such-program -x\n'
bad_file 1 "3: command '/nonexistent/prog' (configuration 'a'): not an executable file" \
	'[config]\nlabel = a\ncommand = /nonexistent/prog\n'

# Missing or unreadable experiment, bad folder.
sweep "$WORK/missing.ini" --out "$R" --trials 1
expect_rc 1 "missing file"
[ "$(cat "$WORK/err")" = "sriovstat: error: $WORK/missing.ini: cannot open: No such file or directory" ] ||
	fail "missing file: $(cat "$WORK/err")"
printf '[config]\nlabel = a\ncommand = true\n' >"$WORK/ok.ini"
: >"$WORK/afile"
sweep "$WORK/ok.ini" --out "$WORK/afile" --trials 1
expect_rc 1 "--out is a file"
grep -q "^sriovstat: error: --out $WORK/afile: not a folder\$" "$WORK/err" || fail "--out a file: $(cat "$WORK/err")"

# Usage errors: exit 2, one line on stderr, nothing written.
usage() {
	want=$1
	shift
	sweep "$@"
	expect_rc 2 "usage: $*"
	[ "$(grep -c . "$WORK/err")" -eq 1 ] || fail "usage: more than one line for: $*"
	grep -q "^sriovstat: error: sweep: $want" "$WORK/err" || fail "usage message for '$*': $(cat "$WORK/err")"
	[ ! -e "$R" ] || fail "$R created by: $*"
}
usage "expected one experiment file, got 0" --out "$R"
usage "expected one experiment file, got 2" "$WORK/ok.ini" "$WORK/ok.ini" --out "$R"
usage "--out DIR is required" "$WORK/ok.ini" --trials 1
usage "--trials: '0' is not a whole number from 1 to 100000" "$WORK/ok.ini" --out "$R" --trials 0
usage "--trials: 'x' is not" "$WORK/ok.ini" --out "$R" --trials x
usage "--seed: '-1' is not a whole number from 0 to 4294967295" "$WORK/ok.ini" --out "$R" -n 1 --seed -1
usage "--on-error" "$WORK/ok.ini" --out "$R" -n 1 --on-error maybe
usage "unknown option '--bogus'" "$WORK/ok.ini" --out "$R" --bogus
usage "how many trials? give --trials N, or 'trials = N' in the \[sweep\] section of" "$WORK/ok.ini" --out "$R"

# --help: stdout, exit 0.
"$SRIOVSTAT" sweep --help >"$WORK/help" || fail "--help exit status"
grep -q '^Usage: sriovstat sweep \[OPTION\]... EXPERIMENT$' "$WORK/help" || fail "--help text"

# A command that vanishes between the check and the trial cannot start: a failed trial.
mkdir "$WORK/bin"
printf '#!/bin/sh\nexit 0\n' >"$WORK/bin/app"
chmod +x "$WORK/bin/app"
printf '[config]\nlabel = a\ncommand = %s\n' "$WORK/bin/app" >"$WORK/gone.ini"
sweep "$WORK/gone.ini" --out "$WORK/g" --trials 2 --dry-run
expect_rc 0 "dry run of app"
chmod -x "$WORK/bin/app"
sweep "$WORK/gone.ini" --out "$WORK/g" --trials 2
expect_rc 1 "app not executable"
grep -q "not an executable file" "$WORK/err" || fail "not executable: $(cat "$WORK/err")"

# A different experiment in the same folder is refused, and so is another seed.
printf '[config]\nlabel = a\ncommand = true\n' >"$WORK/e1.ini"
printf '[config]\nlabel = a\ncommand = true -v\n' >"$WORK/e2.ini"
sweep "$WORK/e1.ini" --out "$WORK/s" --trials 1 --seed 3 --no-summary
expect_rc 0 "first sweep"
sweep "$WORK/e2.ini" --out "$WORK/s" --trials 2
expect_rc 1 "another experiment"
grep -q "sweep.json records another experiment: its configuration 1 ('a') differs in its command from the \[config\] on line 1 of $WORK/e2.ini" "$WORK/err" ||
	fail "another experiment: $(cat "$WORK/err")"
sweep "$WORK/e1.ini" --out "$WORK/s" --trials 2 --seed 4
expect_rc 1 "another seed"
grep -q "was started with seed 3, not 4 (--seed)" "$WORK/err" || fail "another seed: $(cat "$WORK/err")"
# A trial file of another label under a configuration's name is not touched.
mkdir "$WORK/x"
sweep "$WORK/e1.ini" --out "$WORK/x" --trials 1 --no-summary
expect_rc 0 "sweep into x"
sed 's/"label":"a"/"label":"other"/' "$WORK/x/a.json" >"$WORK/x/a.json.new" && mv "$WORK/x/a.json.new" "$WORK/x/a.json"
before=$(cksum <"$WORK/x/a.json")
sweep "$WORK/e1.ini" --out "$WORK/x" --trials 2
expect_rc 1 "file of another label"
grep -q "a.json holds label \"other\", not \"a\": use another --out" "$WORK/err" || fail "other label: $(cat "$WORK/err")"
[ "$(cksum <"$WORK/x/a.json")" = "$before" ] || fail "file of another label changed"
# So is an invalid one.
echo '{"format":' >"$WORK/x/a.json"
sweep "$WORK/e1.ini" --out "$WORK/x" --trials 2
expect_rc 1 "invalid trial file"
grep -q "the sweep does not overwrite it" "$WORK/err" || fail "invalid file: $(cat "$WORK/err")"
exit 0
