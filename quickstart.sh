#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# quickstart.sh: install the dependencies (Debian/Ubuntu), build sriovstat in
# ./build, and run a real A/B comparison on this machine: MPICH's shared-memory
# transport against its TCP transport (UCX_TLS=sm,self vs tcp,self), several
# trials each run by `sriovstat sweep` in randomized interleaved order, then
# `sriovstat compare`.
#
#   ./quickstart.sh            everything (needs root or sudo for apt-get)
#   ./quickstart.sh --deps     install the dependencies only
#   ./quickstart.sh --build    build only (dependencies already there)
#   ./quickstart.sh --demo     the A/B run only (already built)
#
# Environment: TRIALS (default 5), OUT (default results).
set -eu
cd "$(dirname "$0")"

PACKAGES="build-essential autoconf automake libtool pkg-config mpich libmpich-dev
libgsl-dev libjson-c-dev libcriterion-dev libibverbs-dev ibverbs-providers iproute2
man-db time gnuplot-nox"

deps() {
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update
	# shellcheck disable=SC2086
	$sudo apt-get install -y --no-install-recommends $PACKAGES
	# Debian may have Open MPI installed too: build and run with MPICH.
	if [ -e /usr/bin/mpicc.mpich ] && update-alternatives --list mpi >/dev/null 2>&1; then
		$sudo update-alternatives --set mpi /usr/bin/mpicc.mpich >/dev/null
		$sudo update-alternatives --set mpirun /usr/bin/mpirun.mpich >/dev/null
	fi
}

build() {
	autoreconf -fi
	mkdir -p build
	(cd build && ../configure --enable-werror && make -j"$(nproc)")
}

demo() {
	trials=${TRIALS:-5}
	out=${OUT:-results}
	echo "== sriovstat sweep: p2p_lat on 2 ranks, UCX_TLS=sm,self (label shm) against"
	echo "== UCX_TLS=tcp,self (label tcp), $trials trials each in randomized interleaved order"
	echo "== (doc/examples/ucx-sm-vs-tcp.ini; results in $out/, rerun to resume or extend)"
	build/sriovstat sweep doc/examples/ucx-sm-vs-tcp.ini --out "$out" --trials "$trials" \
		--timeout 120
	echo
	echo "== build/sriovstat compare $out/shm.json $out/tcp.json   (the papers' test: trial means)"
	build/sriovstat compare "$out/shm.json" "$out/tcp.json"
	echo
	echo "== build/sriovstat compare --stat median $out/shm.json $out/tcp.json   (robust to preemptions)"
	build/sriovstat compare --stat median "$out/shm.json" "$out/tcp.json"
}

case "${1:-all}" in
--deps) deps ;;
--build) build ;;
--demo) demo ;;
all) deps; build; demo ;;
*) echo "quickstart.sh: error: unknown option '$1' (use --deps, --build or --demo)" >&2; exit 2 ;;
esac
