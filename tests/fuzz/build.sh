#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# build.sh: build the libFuzzer targets with clang, linking the library
# sources directly (no configure, no MPI):
#
#   tests/fuzz/build.sh [OUTDIR]     (default: ./fuzz)
#
# Produces OUTDIR/fuzz_trial_reader, fuzz_csv_import, fuzz_experiment and
# fuzz_cli_options, built with
# -fsanitize=fuzzer,address,undefined. Environment: CC (default clang),
# FUZZ_CFLAGS (extra flags, e.g. -fprofile-instr-generate -fcoverage-mapping).
# Exit 77 when the compiler cannot build a libFuzzer program (on Debian:
# apt-get install clang libclang-rt-14-dev). Run them with tests/fuzz/run.sh.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-fuzz}
CC=${CC:-clang}
mkdir -p "$out"
out=$(cd "$out" && pwd)

san="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
probe="$out/probe.c"
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' >"$probe"
# shellcheck disable=SC2086
if ! "$CC" $san "$probe" -o "$out/probe" >/dev/null 2>&1; then
	echo "build.sh: $CC cannot build libFuzzer programs (-fsanitize=fuzzer); install clang and libclang-rt-14-dev" >&2
	rm -f "$probe"
	exit 77
fi
rm -f "$probe" "$out/probe"

cflags="-g -O1 -fno-omit-frame-pointer -Wall -Wextra -D_GNU_SOURCE -I$src/stats -I$src/report
	$(pkg-config --cflags json-c gsl) ${FUZZ_CFLAGS:-}"
libs="$(pkg-config --libs json-c gsl) -lm -pthread"
# Every library source (a new one is picked up without editing this list).
stats=$(cd "$src/stats" && ls *.c | sed "s/\.c$//")

# Library objects once, without libFuzzer's main. The reader's sources are
# instrumented for coverage (that is what guides the fuzzer); the statistics
# (desc, htest, analysis) only get the sanitizers: their loops over every
# sample would otherwise slow each run many times over, for no new paths in the reader.
objs=
for s in $stats; do
	case $s in
	desc|htest|effect|verdict|analysis|setup|par) san_obj="-fsanitize=address,undefined -fno-sanitize-recover=undefined" ;;
	*) san_obj="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" ;;
	esac
	# shellcheck disable=SC2086
	"$CC" $cflags $san_obj -c "$src/stats/$s.c" -o "$out/$s.o"
	objs="$objs $out/$s.o"
done

# shellcheck disable=SC2086
"$CC" $cflags $san "$src/tests/fuzz/fuzz_trial_reader.c" $objs $libs -o "$out/fuzz_trial_reader"
# The experiment-file parser, and the option parsers (benchmarks' and
# sriovstat's); bench_opts.c wants configure's config.h: a stand-in.
printf '#define PACKAGE_VERSION "fuzz"\n#define PACKAGE_NAME "sriovstat"\n#define SRIOVSTAT_GNUPLOT "gnuplot"\n' \
	>"$out/config.h"
# The sweep library (every sweep/*.c, with the node-settings code it uses
# from sys/) as an archive, linked as make links it.
rm -f "$out/libsweep.a"
sweepobjs=
for f in "$src"/sweep/*.c "$src"/sys/*.c; do
	o="$out/sweep_$(basename "$f" .c).o"
	# shellcheck disable=SC2086
	"$CC" $cflags -I"$src/sweep" -I"$src/sys" \
		-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
		-c "$f" -o "$o"
	sweepobjs="$sweepobjs $o"
done
# shellcheck disable=SC2086
ar rcs "$out/libsweep.a" $sweepobjs
# shellcheck disable=SC2086
"$CC" $cflags -I"$out" -I"$src/sweep" $san "$src/tests/fuzz/fuzz_experiment.c" \
	"$out/libsweep.a" $objs $libs -o "$out/fuzz_experiment"
# The benchmarks' option parser (libbench's part without MPI) as an archive.
rm -f "$out/libbench.a"
# shellcheck disable=SC2086
"$CC" $cflags -I"$out" -I"$src/benchmarks" \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
	-c "$src/benchmarks/bench_opts.c" -o "$out/bench_bench_opts.o"
ar rcs "$out/libbench.a" "$out/bench_bench_opts.o"
# sriovstat's library (every report/*.c but main.c) as an archive, linked
# as make links it: the CSV importer and sriovstat's option parsers.
rm -f "$out/libcli.a"
cliobjs=
for f in "$src"/report/*.c; do
	[ "$(basename "$f")" != main.c ] || continue
	o="$out/cli_$(basename "$f" .c).o"
	# shellcheck disable=SC2086
	"$CC" $cflags -I"$out" -I"$src/sweep" -I"$src/sys" \
		-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
		-c "$f" -o "$o"
	cliobjs="$cliobjs $o"
done
# shellcheck disable=SC2086
ar rcs "$out/libcli.a" $cliobjs
# shellcheck disable=SC2086
"$CC" $cflags $san "$src/tests/fuzz/fuzz_csv_import.c" "$out/libcli.a" "$out/libsweep.a" $objs $libs \
	-o "$out/fuzz_csv_import"
# shellcheck disable=SC2086
"$CC" $cflags -I"$out" -I"$src/benchmarks" $san "$src/tests/fuzz/fuzz_cli_options.c" \
	"$out/libcli.a" "$out/libsweep.a" "$out/libbench.a" $objs $libs -o "$out/fuzz_cli_options"
echo "built $out/fuzz_trial_reader, fuzz_csv_import, fuzz_experiment and fuzz_cli_options"
