# SPDX-License-Identifier: BSD-3-Clause
# checks.sh: counting checks in the shell tests (sourced by tests/*/lib.sh).
# pass/fail print "ok - ..." / "not ok - ..." lines; finish prints
# "N passed, N failed" and exits 0 only when nothing failed.

npass=0
nfail=0

# Record a passing check.
pass() {
	npass=$((npass + 1))
	echo "ok - $1"
}

# Record a failing check with an explanation (one line each).
fail() {
	nfail=$((nfail + 1))
	echo "not ok - $1"
	shift
	for line in "$@"; do
		echo "#   $line"
	done
}

# expect NAME STATUS [DETAIL...]: pass NAME when STATUS is 0, else fail it.
expect() {
	name=$1 st=$2
	shift 2
	if [ "$st" -eq 0 ]; then pass "$name"; else fail "$name" "$@"; fi
}

# Print the totals and exit 0 only when every check passed.
finish() {
	echo "$npass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
	exit $?
}
