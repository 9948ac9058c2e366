#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# cluster.sh: a simulated cluster on one kernel, for tests and for trying
# multi-node runs: N hosts, each a network namespace with its own hostname,
# joined by a bridge, and MPICH's hydra launching ranks into them as it would
# over ssh.
#
# Layout (nothing is created in the caller's network namespace, so the
# addresses never leave the namespaces made here):
#   namespace sbcPID-hub   bridge br0, 10.213.0.1/24; mpiexec runs here
#   namespace sbcPID-hK    eth0 10.213.0.(10+K)/24 (veth to br0), K = 1..N;
#                          ranks run in a UTS namespace with hostname nodeK
# PID is the process that brought the cluster up; its scratch directory is
# ${TMPDIR:-/tmp}/sriovstat-cluster-PID.XXXXXX. When PID is gone (killed with
# SIGKILL, so no trap ran), the next cluster_up (or cluster.sh --sweep)
# removes what it left: processes in its namespaces, namespaces, directory.
#
# Sourced by tests:
#   . "$abs_top_srcdir/tests/cluster/cluster.sh"
#   cluster_require "$abs_top_builddir/p2p_lat"   # exit 77 with the reason
#   cluster_up 2                                  # exit 77 or 99 on failure
#   cluster_mpiexec -n 2 -ppn 1 ./p2p_lat ...     # -hosts node1,node2 implied
#                                   (unless CLUSTER_OWN_HOSTS=1: -hosts/-f given)
# cluster_up installs traps (EXIT, HUP, INT, TERM) that tear everything down;
# a test that sets its own EXIT trap must call cluster_down from it.
#
# Run directly:
#   cluster.sh [-n HOSTS] [--keep] [--] MPIEXEC-ARGS...
#   cluster.sh --sweep     remove what killed runs left behind
#
# Environment: MPIEXEC (default mpiexec; must be hydra), CLUSTER_TIMEOUT
# (seconds per mpiexec, default 300), CLUSTER_KEEP=1 (keep CLUSTER_DIR),
# CLUSTER_SRCDIR (where launch.sh is; default $abs_top_srcdir/tests/cluster,
# or this script's directory when it is run directly).

CLUSTER_NET=10.213.0
CLUSTER_HUB_ADDR=$CLUSTER_NET.1
CLUSTER_MAX_HOSTS=200
CLUSTER_PREFIX=
CLUSTER_DIR=
CLUSTER_HOSTS=
CLUSTER_NHOSTS=0
CLUSTER_WATCHDOG=
CLUSTER_MPIEXEC=${MPIEXEC:-mpiexec}
: "${CLUSTER_SRCDIR:=${abs_top_srcdir:+$abs_top_srcdir/tests/cluster}}"
case ${0##*/} in
cluster.sh) : "${CLUSTER_SRCDIR:=$(cd "$(dirname "$0")" && pwd)}" ;;
esac

# Print a reason and exit 77 (automake's skip).
cluster_skip() {
	echo "SKIP: $*" >&2
	exit 77
}

# Print a reason and exit 99 (automake's hard error: the harness broke).
cluster_hard_error() {
	echo "ERROR: cluster: $*" >&2
	exit 99
}

# Skip unless this can work here: root, ip netns, unshare --uts, hydra, and
# programs (the arguments) linked with MPICH rather than Open MPI.
cluster_require() {
	[ "$(id -u)" -eq 0 ] ||
		cluster_skip "the simulated cluster needs root (network and UTS namespaces); running as uid $(id -u)"
	for cl_tool in ip unshare awk; do
		command -v "$cl_tool" > /dev/null 2>&1 || cluster_skip "no '$cl_tool' command (iproute2, util-linux)"
	done
	cl_out=$(ip netns list 2>&1) || cluster_skip "'ip netns' does not work here: $cl_out"
	command -v "$CLUSTER_MPIEXEC" > /dev/null 2>&1 || cluster_skip "no MPI launcher '$CLUSTER_MPIEXEC'"
	cl_ver=$("$CLUSTER_MPIEXEC" --version 2>&1)
	case $cl_ver in
	*HYDRA*) ;;
	*) cluster_skip "the launcher '$CLUSTER_MPIEXEC' is not MPICH's hydra (it says: $(echo "$cl_ver" | sed -n 1p)); the cluster tests drive hydra's ssh launcher" ;;
	esac
	for cl_prog in "$@"; do
		[ -x "$cl_prog" ] || cluster_hard_error "$cl_prog is not built"
		if command -v ldd > /dev/null 2>&1; then
			cl_libs=$(ldd "$cl_prog" 2>/dev/null)
			case $cl_libs in
			*libmpich*) ;;
			*libmpi.so*) cluster_skip "$cl_prog is linked with Open MPI, not MPICH; hydra cannot launch it" ;;
			esac
		fi
	done
	return 0
}

