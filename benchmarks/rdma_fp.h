/* SPDX-License-Identifier: BSD-3-Clause */
/* rdma_fp.h: the adapter part of a node's fingerprint.
 *
 * Per RDMA device (sysfs /sys/class/infiniband/DEV): name, node type,
 * firmware, node GUID, HCA type, PCI address and driver, whether the PCI
 * function is an SR-IOV virtual function (a physfn link on the host, or a
 * virtual-function PCI id as a guest sees a passed-through VF) or a physical
 * one (sriov_numvfs), and per port its state, physical state, link layer,
 * rate with active width and speed, LID and network device; plus what only
 * the device can tell (max_inline_data granted to a new RC QP, atomics,
 * queue limits) through a probe hook, libibverbs when built with it.
 *
 * Network interfaces recorded with their interrupt coalescing (ethtool
 * ETHTOOL_GCOALESCE, "supported": false where the driver has none): those
 * behind RDMA devices (IPoIB, RoCE); when the node has no RDMA device, every
 * interface backed by a device (PCI, virtio, ...), which leaves out loopback
 * and software interfaces (veth, bridges, tunnels).
 *
 * Everything is read under a root prefix ("" or NULL: this machine), so
 * captured trees under tests/data exercise the same code. Nothing here prints
 * or exits. */
#ifndef SRIOVSTAT_RDMA_FP_H
#define SRIOVSTAT_RDMA_FP_H

#include <stddef.h>

#include <json-c/json.h>

#include "coalesce.h"

/* What the sysfs walk cannot read itself. */
typedef struct rdma_fp_hooks {
	/* Read ifname's coalescing (coal_get's contract); NULL: recorded as null. */
	int (*coal)(const char *ifname, coal_settings *s, st_err *err, void *arg);
	/* Add device-only facts to dev (max_inline_data, ...); NULL: max_inline_data null. */
	void (*probe)(const char *devname, json_object *dev, void *arg);
	void *arg;
	const char *probe_name; /* recorded as rdma.probe: "libibverbs", "none", ... */
} rdma_fp_hooks;

/* {"probe": ..., "devices": [...]} for the devices under root, sorted by name. */
json_object *rdma_fp_devices(const char *root, const rdma_fp_hooks *h);

/* {"selection": "rdma"|"hardware", "interfaces": {NAME: {...}, ...}}: the
 * interfaces described above, sorted by name. */
json_object *rdma_fp_network(const char *root, const rdma_fp_hooks *h);

/* Add "rdma" and "network" to a node's fingerprint object. On this machine
 * (root NULL or "": rdma_fp_sysfs_root()) coalescing is read with coal_get and, when built with
 * libibverbs, devices are probed; under a captured root neither is. */
void rdma_fp_add(json_object *node, const char *root);

/* The sysfs root of "this machine": "" unless SRIOVSTAT_SYSFS_ROOT names a
 * stand-in tree (the tests' software verbs device, tests/softverbs), which
 * rdma_fp_add then reads, still probing through libibverbs, and records as
 * rdma.sysfs_root. */
const char *rdma_fp_sysfs_root(void);

/* The hooks rdma_fp_add uses on this machine. */
void rdma_fp_system_hooks(rdma_fp_hooks *h);

/* Parse a sysfs port rate "56 Gb/sec (4X FDR)" (SDR shows no speed name:
 * "10 Gb/sec (4X)"). 0, or -1 when it is not one. */
int rdma_fp_parse_rate(const char *s, double *gbps, char *width, size_t wlen, char *speed,
		       size_t slen);

/* The name part of a sysfs "N: NAME" value ("4: ACTIVE" -> "ACTIVE"); s itself
 * when it has no number. */
const char *rdma_fp_state_name(const char *s);

/* The number part of a sysfs "N: NAME" value, or -1. */
int rdma_fp_state_num(const char *s);

/* Whether vendor:device is a known SR-IOV virtual-function PCI id (Mellanox
 * ConnectX-2 to ConnectX-7 VFs, Connect-IB VF). */
int rdma_fp_is_vf_id(unsigned vendor, unsigned device);

/* The GID index to use on a RoCE port when none is given: the first "RoCE v2"
 * entry holding an IPv4-mapped GID, else the first "RoCE v2" entry, else the
 * first non-zero GID; read from root/sys/class/infiniband/DEV/ports/PORT.
 * Returns the index, or -1 when the port has no usable GID. */
int rdma_fp_pick_gid(const char *root, const char *dev, int port);

#endif
