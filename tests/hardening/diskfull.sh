#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# diskfull.sh: a full disk and a read-only directory, for real: a 64 KiB
# tmpfs mounted in a private mount namespace (unshare -m; gone when the test
# ends). Needs root and the right to mount; skips (77) saying why otherwise
# (writefail.sh injects the failure without privileges).
# - full: sriovstat import --append and p2p_lat --json fail with "No space
#   left on device (the old file is intact)", exit 1, the old file byte for
#   byte, no temporary file left (p2p_lat writes its trial as sizes finish:
#   the sizes that fitted may stay as an incomplete trial, which the error
#   names);
# - read-only: import --append fails naming the file system, p2p_lat refuses
#   --json up front (exit 2, nothing run).
. "$abs_top_srcdir/tests/hardening/lib.sh"

if [ "${1:-}" != inside ]; then
	[ "$(id -u)" -eq 0 ] || skip "mounting a tmpfs needs root (writefail.sh covers failed writes)"
	command -v unshare >/dev/null 2>&1 || skip "unshare (util-linux) not found"
	unshare --mount --propagation private true 2>/dev/null ||
		skip "unshare --mount is not permitted here (a container without CAP_SYS_ADMIN?)"
	rm -rf "$TMP"
	trap - EXIT
	exec unshare --mount --propagation private sh "$0" inside
fi

D="$TMP/small"
mkdir "$D" || exit 99
mount -t tmpfs -o size=64k tmpfs "$D" 2>"$TMP/mount.err" ||
	skip "cannot mount a tmpfs: $(cat "$TMP/mount.err")"
trap 'cd /; umount "$D" 2>/dev/null; rm -rf "$TMP"' EXIT
cd "$TMP" || exit 99
# A 32 KB trial file: a second trial of the same size does not fit beside it
# and its replacement.
printf 'trial,size,iteration,latency_us\n' >big.csv
awk 'BEGIN { for (i = 1; i <= 6000; i++) printf "1,8,%d,%d.%03d\n", i, 1 + i % 7, i % 1000 }' >>big.csv
"$SRIOVSTAT" import --label f -o "$D/f.json" big.csv || exit 99
cp "$D/f.json" old.json
cd "$D" || exit 99

check_error "full: import --append" 1 \
	"sriovstat: error: f.json: writing failed: No space left on device (the old file is intact)" \
	"$SRIOVSTAT" import --label f -o f.json --append "$TMP/big.csv"
cmp -s "$TMP/old.json" f.json && pass "full: import --append: the old file is intact" ||
	fail "full: import --append: the file changed"
ls | grep -q '\.tmp\.' && fail "full: import --append: a temporary file remains" ||
	pass "full: import --append: no temporary file left"

if command -v "$MPIEXEC" >/dev/null 2>&1 && mpirun_n 2 "$P2P" -m 8 -i 10 -x 1 --quiet >/dev/null 2>&1; then
	rc=0
	mpirun_n 2 "$P2P" -m 0:64 -i 2000 -x 10 --label f --json f.json --quiet >"$TMP/p.out" 2>"$TMP/p.err" || rc=$?
	# The trial is written as sizes finish (checkpoints): the sizes that
	# fitted stay as an incomplete trial, and the error says so.
	kept=$(sed -n 's/^p2p_lat: error: f\.json: .*No space left on device.*; trial 2 keeps the \([0-9]*\) sizes of its last checkpoint (incomplete)$/\1/p' "$TMP/p.err")
	if [ "$rc" -eq 1 ] && { [ -n "$kept" ] ||
		grep -qx "p2p_lat: error: f.json: writing failed: No space left on device (the old file is intact)" "$TMP/p.err"; }; then
		pass "full: p2p_lat --json: exit 1, the error names the file and the cause${kept:+ (a checkpoint of $kept sizes kept)}"
	else
		fail "full: p2p_lat --json: exit $rc" "$(head -3 "$TMP/p.err")"
	fi
	n=$(($(grep -b '^  \]' "$TMP/old.json" | tail -1 | cut -d: -f1) - 1))
	if [ -z "$kept" ]; then
		cmp -s "$TMP/old.json" f.json && pass "full: p2p_lat --json: the old file is intact" ||
			fail "full: p2p_lat --json: the file changed"
	elif cmp -s -n "$n" "$TMP/old.json" f.json &&
		[ "$("$DUMP" f.json | awk '$1 == "trial" && $2 == 2 { print $8 }')" = 0 ] &&
		[ "$("$DUMP" f.json | awk '$1 == "trial" { t = $2 } $1 == "size" && t == 2' | wc -l)" -eq "$kept" ]; then
		pass "full: p2p_lat --json: the old trial byte for byte, and the $kept sizes that fitted as incomplete trial 2"
	else
		fail "full: p2p_lat --json: the file is not the old one plus the checkpoint it names"
	fi
	cp f.json "$TMP/old.json"
	ls | grep -q '\.tmp\.' && fail "full: p2p_lat --json: a temporary file remains" ||
		pass "full: p2p_lat --json: no temporary file left"
	have_mpi=1
else
	echo "# no MPI launcher or p2p_lat does not run: the benchmark parts are left out"
	have_mpi=0
fi

mount -o remount,ro "$D" || fail "remount read-only"
check_error "read-only: import --append" 1 \
	"sriovstat: error: f.json: cannot create lock file f.json.lock: Read-only file system" \
	"$SRIOVSTAT" import --label f -o f.json --append "$TMP/big.csv"
cmp -s "$TMP/old.json" f.json && pass "read-only: the file is intact" || fail "read-only: the file changed"
if [ "$have_mpi" -eq 1 ]; then
	check_error "read-only: p2p_lat --json refused before running" 2 \
		"p2p_lat: error: --json f.json: directory . is not writable" \
		mpirun_n 2 "$P2P" -m 0:64 -i 20 -x 1 --label f --json f.json --quiet
fi
finish