# Kill the processes running in namespace $1 (TERM, then KILL after ~2 s).
cluster_kill_ns() {
	cl_pids=$(ip netns pids "$1" 2>/dev/null) || return 0
	[ -n "$cl_pids" ] || return 0
	# shellcheck disable=SC2086
	kill -TERM $cl_pids 2>/dev/null
	cl_tries=0
	while [ $cl_tries -lt 20 ]; do
		cl_pids=$(ip netns pids "$1" 2>/dev/null)
		[ -n "$cl_pids" ] || return 0
		sleep 0.1
		cl_tries=$((cl_tries + 1))
	done
	# shellcheck disable=SC2086
	kill -KILL $cl_pids 2>/dev/null
	sleep 0.1
	return 0
}

# Remove the namespaces whose names start with prefix $1 (hosts first, hub last).
cluster_remove() {
	cl_names=$(ip netns list 2>/dev/null | awk -v p="$1-" 'index($1, p) == 1 { print $1 }' | sort -r)
	for cl_ns in $cl_names; do
		cluster_kill_ns "$cl_ns"
	done
	for cl_ns in $cl_names; do
		ip netns del "$cl_ns" 2>/dev/null || echo "cluster: warning: cannot delete namespace $cl_ns" >&2
	done
}

# Remove what clusters whose owner process is gone left behind: namespaces
# (and the processes in them) and scratch directories.
cluster_sweep() {
	cl_owners=$(ip netns list 2>/dev/null |
		awk '{ if (match($1, /^sbc[0-9]+-/)) print substr($1, 4, RLENGTH - 4) }' | sort -u)
	for cl_pid in $cl_owners; do
		if ! kill -0 "$cl_pid" 2>/dev/null; then
			echo "cluster: removing the leftovers of a killed run (sbc$cl_pid-*)" >&2
			cluster_remove "sbc$cl_pid"
		fi
	done
	for cl_d in "${TMPDIR:-/tmp}"/sriovstat-cluster-[0-9]*.??????; do
		[ -d "$cl_d" ] || continue
		cl_pid=${cl_d##*/sriovstat-cluster-}
		cl_pid=${cl_pid%%.*}
		kill -0 "$cl_pid" 2>/dev/null || rm -rf "$cl_d"
	done
}

# Tear the cluster down: the watchdog, the processes, the namespaces (with
# the bridge and the veth pairs in them) and the scratch directory. Safe to
# call more than once.
cluster_down() {
	if [ -n "$CLUSTER_WATCHDOG" ]; then
		kill -TERM "$CLUSTER_WATCHDOG" 2>/dev/null
		CLUSTER_WATCHDOG=
	fi
	if [ -n "$CLUSTER_PREFIX" ]; then
		cluster_remove "$CLUSTER_PREFIX"
		CLUSTER_PREFIX=
	fi
	if [ -n "$CLUSTER_DIR" ]; then
		if [ "${CLUSTER_KEEP:-0}" = 1 ]; then
			echo "cluster: kept $CLUSTER_DIR" >&2
		else
			rm -rf "$CLUSTER_DIR"
		fi
		CLUSTER_DIR=
	fi
}

# Run a command that sets up the cluster; on failure undo and exit: 77 (with
# the reason) when $1 is "skip", 99 otherwise.
cluster_step() {
	cl_how=$1
	shift
	if ! cl_err=$("$@" 2>&1); then
		cluster_down
		if [ "$cl_how" = skip ]; then
			cluster_skip "cannot build a simulated cluster here: '$*' failed: $cl_err"
		fi
		cluster_hard_error "'$*' failed: $cl_err"
	fi
}

# Bring up $1 hosts (default 2). Sets CLUSTER_DIR (a scratch directory the
# caller may use; removed at teardown), CLUSTER_HOSTS (node1,...,nodeN) and
# CLUSTER_NHOSTS, and the traps that tear down.
cluster_up() {
	cl_n=${1:-2}
	case $cl_n in
	'' | *[!0-9]*) cluster_hard_error "cluster_up: '$cl_n' is not a number of hosts" ;;
	esac
	[ "$cl_n" -ge 1 ] && [ "$cl_n" -le $CLUSTER_MAX_HOSTS ] ||
		cluster_hard_error "cluster_up: $cl_n hosts, expected 1 to $CLUSTER_MAX_HOSTS"
	[ -z "$CLUSTER_PREFIX" ] || cluster_hard_error "cluster_up: a cluster is already up"
	[ -r "${CLUSTER_SRCDIR:-}/launch.sh" ] ||
		cluster_hard_error "no launcher '${CLUSTER_SRCDIR:-}/launch.sh' (set CLUSTER_SRCDIR or abs_top_srcdir)"
	cluster_sweep
	CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sriovstat-cluster-$$.XXXXXX") ||
		cluster_hard_error "mktemp failed"
	CLUSTER_PREFIX=sbc$$
	trap 'cluster_down' EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	cl_hub=$CLUSTER_PREFIX-hub
	# The first steps double as the probe: failing there means this system
	# (a container without CAP_SYS_ADMIN, no veth or bridge) cannot do it.
	cluster_step skip ip netns add "$cl_hub"
	cluster_step skip ip -n "$cl_hub" link add br0 type bridge
	cluster_step skip ip -n "$cl_hub" addr add "$CLUSTER_HUB_ADDR/24" dev br0
	cluster_step skip ip -n "$cl_hub" link set br0 up
	cluster_step skip ip -n "$cl_hub" link set lo up
	cluster_step skip ip netns exec "$cl_hub" unshare --uts true
	: > "$CLUSTER_DIR/hosts"
	CLUSTER_HOSTS=
	cl_k=1
	while [ "$cl_k" -le "$cl_n" ]; do
		cl_ns=$CLUSTER_PREFIX-h$cl_k
		cl_addr=$CLUSTER_NET.$((10 + cl_k))
		cl_how=hard
		[ "$cl_k" -gt 1 ] || cl_how=skip
		cluster_step "$cl_how" ip netns add "$cl_ns"
		cluster_step "$cl_how" ip -n "$cl_hub" link add "veth$cl_k" type veth peer name eth0 netns "$cl_ns"
		cluster_step hard ip -n "$cl_hub" link set "veth$cl_k" master br0 up
		cluster_step hard ip -n "$cl_ns" addr add "$cl_addr/24" dev eth0
		cluster_step hard ip -n "$cl_ns" link set eth0 up
		cluster_step hard ip -n "$cl_ns" link set lo up
		echo "$cl_addr $cl_ns node$cl_k" >> "$CLUSTER_DIR/hosts"
		CLUSTER_HOSTS=$CLUSTER_HOSTS${CLUSTER_HOSTS:+,}node$cl_k
		cl_k=$((cl_k + 1))
	done
	CLUSTER_NHOSTS=$cl_n
	# hydra's -launcher-exec must be an executable file: a stub that runs the
	# launcher with this cluster's host table.
	cat > "$CLUSTER_DIR/ssh" <<EOF
#!/bin/sh
CLUSTER_DIR='$CLUSTER_DIR'
export CLUSTER_DIR
exec /bin/sh '$CLUSTER_SRCDIR/launch.sh' "\$@"
EOF
	chmod +x "$CLUSTER_DIR/ssh" || cluster_hard_error "chmod $CLUSTER_DIR/ssh"
	return 0
}

