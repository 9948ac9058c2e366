#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# writefail.sh: a write that fails half-way (injected: RLIMIT_FSIZE through
# prlimit, SIGXFSZ ignored, so write(2) fails with EFBIG as it would with
# ENOSPC) gives a clear error, exit 1, the old file byte for byte and no
# temporary file left behind; for sriovstat import --append, import -o and
# for p2p_lat --json (the limit set on rank 0 while it runs). Needs no privileges (diskfull.sh does the same on a
# real full tmpfs when it may mount one).
. "$abs_top_srcdir/tests/hardening/lib.sh"

command -v prlimit >/dev/null 2>&1 || skip "prlimit (util-linux) not found"
cd "$TMP" || exit 99
printf 'trial,size,iteration,latency_us\n' >big.csv
awk 'BEGIN { for (i = 1; i <= 6000; i++) printf "1,8,%d,%d.%03d\n", i, 1 + i % 7, i % 1000 }' >>big.csv
"$SRIOVSTAT" import --label w -o w.json big.csv || exit 99
cp w.json old.json
size=$(wc -c <old.json)
limit=$((size + 4096))

# Ignored signals stay ignored across exec: the writers see EFBIG, not SIGXFSZ.
trap '' XFSZ

check_error "import --append past the file-size limit" 1 \
	"sriovstat: error: w.json: writing failed: File too large (the old file is intact)" \
	prlimit --fsize="$limit" "$SRIOVSTAT" import --label w -o w.json --append big.csv
cmp -s old.json w.json && pass "import --append: the old file is intact" || fail "import --append: the file changed"
ls | grep -q '\.tmp\.' && fail "import --append: a temporary file remains: $(ls | grep tmp)" || pass "import --append: no temporary file left"

check_error "import -o past the file-size limit" 1 \
	"sriovstat: error: new.json: writing failed: File too large (nothing written)" \
	prlimit --fsize=4096 "$SRIOVSTAT" import --label w -o new.json big.csv
[ ! -e new.json ] && ! ls | grep -q '\.tmp\.' && pass "import -o: nothing left behind" ||
	fail "import -o: left behind: $(ls)"

if [ "$LAUNCHER" != hydra ]; then
	echo "# Open MPI's mpirun gives its ranks the default SIGXFSZ (a write past the limit kills them): the benchmark part is left out"
elif command -v "$MPIEXEC" >/dev/null 2>&1 && mpirun_n 2 "$P2P" -m 8 -i 10 -x 1 --quiet >/dev/null 2>&1; then
	# The limit goes to rank 0 once MPI is up (MPI_Init itself creates
	# shared-memory files that a small limit would refuse).
	# shellcheck disable=SC2086
	# --no-checkpoint: the trial's one write at the end meets the limit
	# (with checkpoints a size may finish before prlimit comes, and the
	# limit then falls below the file: tests/hardening/checkpoint.sh).
	"$MPIEXEC" $MPIEXEC_FLAGS -n 2 "$P2P" -m 0:64 -i 2000 -x 30000 --no-checkpoint \
		--label w --json w.json --quiet >p.out 2>p.err &
	mp=$!
	t=0
	until grep -q '^# Size' p.out 2>/dev/null || [ "$t" -gt 600 ]; do sleep 0.1; t=$((t + 1)); done
	prlimit --pid "$(rank_pid "$mp" 0)" --fsize="$limit" || fail "prlimit --pid on rank 0"
	rc=0
	wait "$mp" || rc=$?
	if [ "$rc" -eq 1 ] &&
		grep -qx "p2p_lat: error: w.json: writing failed: File too large (the old file is intact); the file size limit (ulimit -f) is $limit bytes" p.err; then
		pass "p2p_lat --json: exit 1, the error names the file and the cause"
	else
		fail "p2p_lat --json past the file-size limit: exit $rc" "$(head -3 p.err)"
	fi
	cmp -s old.json w.json && pass "p2p_lat --json: the old file is intact" || fail "p2p_lat --json: the file changed"
	ls | grep -q '\.tmp\.' && fail "p2p_lat --json: a temporary file remains" || pass "p2p_lat --json: no temporary file left"
else
	echo "# no MPI launcher or p2p_lat does not run: the benchmark part is left out"
fi
finish
