#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# fuzz_regressions.sh: replay, without libFuzzer, the fuzz targets' entry
# points on every input the fuzzers ever crashed on (tests/fuzz/regressions),
# on their seed corpus, and (for the reader) on every trial file of the test
# data, good and bad. The replays are built with the configured compiler, so
# an ASan/UBSan build checks them under the sanitizers. A target that aborts
# (a broken property) or crashes fails the test.
. "$abs_top_srcdir/tests/hardening/lib.sh"

FZ="$SRC/tests/fuzz"
# replay NAME TARGET DIR...: one check per target.
replay() {
	name=$1 prog=$2
	shift 2
	rc=0
	"$prog" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "$rc" -eq 0 ]; then
		pass "$name: $(cat "$TMP/out")"
	else
		fail "$name: exit $rc" "$(grep -v '^replay ' "$TMP/err" | head -5)" \
			"last input: $(grep '^replay ' "$TMP/err" | tail -1)"
	fi
}
replay "trial reader: regressions" "$abs_top_builddir/tests/fuzz/replay_trial_reader" \
	"$FZ/regressions/trial_reader"
replay "trial reader: corpus and test data" "$abs_top_builddir/tests/fuzz/replay_trial_reader" \
	"$FZ/corpus/trial_reader" "$SRC/tests/data/bad" "$SRC/tests/data/cli" "$SRC/tests/data/cli/bad"
replay "csv import: regressions" "$abs_top_builddir/tests/fuzz/replay_csv_import" \
	"$FZ/regressions/csv_import"
replay "csv import: corpus" "$abs_top_builddir/tests/fuzz/replay_csv_import" \
	"$FZ/corpus/csv_import"
# No experiment input has crashed yet (git keeps no empty folder).
if [ -d "$FZ/regressions/experiment" ]; then
	replay "experiment: regressions" "$abs_top_builddir/tests/fuzz/replay_experiment" \
		"$FZ/regressions/experiment"
fi
replay "experiment: corpus and examples" "$abs_top_builddir/tests/fuzz/replay_experiment" \
	"$FZ/corpus/experiment" "$SRC/doc/examples"
replay "cli options: regressions" "$abs_top_builddir/tests/fuzz/replay_cli_options" \
	"$FZ/regressions/cli_options"
replay "cli options: corpus" "$abs_top_builddir/tests/fuzz/replay_cli_options" \
	"$FZ/corpus/cli_options"
finish