# Run hydra in the hub on the cluster's hosts: cluster_mpiexec MPIEXEC-ARGS...
# (-n, -ppn, -genv, the program). Runs in the background and waits, so that a
# signal tears the cluster down at once instead of after mpiexec returns. A
# watchdog kills the run after CLUSTER_TIMEOUT seconds (hydra's own
# MPIEXEC_TIMEOUT does not end a run whose launch failed); then the status is
# 124 and $CLUSTER_DIR/timedout exists.
cluster_mpiexec() {
	[ -n "$CLUSTER_PREFIX" ] || cluster_hard_error "cluster_mpiexec: no cluster is up"
	cl_limit=${CLUSTER_TIMEOUT:-300}
	rm -f "$CLUSTER_DIR/timedout"
	# CLUSTER_OWN_HOSTS=1: the arguments name the hosts (-hosts, -f).
	[ -n "${CLUSTER_OWN_HOSTS:-}" ] || set -- -hosts "$CLUSTER_HOSTS" "$@"
	ip netns exec "$CLUSTER_PREFIX-hub" "$CLUSTER_MPIEXEC" \
		-launcher ssh -launcher-exec "$CLUSTER_DIR/ssh" -localhost "$CLUSTER_HUB_ADDR" "$@" &
	cl_run=$!
	# The watchdog polls, so that it also ends within a second of its owner
	# (killed with KILL, say): $$ is the owner's pid in this subshell too.
	(
		cl_nap=
		trap 'kill $cl_nap 2>/dev/null; exit 0' TERM
		cl_left=$cl_limit
		while [ "$cl_left" -gt 0 ]; do
			sleep 1 &
			cl_nap=$!
			wait $cl_nap
			kill -0 $$ 2>/dev/null || exit 0
			cl_left=$((cl_left - 1))
		done
		echo "cluster: mpiexec still running after ${cl_limit}s (CLUSTER_TIMEOUT): killing it" >&2
		: > "$CLUSTER_DIR/timedout"
		for cl_ns in $(ip netns list | awk -v p="$CLUSTER_PREFIX-" 'index($1, p) == 1 { print $1 }'); do
			cluster_kill_ns "$cl_ns"
		done
	) &
	cl_dog=$!
	CLUSTER_WATCHDOG=$cl_dog
	wait "$cl_run"
	cl_rc=$?
	kill -TERM "$cl_dog" 2>/dev/null
	wait "$cl_dog" 2>/dev/null
	CLUSTER_WATCHDOG=
	if [ -e "$CLUSTER_DIR/timedout" ]; then
		return 124
	fi
	return "$cl_rc"
}

