#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# slurm.sh: a real Slurm on the simulated cluster (cluster.sh), sourced after
# cluster_up: munged and slurmctld in the hub namespace, one slurmd per host
# namespace (with the host's name), all from Debian's slurm-wlm and munge,
# configured under CLUSTER_DIR/slurm. Every daemon runs in a namespace of
# the cluster, so cluster_down (the traps of cluster_up: exit, failure,
# HUP, INT, TERM) stops them all with the namespaces.
#
#   slurm_require            exit 77 with the reason unless the packages are there
#   slurm_up                 start the daemons, wait until every node is idle
#   slurm_run CMD...         run a Slurm client command (srun, salloc, sinfo)
#                            in the hub with this cluster's configuration
#   slurm_in NS NAME CMD...  the same in namespace NS (hub, h1, ...) as host NAME
# Sets SLURM_DIR and SLURM_CONF_FILE.

SLURM_DIR=
SLURM_CONF_FILE=

# Skip unless Debian's slurm-wlm (slurmctld, slurmd, the clients) and munge are installed.
slurm_require() {
	for sl_tool in slurmctld slurmd srun salloc sbatch sinfo munged; do
		command -v "$sl_tool" > /dev/null 2>&1 ||
			cluster_skip "no '$sl_tool': install Debian's slurmctld, slurmd, slurm-client and munge"
	done
}

# Run a command in namespace $1 (hub, h1, ...), with hostname $2 and the
# cluster's host table as /etc/hosts (a bind mount in a mount namespace of
# its own: the machine's /etc/hosts is not touched), so that hub, node1, ...
# resolve on every host as on a real cluster.
slurm_in() {
	sl_ns=$1 sl_name=$2
	shift 2
	# shellcheck disable=SC2016
	ip netns exec "$CLUSTER_PREFIX-$sl_ns" unshare --mount --uts /bin/sh -c \
		'mount --bind "$0" /etc/hosts && hostname "$1" && shift && exec "$@"' \
		"$SLURM_DIR/hosts" "$sl_name" env SLURM_CONF="$SLURM_CONF_FILE" "$@"
}

# Run a command in the hub namespace with this cluster's Slurm configuration.
slurm_run() {
	slurm_in hub hub "$@"
}

# Write slurm.conf for the cluster's hosts.
slurm_config() {
	{
		cat <<EOF
ClusterName=sbc$$
SlurmctldHost=hub($CLUSTER_HUB_ADDR)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SLURM_DIR/munge.socket
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool/%n
SlurmctldPidFile=$SLURM_DIR/slurmctld.pid
SlurmdPidFile=$SLURM_DIR/slurmd.%n.pid
SlurmctldLogFile=$SLURM_DIR/slurmctld.log
SlurmdLogFile=$SLURM_DIR/slurmd.%n.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
SlurmdTimeout=30
InactiveLimit=0
KillWait=2
EOF
		sl_k=1
		while [ "$sl_k" -le "$CLUSTER_NHOSTS" ]; do
			echo "NodeName=node$sl_k NodeAddr=$CLUSTER_NET.$((10 + sl_k)) CPUs=2 State=UNKNOWN"
			sl_k=$((sl_k + 1))
		done
		echo "PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4"
	} > "$SLURM_CONF_FILE"
	# No cgroups are needed (proctrack/linuxproc, task/none), but slurmd
	# initializes the plugin: v1, on the private hierarchy slurm_cgroups makes.
	printf 'CgroupPlugin=cgroup/v1\nCgroupMountpoint=%s\nIgnoreSystemd=yes\n' "$SLURM_DIR/cgroup" \
		> "$SLURM_DIR/cgroup.conf"
}

# Start munged, slurmctld and the slurmds; wait until every node is idle
# (30 s at most, else a hard error with the daemons' logs).
slurm_up() {
	[ -n "$CLUSTER_PREFIX" ] || cluster_hard_error "slurm_up: no cluster is up"
	SLURM_DIR=$CLUSTER_DIR/slurm
	SLURM_CONF_FILE=$SLURM_DIR/slurm.conf
	mkdir -p "$SLURM_DIR/state" || cluster_hard_error "mkdir $SLURM_DIR"
	sl_k=1
	while [ "$sl_k" -le "$CLUSTER_NHOSTS" ]; do
		mkdir -p "$SLURM_DIR/spool/node$sl_k" || cluster_hard_error "mkdir $SLURM_DIR/spool"
		sl_k=$((sl_k + 1))
	done
	chmod 755 "$CLUSTER_DIR" "$SLURM_DIR"
	dd if=/dev/urandom of="$SLURM_DIR/munge.key" bs=1024 count=1 2> /dev/null &&
		chmod 400 "$SLURM_DIR/munge.key" || cluster_hard_error "cannot make a munge key"
	slurm_config
	mkdir -p "$SLURM_DIR/cgroup"
	{
		echo "127.0.0.1 localhost"
		echo "$CLUSTER_HUB_ADDR hub"
		sl_k=1
		while [ "$sl_k" -le "$CLUSTER_NHOSTS" ]; do
			echo "$CLUSTER_NET.$((10 + sl_k)) node$sl_k"
			sl_k=$((sl_k + 1))
		done
	} > "$SLURM_DIR/hosts"
	ip netns exec "$CLUSTER_PREFIX-hub" munged --force --socket="$SLURM_DIR/munge.socket" \
		--key-file="$SLURM_DIR/munge.key" --pid-file="$SLURM_DIR/munged.pid" \
		--log-file="$SLURM_DIR/munged.log" --seed-file="$SLURM_DIR/munge.seed" \
		> "$SLURM_DIR/munged.out" 2>&1 ||
		cluster_hard_error "munged did not start: $(cat "$SLURM_DIR/munged.out" "$SLURM_DIR/munged.log" 2>/dev/null)"
	slurm_in hub hub slurmctld -D -i -f "$SLURM_CONF_FILE" > "$SLURM_DIR/slurmctld.out" 2>&1 &
	sl_k=1
	while [ "$sl_k" -le "$CLUSTER_NHOSTS" ]; do
		slurm_in "h$sl_k" "node$sl_k" slurmd -D -N "node$sl_k" -f "$SLURM_CONF_FILE" \
			> "$SLURM_DIR/slurmd.node$sl_k.out" 2>&1 &
		sl_k=$((sl_k + 1))
	done
	sl_t=0
	while :; do
		sl_idle=$(slurm_run sinfo -h -N -o '%N %T' 2> /dev/null | awk '$2 == "idle"' | wc -l)
		if [ "$sl_idle" -eq "$CLUSTER_NHOSTS" ]; then
			slurm_run srun --mpi=list 2>&1 | grep -q pmi2 ||
				cluster_skip "this Slurm has no PMI2 plugin (srun --mpi=list: $(slurm_run srun --mpi=list 2>&1 | tr '\n' ' '))"
			return 0
		fi
		sl_t=$((sl_t + 1))
		if [ $sl_t -gt 300 ]; then
			for sl_f in "$SLURM_DIR"/*.log "$SLURM_DIR"/*.out; do
				echo "--- $sl_f" >&2
				tail -n 20 "$sl_f" >&2
			done
			cluster_hard_error "the Slurm nodes are not idle after 30 s: $(slurm_run sinfo -N 2>&1 | tr '\n' ' ')"
		fi
		sleep 0.1
	done
}
