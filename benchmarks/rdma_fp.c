/* SPDX-License-Identifier: BSD-3-Clause */
/* rdma_fp.c: RDMA devices and network interfaces of a node, from sysfs. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bjson.h"
#include "config.h"
#include "rdma_fp.h"
#include "sysfs.h"
#ifdef HAVE_VERBS
#include "verbs_probe.h"
#endif

#define IB_CLASS  "/sys/class/infiniband"
#define NET_CLASS "/sys/class/net"

/* Add a string member, null when empty. */
static void add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, v && *v ? bj_string(v) : NULL);
}

/* Name part of "N: NAME". */
const char *rdma_fp_state_name(const char *s)
{
	const char *p = s;
	while (isdigit((unsigned char)*p))
		p++;
	if (p != s && *p == ':') {
		p++;
		while (*p == ' ')
			p++;
		return p;
	}
	return s;
}

/* Number part of "N: NAME". */
int rdma_fp_state_num(const char *s)
{
	if (!isdigit((unsigned char)*s))
		return -1;
	char *end;
	long v = strtol(s, &end, 10);
	return *end == ':' && v < 1000 ? (int)v : -1;
}

/* Parse "56 Gb/sec (4X FDR)". */
int rdma_fp_parse_rate(const char *s, double *gbps, char *width, size_t wlen, char *speed,
		       size_t slen)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno || v < 0 || strncmp(end, " Gb/sec", 7) != 0)
		return -1;
	const char *p = end + 7;
	while (*p == ' ')
		p++;
	width[0] = speed[0] = '\0';
	if (*p == '(') {
		const char *close = strchr(p, ')');
		if (!close)
			return -1;
		char inner[64];
		snprintf(inner, sizeof inner, "%.*s", (int)(close - p - 1), p + 1);
		char *sp = strchr(inner, ' ');
		if (sp) {
			*sp = '\0';
			snprintf(speed, slen, "%s", sp + 1);
		} else {
			/* The kernel omits the speed name for SDR. */
			snprintf(speed, slen, "SDR");
		}
		snprintf(width, wlen, "%s", inner);
		size_t wl = strlen(width);
		if (wl < 2 || width[wl - 1] != 'X')
			return -1;
	}
	*gbps = v;
	return 0;
}

/* Known SR-IOV virtual-function PCI ids. */
int rdma_fp_is_vf_id(unsigned vendor, unsigned device)
{
	static const unsigned mlx_vf[] = {
		0x1002, /* ConnectX-2 VF */
		0x1004, /* ConnectX-3 / ConnectX-3 Pro VF */
		0x1012, /* Connect-IB VF */
		0x1014, /* ConnectX-4 VF */
		0x1016, /* ConnectX-4 Lx VF */
		0x1018, /* ConnectX-5 VF */
		0x101a, /* ConnectX-5 Ex VF */
		0x101c, /* ConnectX-6 VF */
		0x101e, /* ConnectX mlx5Gen VF (ConnectX-6 Dx and later) */
		0x0263, /* ConnectX-4 Lx programmable VF */
	};
	if (vendor != 0x15b3)
		return 0;
	for (size_t i = 0; i < sizeof mlx_vf / sizeof mlx_vf[0]; i++)
		if (device == mlx_vf[i])
			return 1;
	return 0;
}

/* An integer member from a sysfs value (decimal or 0x hex), null when absent. */
static void add_int_attr(json_object *o, const char *k, const char *v, int ok)
{
	char *end;
	long long x = ok && *v ? strtoll(v, &end, 0) : 0;
	json_object_object_add(o, k, ok && *v && !*end ? bj_int64(x) : NULL);
}