# The namespaces and bridge ports of this cluster, one line each (for checks).
cluster_inventory() {
	[ -n "$CLUSTER_PREFIX" ] || return 0
	ip netns list | awk -v p="$CLUSTER_PREFIX-" 'index($1, p) == 1 { print "netns " $1 }'
	ip -n "$CLUSTER_PREFIX-hub" -o link show master br0 2>/dev/null |
		awk '{ sub(/@.*/, "", $2); sub(/:$/, "", $2); print "port " $2 }'
}

# Usage of the command.
cluster_usage() {
	cat <<EOF
Usage: cluster.sh [-n HOSTS] [--keep] [--] MPIEXEC-ARGS...
       cluster.sh --sweep

Bring up HOSTS (default 2) simulated hosts node1..nodeN (network namespaces
on a bridge, 10.213.0.0/24 inside them only), run MPICH's hydra on them with
MPIEXEC-ARGS (-hosts node1,...,nodeN is added), and tear everything down.
Needs root. Relative program paths are resolved against the current directory.

  -n HOSTS   number of hosts (1 to $CLUSTER_MAX_HOSTS)
  --keep     keep the scratch directory (host table, launcher stub)
  --sweep    remove namespaces left by runs that were killed
  -h, --help this text

Example: cluster.sh -n 2 -- -n 4 -ppn 2 ./coll_lat --op allreduce -i 200
Exit status: mpiexec's; 77 when this system cannot run it; 2 on misuse.
EOF
}

# The command-line entry point.
cluster_main() {
	nhosts=2
	while [ $# -gt 0 ]; do
		case $1 in
		-h | --help) cluster_usage; exit 0 ;;
		--sweep)
			[ "$(id -u)" -eq 0 ] || { echo "cluster.sh: error: --sweep needs root" >&2; exit 2; }
			cluster_sweep
			exit 0 ;;
		--keep) CLUSTER_KEEP=1; shift ;;
		-n)
			[ $# -ge 2 ] || { echo "cluster.sh: error: -n needs a number of hosts" >&2; exit 2; }
			nhosts=$2
			shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	case $nhosts in
	'' | *[!0-9]*) echo "cluster.sh: error: -n $nhosts: not a number" >&2; exit 2 ;;
	esac
	if [ "$nhosts" -lt 1 ] || [ "$nhosts" -gt $CLUSTER_MAX_HOSTS ]; then
		echo "cluster.sh: error: -n $nhosts: expected 1 to $CLUSTER_MAX_HOSTS" >&2
		exit 2
	fi
	[ $# -gt 0 ] || { echo "cluster.sh: error: no mpiexec arguments (try --help)" >&2; exit 2; }
	cluster_require
	cluster_up "$nhosts"
	cluster_mpiexec "$@"
}

case ${0##*/} in
cluster.sh) cluster_main "$@" ;;
esac
