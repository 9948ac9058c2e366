#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# launch.sh: the "ssh" that hydra uses on the simulated cluster (cluster.sh).
# hydra runs it as it would run ssh:
#   launch.sh [ssh options] HOST WORD...
# and this runs the command WORD... (joined by spaces and handed to a shell,
# as sshd does) in HOST's network namespace, inside a UTS namespace of its own
# whose hostname is the host's name. The host table is $CLUSTER_DIR/hosts,
# one "ADDRESS NETNS HOSTNAME" per line; HOST may be the address or the name.

# Skip ssh's options; those listed take an argument.
while [ $# -gt 0 ]; do
	case $1 in
	--) shift; break ;;
	-[BbcDEeFIiJLlmOopQRSWw]) shift 2 ;;
	-?*) shift ;;
	*) break ;;
	esac
done
if [ $# -lt 2 ]; then
	echo "launch.sh: error: usage: launch.sh [ssh options] HOST COMMAND..." >&2
	exit 255
fi
host=$1
shift
if [ -z "${CLUSTER_DIR:-}" ] || [ ! -r "$CLUSTER_DIR/hosts" ]; then
	echo "launch.sh: error: no host table (CLUSTER_DIR is '${CLUSTER_DIR:-}')" >&2
	exit 255
fi
entry=$(awk -v h="$host" '$1 == h || $3 == h { print $2, $3; exit }' "$CLUSTER_DIR/hosts")
if [ -z "$entry" ]; then
	echo "launch.sh: error: $host is not a host of this cluster ($CLUSTER_DIR/hosts)" >&2
	exit 255
fi
ns=${entry% *}
name=${entry#* }
# shellcheck disable=SC2016
exec ip netns exec "$ns" unshare --uts /bin/sh -c 'hostname "$0" && exec /bin/sh -c "$1"' \
	"$name" "$*"