/* The PCI function and its SR-IOV role. */
static json_object *pci_json(const char *root, const char *dev)
{
	char path[1024], buf[256];
	json_object *p = bj_object();
	snprintf(path, sizeof path, IB_CLASS "/%s/device", dev);
	sys_link_base(root, path, buf, sizeof buf);
	add_str(p, "address", buf);
	char vendor[32], device[32];
	sys_read_attr(root, vendor, sizeof vendor, IB_CLASS "/%s/device/vendor", dev);
	sys_read_attr(root, device, sizeof device, IB_CLASS "/%s/device/device", dev);
	add_str(p, "vendor", vendor);
	add_str(p, "device", device);
	snprintf(path, sizeof path, IB_CLASS "/%s/device/driver", dev);
	sys_link_base(root, path, buf, sizeof buf);
	add_str(p, "driver", buf);

	/* SR-IOV: a VF on the host has physfn; a PF has sriov_numvfs; a guest
	 * sees its passed-through VF as a plain device with a VF's PCI id. */
	snprintf(path, sizeof path, IB_CLASS "/%s/device/physfn", dev);
	if (sys_exists(root, path)) {
		sys_link_base(root, path, buf, sizeof buf);
		add_str(p, "function", "vf");
		add_str(p, "physfn", buf);
		add_str(p, "evidence", "physfn");
		return p;
	}
	char nv[32], tv[32];
	int has_nv =
		sys_read_attr(root, nv, sizeof nv, IB_CLASS "/%s/device/sriov_numvfs", dev) == 0;
	int has_tv =
		sys_read_attr(root, tv, sizeof tv, IB_CLASS "/%s/device/sriov_totalvfs", dev) == 0;
	if (has_nv || has_tv) {
		add_str(p, "function", "pf");
		add_int_attr(p, "sriov_numvfs", nv, has_nv);
		add_int_attr(p, "sriov_totalvfs", tv, has_tv);
		add_str(p, "evidence", "sriov_numvfs");
		return p;
	}
	unsigned long ven = strtoul(vendor, NULL, 16), did = strtoul(device, NULL, 16);
	if (*vendor && *device && rdma_fp_is_vf_id((unsigned)ven, (unsigned)did)) {
		add_str(p, "function", "vf");
		snprintf(buf, sizeof buf, "pci id %04lx:%04lx", ven, did);
		add_str(p, "evidence", buf);
		return p;
	}
	add_str(p, "function", *vendor ? "none" : "unknown");
	return p;
}

/* The port a network device of dev serves (dev_port, else dev_id, plus 1), or 0. */
static int netdev_port(const char *root, const char *dev, const char *nd)
{
	char v[32];
	if (sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/device/net/%s/dev_port", dev, nd) == 0 &&
	    *v)
		return (int)strtol(v, NULL, 0) + 1;
	if (sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/device/net/%s/dev_id", dev, nd) == 0 &&
	    *v)
		return (int)strtol(v, NULL, 0) + 1;
	return 0;
}

/* One port of a device. */
static json_object *port_json(const char *root, const char *dev, int port, char **nds, int nnd)
{
	json_object *o = bj_object();
	char v[256];
	json_object_object_add(o, "port", bj_int(port));
	sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/ports/%d/state", dev, port);
	add_str(o, "state", rdma_fp_state_name(v));
	sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/ports/%d/phys_state", dev, port);
	add_str(o, "phys_state", rdma_fp_state_name(v));
	sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/ports/%d/link_layer", dev, port);
	add_str(o, "link_layer", v);
	sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/ports/%d/rate", dev, port);
	add_str(o, "rate", v);
	double gbps;
	char width[16], speed[16];
	if (*v && rdma_fp_parse_rate(v, &gbps, width, sizeof width, speed, sizeof speed) == 0) {
		json_object_object_add(o, "rate_gbps", bj_double(gbps));
		add_str(o, "active_width", width);
		add_str(o, "active_speed", speed);
	} else {
		json_object_object_add(o, "rate_gbps", NULL);
		json_object_object_add(o, "active_width", NULL);
		json_object_object_add(o, "active_speed", NULL);
	}
	int ok = sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/ports/%d/lid", dev, port) == 0;
	add_int_attr(o, "lid", v, ok);
	/* The port's network device: the GID table's (RoCE), else by dev_port. */
	char nd[64] = "";
	sys_read_attr(root, nd, sizeof nd, IB_CLASS "/%s/ports/%d/gid_attrs/ndevs/0", dev, port);
	for (int i = 0; !*nd && i < nnd; i++)
		if (netdev_port(root, dev, nds[i]) == port)
			snprintf(nd, sizeof nd, "%s", nds[i]);
	add_str(o, "netdev", nd);
	return o;
}

/* Compare port directory names numerically. */
static int cmp_num(const void *a, const void *b)
{
	long x = strtol(*(char *const *)a, NULL, 10), y = strtol(*(char *const *)b, NULL, 10);
	return (x > y) - (x < y);
}

