#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# A sweep reaching two simulated hosts over real ssh and over pdsh: each host
# runs its own OpenSSH sshd (key login as root, keys in the cluster's scratch
# directory; nothing of this machine's ssh configuration is read or changed),
# and the sweep, run in the hub namespace, names them "reach = ssh -F CONFIG"
# and "reach = pdsh -R ssh". Each configuration's sysctl must be applied and
# verified on both hosts and both restored at the end; --dry-run over a third
# host without sshd must fail before any trial and name that host.
. "${abs_top_srcdir:-.}/tests/cluster/common.sh"
SRIOVSTAT="$BUILD/sriovstat"
SSHD=/usr/sbin/sshd
cluster_require "$BUILD/p2p_lat" "$SRIOVSTAT"
for t in "$SSHD" ssh ssh-keygen pdsh; do
	command -v "$t" > /dev/null || cluster_skip "no $t (Debian: openssh-server, openssh-client, pdsh)"
done
cluster_up 3
W=$CLUSTER_DIR
HUB=sbc$$-hub
ssh-keygen -q -t ed25519 -N '' -f "$W/id" || cluster_hard_error "ssh-keygen"
ssh-keygen -q -t ed25519 -N '' -f "$W/hostkey" || cluster_hard_error "ssh-keygen (host key)"
cp "$W/id.pub" "$W/authorized_keys"
printf '%s\n' "HostKey $W/hostkey" "AuthorizedKeysFile $W/authorized_keys" \
	"PermitRootLogin prohibit-password" "PasswordAuthentication no" \
	"KbdInteractiveAuthentication no" "UsePAM no" "StrictModes no" "PidFile none" \
	> "$W/sshd_config"
: > "$W/ssh_config"
for k in 1 2 3; do
	printf 'Host node%d\n\tHostName %s.%d\n' "$k" "$CLUSTER_NET" $((10 + k)) >> "$W/ssh_config"
done
printf '%s\n' "Host *" "	User root" "	IdentityFile $W/id" "	IdentitiesOnly yes" \
	"	StrictHostKeyChecking no" "	UserKnownHostsFile /dev/null" \
	"	GlobalKnownHostsFile /dev/null" "	LogLevel ERROR" "	ConnectTimeout 5" \
	>> "$W/ssh_config"
# sshd wants its privilege-separation directory (the package's tmpfiles.d
# makes it at boot; a machine that never started sshd lacks it).
[ -d /run/sshd ] || mkdir -p -m 0755 /run/sshd || cluster_skip "cannot create /run/sshd"
for k in 1 2; do
	ip netns exec "sbc$$-h$k" unshare --uts /bin/sh -c \
		'hostname "$0" && exec "$1" -D -e -f "$2" -o ListenAddress="$3"' \
		"node$k" "$SSHD" "$W/sshd_config" "$CLUSTER_NET.$((10 + k))" 2> "$W/sshd$k.log" &
done
hub() {
	ip netns exec "$HUB" "$@"
}
on() {
	hub ssh -F "$W/ssh_config" "$@"
}
for k in 1 2; do
	t=0
	until on "node$k" true 2> "$W/ssh.err"; do
		t=$((t + 1))
		[ $t -lt 20 ] || { cat "$W/sshd$k.log" "$W/ssh.err" >&2; fail "sshd on node$k does not answer"; }
		sleep 0.5
	done
	expect_eq "hostname over ssh" "$(on "node$k" hostname)" "node$k"
	on "node$k" sysctl -qw net.ipv4.tcp_sack=1 || fail "sysctl on node$k"
done

# sweep NAME REACH: two configurations over node1 and node2.
sweep() {
	printf '%s\n' "[sweep]" "nodes = node1, node2" "reach = $2" \
		"command = $CLUSTER_MPIEXEC -n 2 $BUILD/p2p_lat -m 8 -i 20 -x 2 --quiet" \
		"trials = 1" "seed = 3" "" "[config]" "label = sack{sack}" "sack = 0, 1" \
		"sysctl = net.ipv4.tcp_sack={sack}" > "$W/$1.ini"
	PDSH_SSH_ARGS_APPEND="-F $W/ssh_config" hub "$SRIOVSTAT" sweep "$W/$1.ini" --out "$W/out-$1" \
		--timeout 60 --no-summary > "$W/$1.out" 2> "$W/$1.err" ||
		{ cat "$W/$1.out" "$W/$1.err" >&2; fail "sweep through $2"; }
	python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["pending_node_restore"] is None, s["pending_node_restore"]
runs = s["runs"]
assert len(runs) == 2 and all(r["result"] == "ok" for r in runs), runs
for r in runs:
    want = {"sysctl:net.ipv4.tcp_sack": r["label"][4:]}
    assert r["node_settings"] == {"node1": want, "node2": want}, r
' "$W/out-$1/sweep.json" || fail "$1: sweep.json"
	for n in node1 node2; do
		expect_eq "$1: $n restored" "$(on "$n" cat /proc/sys/net/ipv4/tcp_sack)" 1
	done
}
sweep ssh "ssh -F $W/ssh_config"
sweep pdsh "pdsh -R ssh"

# A host without sshd: the dry run fails before any trial, naming it.
sed 's/^nodes = node1, node2$/nodes = node1, node2, node3/' "$W/ssh.ini" > "$W/three.ini"
if hub "$SRIOVSTAT" sweep "$W/three.ini" --out "$W/three" --dry-run > "$W/three.out" 2> "$W/three.err"; then
	fail "dry run over an unreachable node3 succeeded"
fi
grep -q 'node3' "$W/three.out" "$W/three.err" ||
	{ cat "$W/three.out" "$W/three.err" >&2; fail "dry run does not name node3"; }
echo "sweep over real ssh and pdsh on two hosts: all checks passed"
