#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# run.sh: run one fuzz target for a while, from the seed corpus.
#
#   tests/fuzz/run.sh NAME SECONDS [FUZZDIR] [libFuzzer options...]
#
# NAME is trial_reader, csv_import, experiment or cli_options; FUZZDIR holds the targets built by
# build.sh (default ./fuzz). The growing corpus is FUZZDIR/corpus-NAME
# (seeded from tests/fuzz/corpus/NAME, never written back to the source
# tree); crashing inputs land in FUZZDIR/crash-NAME-*: minimize them
# (-minimize_crash=1), fix the bug, and keep the input in
# tests/fuzz/regressions/NAME so that make check replays it.
# Exit status: libFuzzer's (0 when nothing was found).
set -eu
[ $# -ge 2 ] || { echo "usage: run.sh NAME SECONDS [FUZZDIR] [options]" >&2; exit 2; }
src=$(cd "$(dirname "$0")" && pwd)
name=$1 secs=$2 dir=${3:-fuzz}
shift 2
[ $# -gt 0 ] && shift
fz="$dir/fuzz_$name"
[ -x "$fz" ] || { echo "run.sh: $fz is not built (tests/fuzz/build.sh $dir)" >&2; exit 2; }
mkdir -p "$dir/corpus-$name"
# The importer prints one error line per rejected input: close the target's
# stderr (libFuzzer keeps its own, and sanitizer reports still show).
mask=0
case $name in csv_import | cli_options) mask=2 ;; esac
# The seed folders that exist (git keeps no empty regressions folder).
set -- "$@" "$dir/corpus-$name" "$src/corpus/$name"
[ -d "$src/regressions/$name" ] && set -- "$@" "$src/regressions/$name"
exec "$fz" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
	-close_fd_mask=$mask -print_final_stats=1 -dict="$src/$name.dict" \
	-artifact_prefix="$dir/crash-$name-" "$@"
