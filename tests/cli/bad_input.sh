#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bad_input.sh: invalid or mismatched trial files give one error line and exit 1.
. "$abs_top_srcdir/tests/cli/lib.sh"

E="sriovstat: error:"
check_error "missing file" 1 "$E nosuch.json: No such file or directory" summary nosuch.json
check_error "directory" 1 "$E bad: not a regular file" summary bad
check_error "truncated" 1 "$E bad/truncated.json: truncated JSON (ended inside a value)" summary bad/truncated.json
check_error "not JSON" 1 "$E bad/notjson.json: invalid JSON at byte 1: boolean expected" summary bad/notjson.json
check_error "format version" 1 "$E bad/version3.json: unsupported format version 3 (this build reads versions 1 to 2)" summary bad/version3.json
check_error "NaN sample" 1 "$E bad/nan.json: trial 1, size 8: samples: value 0 is not a non-negative integer (ns)" summary bad/nan.json
check_error "negative sample" 1 "$E bad/negative.json: trial 1, size 8: samples: value 0 is not a non-negative integer (ns)" summary bad/negative.json
check_error "empty samples" 1 "$E bad/empty-samples.json: trial 1, size 8: samples: empty sample (count 0)" summary bad/empty-samples.json
check_error "duplicate trial" 1 "$E bad/dup-trial.json: trial number 1 appears twice" summary bad/dup-trial.json
# The first bad file stops the command, whatever the command.
check_error "compare, bad B" 1 "$E bad/truncated.json: truncated JSON (ended inside a value)" compare native.json bad/truncated.json
check_error "table tail, bad file" 1 "$E bad/nan.json: trial 1, size 8: samples: value 0 is not a non-negative integer (ns)" table --kind tail native.json bad/nan.json
check_error "export, bad file" 1 "$E bad/version3.json: unsupported format version 3 (this build reads versions 1 to 2)" export bad/version3.json

# Inputs that do not fit together.
check_error "different benchmarks" 1 "$E A (native.json) holds p2p_lat/pingpong but B (bad/other-bench.json) holds coll_lat/allgather; compare runs of the same benchmark and op, or pass --force to match sizes anyway" compare native.json bad/other-bench.json
check_error "paired, different trial counts" 1 "$E p2p_lat/pingpong: paired-t pairs trial i of A with trial i of B, but A (native.json) has 3 trials and B (bad/fewer-trials.json) has 2; use --test welch for unpaired trials" compare native.json bad/fewer-trials.json
check_error "no common size" 1 "$E A (native.json) and B (sleep-drug1.json) have no message size of p2p_lat/pingpong in common" compare native.json sleep-drug1.json
check_error "same label twice" 1 "$E vm.json and bad/other-bench.json have the same label \"vm\": columns are named by label (relabel one with export and import --label)" summary vm.json native.json bad/other-bench.json
check_error "max samples missing" 1 "$E mixed.json: trial 3, size 8 has no max_samples (per-iteration maxima over ranks, recorded by collective benchmarks only)" summary --max-samples mixed.json

# --force compares different benchmarks; welch takes unequal trial counts.
for args in "--force native.json bad/other-bench.json" "--test welch native.json bad/fewer-trials.json"; do
	rc=0
	# shellcheck disable=SC2086
	"$SRIOVSTAT" compare $args >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "$rc" -eq 0 ] && grep -q '^  64  A  native' "$TMP/out"; then
		pass "compare $args"
	else
		fail "compare $args" "exit $rc" "$(cat "$TMP/err")"
	fi
done

finish