/* One device. */
static json_object *device_json(const char *root, const char *dev, const rdma_fp_hooks *h)
{
	json_object *o = bj_object();
	char v[256], path[1024];
	add_str(o, "name", dev);
	sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/node_type", dev);
	add_str(o, "node_type", rdma_fp_state_name(v));
	sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/fw_ver", dev);
	add_str(o, "fw_ver", v);
	sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/node_guid", dev);
	add_str(o, "node_guid", v);
	sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/hca_type", dev);
	add_str(o, "hca_type", v);
	sys_read_attr(root, v, sizeof v, IB_CLASS "/%s/board_id", dev);
	add_str(o, "board_id", v);
	json_object_object_add(o, "pci", pci_json(root, dev));

	char **nds = NULL;
	snprintf(path, sizeof path, IB_CLASS "/%s/device/net", dev);
	int nnd = sys_list_dir(root, path, &nds);
	if (nnd < 0)
		nnd = 0;
	json_object *ports = bj_array();
	char **pv = NULL;
	snprintf(path, sizeof path, IB_CLASS "/%s/ports", dev);
	int np = sys_list_dir(root, path, &pv);
	if (np > 1)
		qsort(pv, (size_t)np, sizeof *pv, cmp_num);
	for (int i = 0; i < np; i++) {
		int port = (int)strtol(pv[i], NULL, 10);
		if (port > 0)
			json_object_array_add(ports, port_json(root, dev, port, nds, nnd));
	}
	sys_list_free(pv, np);
	json_object_object_add(o, "ports", ports);
	json_object *na = bj_array();
	for (int i = 0; i < nnd; i++)
		json_object_array_add(na, bj_string(nds[i]));
	json_object_object_add(o, "netdevs", na);
	sys_list_free(nds, nnd);

	if (h && h->probe)
		h->probe(dev, o, h->arg);
	else
		json_object_object_add(o, "max_inline_data", NULL);
	return o;
}

/* The devices. */
json_object *rdma_fp_devices(const char *root, const rdma_fp_hooks *h)
{
	json_object *r = bj_object();
	add_str(r, "probe", h && h->probe_name ? h->probe_name : "none");
	json_object *a = bj_array();
	char **names = NULL;
	int n = sys_list_dir(root, IB_CLASS, &names);
	for (int i = 0; i < n; i++)
		json_object_array_add(a, device_json(root, names[i], h));
	sys_list_free(names, n);
	json_object_object_add(r, "devices", a);
	return r;
}

/* A growing list of interface names, each with the RDMA device behind it. */
typedef struct name_list {
	char **name;
	const char **owner;
	int n, cap;
} name_list;

/* Add name (owned by dev) unless present; 0 or -1 when out of memory. */
static int name_list_add(name_list *l, const char *name, const char *dev)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->name[i], name) == 0)
			return 0;
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 8;
		char **a = realloc(l->name, (size_t)cap * sizeof *a);
		if (!a)
			return -1;
		l->name = a;
		const char **b = realloc(l->owner, (size_t)cap * sizeof *b);
		if (!b)
			return -1;
		l->owner = b;
		l->cap = cap;
	}
	if (!(l->name[l->n] = strdup(name)))
		return -1;
	l->owner[l->n++] = dev;
	return 0;
}

/* Sort a name list by name (insertion sort: a handful of entries). */
static void name_list_sort(name_list *l)
{
	for (int i = 1; i < l->n; i++)
		for (int j = i; j > 0 && strcmp(l->name[j - 1], l->name[j]) > 0; j--) {
			char *t = l->name[j];
			const char *o = l->owner[j];
			l->name[j] = l->name[j - 1], l->owner[j] = l->owner[j - 1];
			l->name[j - 1] = t, l->owner[j - 1] = o;
		}
}

/* The interfaces behind device dev: its PCI function's, and those the RoCE
 * GID tables name (bonds and VLANs on top of them). */
static void rdma_netifs(const char *root, const char *dev, name_list *l)
{
	char path[1024], nm[64];
	char **v = NULL;
	snprintf(path, sizeof path, IB_CLASS "/%s/device/net", dev);
	int n = sys_list_dir(root, path, &v);
	for (int i = 0; i < n; i++)
		name_list_add(l, v[i], dev);
	sys_list_free(v, n);
	snprintf(path, sizeof path, IB_CLASS "/%s/ports", dev);
	n = sys_list_dir(root, path, &v);
	for (int i = 0; i < n; i++)
		if (sys_read_attr(root, nm, sizeof nm, IB_CLASS "/%s/ports/%s/gid_attrs/ndevs/0",
				  dev, v[i]) == 0 &&
		    *nm)
			name_list_add(l, nm, dev);
	sys_list_free(v, n);
}

/* One interface. */
static json_object *netif_json(const char *root, const char *ifname, const char *rdma_dev,
			       const rdma_fp_hooks *h)
{
	json_object *o = bj_object();
	char v[256], path[1024];
	add_str(o, "rdma_device", rdma_dev);
	snprintf(path, sizeof path, NET_CLASS "/%s/device/driver", ifname);
	sys_link_base(root, path, v, sizeof v);
	add_str(o, "driver", v);
	sys_read_attr(root, v, sizeof v, NET_CLASS "/%s/operstate", ifname);
	add_str(o, "operstate", v);
	if (h && h->coal) {
		coal_settings s;
		st_err err = {0};
		if (h->coal(ifname, &s, &err, h->arg) == 0) {
			json_object_object_add(o, "coalescing", coal_to_json(&s));
		} else {
			json_object *e = bj_object();
			add_str(e, "error", err.msg);
			json_object_object_add(o, "coalescing", e);
		}
	} else {
		json_object_object_add(o, "coalescing", NULL);
	}
	return o;
}

