# SPDX-License-Identifier: BSD-3-Clause
# Shared setup of the simulated-cluster tests (sourced): the cluster
# functions, BUILD (the build directory), TRIALQ, fail, and trial counting.
# The tests skip (77) unless root, ip netns and MPICH's hydra are available.
set -u
BUILD=${abs_top_builddir:-$(pwd)}
CLUSTER_SRCDIR=${abs_top_srcdir:-.}/tests/cluster
. "$CLUSTER_SRCDIR/cluster.sh"
TRIALQ="$BUILD/tests/cluster/trialq"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# The number of trials in trial file $1 (0 when it does not exist).
trials_in() {
	if [ -e "$1" ]; then
		"$TRIALQ" "$1" trial | wc -l | tr -d ' '
	else
		echo 0
	fi
}

# expect_eq WHAT GOT WANT: fail unless GOT is WANT.
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}

# run_trial OUT JSON MPIEXEC-ARGS...: run a benchmark that appends one trial
# to JSON, its output in OUT (stdout) and OUT.err. UCX 1.13's TCP transport
# sometimes hangs in MPI_Finalize (openucx/ucx#8738; about 1 run in 30 here),
# after the benchmark has written its trial: when the watchdog ends such a
# run and the trial is in the file, the run counts (with a note); a run that
# hung before writing is retried once.
run_trial() {
	rt_out=$1 rt_json=$2
	shift 2
	for rt_attempt in 1 2; do
		rt_before=$(trials_in "$rt_json")
		CLUSTER_TIMEOUT=${CLUSTER_TIMEOUT:-60} cluster_mpiexec "$@" > "$rt_out" 2> "$rt_out.err"
		rt_rc=$?
		[ $rt_rc -eq 0 ] && return 0
		if [ $rt_rc -eq 124 ]; then
			if grep -q "^# trial [0-9]* of label .* written to $rt_json\$" "$rt_out" &&
				[ "$(trials_in "$rt_json")" -eq $((rt_before + 1)) ]; then
				echo "note: the run hung after writing its trial (MPI_Finalize over UCX TCP); trial kept" >&2
				return 0
			fi
			echo "note: attempt $rt_attempt hung before writing its trial" >&2
			continue
		fi
		cat "$rt_out.err" >&2
		fail "exit status $rt_rc: mpiexec $*"
	done
	cat "$rt_out.err" >&2
	fail "hung twice: mpiexec $*"
}