/* The interfaces. */
json_object *rdma_fp_network(const char *root, const rdma_fp_hooks *h)
{
	json_object *r = bj_object();
	json_object *ifs = bj_object();
	char **devs = NULL;
	int nd = sys_list_dir(root, IB_CLASS, &devs);
	name_list l = {0};
	if (nd > 0) {
		add_str(r, "selection", "rdma");
		for (int d = 0; d < nd; d++)
			rdma_netifs(root, devs[d], &l);
	} else {
		/* No RDMA device: every interface backed by a device. */
		add_str(r, "selection", "hardware");
		char **all = NULL;
		int na = sys_list_dir(root, NET_CLASS, &all);
		for (int i = 0; i < na; i++) {
			char path[1024];
			snprintf(path, sizeof path, NET_CLASS "/%s/device", all[i]);
			if (sys_exists(root, path))
				name_list_add(&l, all[i], NULL);
		}
		sys_list_free(all, na);
	}
	name_list_sort(&l);
	for (int i = 0; i < l.n; i++)
		json_object_object_add(ifs, l.name[i], netif_json(root, l.name[i], l.owner[i], h));
	for (int i = 0; i < l.n; i++)
		free(l.name[i]);
	free(l.name);
	free(l.owner);
	sys_list_free(devs, nd);
	json_object_object_add(r, "interfaces", ifs);
	return r;
}

/* coal_get as a hook. */
static int system_coal(const char *ifname, coal_settings *s, st_err *err, void *arg)
{
	(void)arg;
	return coal_get(ifname, s, err);
}

/* The hooks for this machine. */
void rdma_fp_system_hooks(rdma_fp_hooks *h)
{
	memset(h, 0, sizeof *h);
	h->coal = system_coal;
#ifdef HAVE_VERBS
	h->probe = verbs_probe_fp;
	h->probe_name = "libibverbs";
#else
	h->probe_name = "none (built without libibverbs)";
#endif
}

/* The sysfs root of this machine. */
const char *rdma_fp_sysfs_root(void)
{
	const char *r = getenv("SRIOVSTAT_SYSFS_ROOT");
	return r ? r : "";
}

/* Add "rdma" and "network" to a node object. */
void rdma_fp_add(json_object *node, const char *root)
{
	rdma_fp_hooks h;
	const char *over = NULL;
	if (!root || !*root) {
		rdma_fp_system_hooks(&h);
		root = rdma_fp_sysfs_root();
		if (*root)
			over = root;
	} else {
		memset(&h, 0, sizeof h);
		h.probe_name = "none (captured tree)";
	}
	json_object *rd = rdma_fp_devices(root, &h);
	if (over) /* a stand-in tree: say so in the trial */
		json_object_object_add(rd, "sysfs_root", bj_string(over));
	json_object_object_add(node, "rdma", rd);
	json_object_object_add(node, "network", rdma_fp_network(root, &h));
}

/* Whether a GID string is all zeros. */
static int gid_zero(const char *g)
{
	for (; *g; g++)
		if (*g != '0' && *g != ':')
			return 0;
	return 1;
}

/* Pick a RoCE GID index. */
int rdma_fp_pick_gid(const char *root, const char *dev, int port)
{
	char **ents = NULL;
	char path[1024];
	snprintf(path, sizeof path, IB_CLASS "/%s/ports/%d/gids", dev, port);
	int n = sys_list_dir(root, path, &ents);
	if (n > 1)
		qsort(ents, (size_t)n, sizeof *ents, cmp_num);
	int best = -1, rank = 0; /* rank 3: v2 + IPv4, 2: v2, 1: non-zero */
	for (int i = 0; i < n && rank < 3; i++) {
		int idx = (int)strtol(ents[i], NULL, 10);
		char gid[64], type[32];
		if (sys_read_attr(root, gid, sizeof gid, IB_CLASS "/%s/ports/%d/gids/%d", dev, port,
				  idx) < 0 ||
		    gid_zero(gid))
			continue;
		int r = 1;
		if (sys_read_attr(root, type, sizeof type,
				  IB_CLASS "/%s/ports/%d/gid_attrs/types/%d", dev, port,
				  idx) == 0 &&
		    strcmp(type, "RoCE v2") == 0)
			r = strncmp(gid, "0000:0000:0000:0000:0000:ffff:", 30) == 0 ? 3 : 2;
		if (r > rank)
			best = idx, rank = r;
	}
	sys_list_free(ents, n);
	return best;
}
