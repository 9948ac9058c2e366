/* SPDX-License-Identifier: BSD-3-Clause */
/* test_rdma_fp.c: the adapter fingerprint from captured sysfs trees (a host
 * with an SR-IOV physical function, a guest with a passed-through virtual
 * function, a host with a VF of its own) and on this machine. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "fingerprint.h"
#include "rdma_fp.h"

/* The trees are described in tests/data/sysfs-pf/ and sysfs-vf/ (manifests, .txt) (symbolic links
 * do not survive make dist) and built under a temporary directory per test. */
static char tmp[256], pf_root[300], guest_root[300], host_root[300];
#define PF_ROOT    pf_root
#define GUEST_ROOT guest_root
#define HOST_ROOT  host_root

/* mkdir -p for the directory part of path. */
static void mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			cr_assert(mkdir(path, 0755) == 0 || errno == EEXIST, "mkdir %s", path);
			*p = '/';
		}
}

/* Build the tree a manifest describes ("PATH = VALUE", "PATH -> TARGET") under root. */
static void build_tree(const char *manifest, const char *root)
{
	char mpath[1024], line[1024], full[2048];
	snprintf(mpath, sizeof mpath, "%s/%s", TEST_DATA_DIR, manifest);
	FILE *f = fopen(mpath, "r");
	cr_assert_not_null(f, "cannot open %s", mpath);
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char *arrow = strstr(line, " -> "), *eq = strstr(line, " = ");
		char *sep = arrow && (!eq || arrow < eq) ? arrow : eq;
		cr_assert_not_null(sep, "%s: bad line '%s'", manifest, line);
		*sep = '\0';
		snprintf(full, sizeof full, "%s/%s", root, line);
		mkdirs(full);
		if (sep == arrow) {
			cr_assert_eq(symlink(sep + 4, full), 0, "symlink %s", full);
		} else {
			FILE *o = fopen(full, "w");
			cr_assert_not_null(o, "create %s", full);
			fprintf(o, "%s\n", sep + 3);
			fclose(o);
		}
	}
	fclose(f);
}

/* Build the three trees. */
static void setup(void)
{
	snprintf(tmp, sizeof tmp, "/tmp/sriovstat-rdmafp-XXXXXX");
	cr_assert_not_null(mkdtemp(tmp));
	snprintf(pf_root, sizeof pf_root, "%s/pf", tmp);
	snprintf(guest_root, sizeof guest_root, "%s/guest", tmp);
	snprintf(host_root, sizeof host_root, "%s/host", tmp);
	build_tree("sysfs-pf/tree.txt", pf_root);
	build_tree("sysfs-vf/guest.txt", guest_root);
	build_tree("sysfs-vf/host.txt", host_root);
}

/* Remove them. */
static void teardown(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(rdma_fp, .init = setup, .fini = teardown);

/* Member k of o (asserting it exists). */
static json_object *get(json_object *o, const char *k)
{
	json_object *v = NULL;
	cr_assert(json_object_object_get_ex(o, k, &v), "no member '%s' in %s", k,
		  json_object_to_json_string(o));
	return v;
}

/* String member k of o, or NULL when null. */
static const char *str(json_object *o, const char *k)
{
	json_object *v = get(o, k);
	return v ? json_object_get_string(v) : NULL;
}

/* Integer member k of o. */
static long long num(json_object *o, const char *k)
{
	json_object *v = get(o, k);
	cr_assert_not_null(v, "'%s' is null", k);
	return json_object_get_int64(v);
}

/* A fake coalescing hook: the captured `ethtool -c` reply named after the interface. */
static int fake_coal(const char *ifname, coal_settings *s, st_err *err, void *arg)
{
	(void)arg;
	const char *file = strcmp(ifname, "ib0") == 0             ? "ipoib-ib0-ethtool4.txt"
			   : strncmp(ifname, "enp59s0f0", 9) == 0 ? "mlx5-enp1s0f0.txt"
								  : "veth-ethtool4-unsupported.txt";
	char path[1024], buf[4096];
	snprintf(path, sizeof path, "%s/coalesce/%s", TEST_DATA_DIR, file);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (strcmp(ifname, "eth2") == 0)
		return st_seterr(
			err, ST_EIO,
			"eth2: ETHTOOL_GCOALESCE failed: Resource temporarily unavailable");
	return coal_parse_ethtool(buf, s, err);
}

/* A fake probe: a VF grants no inline data, a PF 400 bytes (the seed paper's values). */
static void fake_probe(const char *dev, json_object *o, void *arg)
{
	(void)arg;
	json_object *pci = get(o, "pci");
	int vf = strcmp(str(pci, "function"), "vf") == 0;
	json_object_object_add(o, "max_inline_data", json_object_new_int(vf ? 0 : 400));
	json_object_object_add(o, "probed_name", json_object_new_string(dev));
}

static const rdma_fp_hooks fakes = {fake_coal, fake_probe, NULL, "fake"};

Test(rdma_fp, pf_host_connectx3_pro)
{
	json_object *r = rdma_fp_devices(PF_ROOT, &fakes);
	cr_assert_str_eq(str(r, "probe"), "fake");
	json_object *devs = get(r, "devices");
	cr_assert_eq(json_object_array_length(devs), 1);
	json_object *d = json_object_array_get_idx(devs, 0);
	cr_assert_str_eq(str(d, "name"), "mlx4_0");
	cr_assert_str_eq(str(d, "node_type"), "CA");
	cr_assert_str_eq(str(d, "fw_ver"), "2.42.5000");
	cr_assert_str_eq(str(d, "node_guid"), "0002:c903:00a1:b2c0");
	cr_assert_str_eq(str(d, "hca_type"), "MT4103");
	cr_assert_str_eq(str(d, "board_id"), "MT_1090111023");
	json_object *pci = get(d, "pci");
	cr_assert_str_eq(str(pci, "address"), "0000:04:00.0");
	cr_assert_str_eq(str(pci, "vendor"), "0x15b3");
	cr_assert_str_eq(str(pci, "device"), "0x1007");
	cr_assert_str_eq(str(pci, "driver"), "mlx4_core");
	cr_assert_str_eq(str(pci, "function"), "pf");
	cr_assert_eq(num(pci, "sriov_numvfs"), 4);
	cr_assert_eq(num(pci, "sriov_totalvfs"), 8);
	cr_assert_str_eq(str(pci, "evidence"), "sriov_numvfs");
	cr_assert_eq(num(d, "max_inline_data"), 400);
	cr_assert_str_eq(str(d, "probed_name"), "mlx4_0");

	json_object *ports = get(d, "ports");
	cr_assert_eq(json_object_array_length(ports), 2);
	json_object *p1 = json_object_array_get_idx(ports, 0),
		    *p2 = json_object_array_get_idx(ports, 1);
	cr_assert_eq(num(p1, "port"), 1);
	cr_assert_str_eq(str(p1, "state"), "ACTIVE");
	cr_assert_str_eq(str(p1, "phys_state"), "LinkUp");
	cr_assert_str_eq(str(p1, "link_layer"), "InfiniBand");
	cr_assert_str_eq(str(p1, "rate"), "56 Gb/sec (4X FDR)");
	cr_assert_float_eq(json_object_get_double(get(p1, "rate_gbps")), 56.0, 1e-12);
	cr_assert_str_eq(str(p1, "active_width"), "4X");
	cr_assert_str_eq(str(p1, "active_speed"), "FDR");
	cr_assert_eq(num(p1, "lid"), 3);
	cr_assert_str_eq(str(p1, "netdev"), "ib0", "IPoIB by dev_port 0");
	cr_assert_eq(num(p2, "port"), 2);
	cr_assert_str_eq(str(p2, "state"), "DOWN");
	cr_assert_str_eq(str(p2, "phys_state"), "Disabled");
	cr_assert_str_eq(str(p2, "link_layer"), "Ethernet");
	cr_assert_str_eq(str(p2, "active_speed"), "QDR");
	cr_assert_eq(num(p2, "lid"), 0);
	cr_assert_str_eq(str(p2, "netdev"), "eth2", "RoCE by the GID table");
	json_object *nd = get(d, "netdevs");
	cr_assert_eq(json_object_array_length(nd), 2);
	cr_assert_str_eq(json_object_get_string(json_object_array_get_idx(nd, 0)), "eth2");
	cr_assert_str_eq(json_object_get_string(json_object_array_get_idx(nd, 1)), "ib0");
	json_object_put(r);
}

Test(rdma_fp, pf_host_network_is_what_rdma_uses)
{
	json_object *n = rdma_fp_network(PF_ROOT, &fakes);
	cr_assert_str_eq(str(n, "selection"), "rdma");
	json_object *ifs = get(n, "interfaces");
	/* eno1 (igb) and lo are not behind an RDMA device. */
	cr_assert_eq(json_object_object_length(ifs), 2, "%s", json_object_to_json_string(ifs));
	json_object *ib0 = get(ifs, "ib0"), *eth2 = get(ifs, "eth2");
	cr_assert_str_eq(str(ib0, "rdma_device"), "mlx4_0");
	cr_assert_str_eq(str(ib0, "driver"), "mlx4_core");
	cr_assert_str_eq(str(ib0, "operstate"), "up");
	cr_assert_str_eq(
		json_object_to_json_string_ext(get(ib0, "coalescing"), JSON_C_TO_STRING_PLAIN),
		"{\"rx_frames\":16,\"rx_usecs\":10,\"adaptive_rx\":false,\"tx_frames\":0,"
		"\"tx_usecs\":0,\"adaptive_tx\":false}");
	cr_assert_str_eq(str(eth2, "operstate"), "down");
	cr_assert_str_eq(str(get(eth2, "coalescing"), "error"),
			 "eth2: ETHTOOL_GCOALESCE failed: Resource temporarily unavailable");
	/* Sorted by name. */
	json_object_object_foreach(ifs, k, v)
	{
		(void)v;
		cr_assert_str_eq(k, "eth2");
		break;
	}
	json_object_put(n);
}

Test(rdma_fp, guest_with_a_passed_through_vf)
{
	json_object *r = rdma_fp_devices(GUEST_ROOT, &fakes);
	json_object *d = json_object_array_get_idx(get(r, "devices"), 0);
	cr_assert_str_eq(str(d, "name"), "mlx4_0");
	json_object *pci = get(d, "pci");
	cr_assert_str_eq(str(pci, "function"), "vf");
	cr_assert_str_eq(str(pci, "evidence"), "pci id 15b3:1004");
	cr_assert_str_eq(str(pci, "address"), "0000:00:05.0");
	cr_assert_eq(num(d, "max_inline_data"), 0);
	json_object_put(r);

	json_object *n = rdma_fp_network(GUEST_ROOT, &fakes);
	json_object *ifs = get(n, "interfaces");
	cr_assert_eq(json_object_object_length(ifs), 1, "eth0 (virtio) is not behind RDMA");
	cr_assert_str_eq(str(get(ifs, "ib0"), "rdma_device"), "mlx4_0");
	json_object_put(n);
}

Test(rdma_fp, host_with_pf_and_vf_roce)
{
	json_object *r = rdma_fp_devices(HOST_ROOT, &fakes);
	json_object *devs = get(r, "devices");
	cr_assert_eq(json_object_array_length(devs), 2);
	json_object *pf = json_object_array_get_idx(devs, 0),
		    *vf = json_object_array_get_idx(devs, 1);
	cr_assert_str_eq(str(pf, "name"), "mlx5_0");
	cr_assert_str_eq(str(get(pf, "pci"), "function"), "pf");
	cr_assert_eq(num(get(pf, "pci"), "sriov_numvfs"), 2);
	cr_assert_str_eq(str(vf, "name"), "mlx5_2");
	json_object *pci = get(vf, "pci");
	cr_assert_str_eq(str(pci, "function"), "vf");
	cr_assert_str_eq(str(pci, "physfn"), "0000:3b:00.0");
	cr_assert_str_eq(str(pci, "evidence"), "physfn");
	cr_assert_str_eq(str(vf, "fw_ver"), "16.35.2000 (MT_0000000008)");
	json_object *p = json_object_array_get_idx(get(vf, "ports"), 0);
	cr_assert_str_eq(str(p, "link_layer"), "Ethernet");
	cr_assert_str_eq(str(p, "active_width"), "1X");
	cr_assert_str_eq(str(p, "active_speed"), "EDR");
	cr_assert_float_eq(json_object_get_double(get(p, "rate_gbps")), 25.0, 1e-12);
	cr_assert_str_eq(str(p, "netdev"), "enp59s0f0v0");
	json_object_put(r);

	json_object *n = rdma_fp_network(HOST_ROOT, &fakes);
	json_object *ifs = get(n, "interfaces");
	cr_assert_eq(json_object_object_length(ifs), 2);
	json_object *v0 = get(ifs, "enp59s0f0v0");
	cr_assert_str_eq(str(v0, "rdma_device"), "mlx5_2");
	cr_assert_eq(json_object_get_boolean(get(get(v0, "coalescing"), "adaptive_rx")), 1);
	cr_assert_eq(num(get(v0, "coalescing"), "rx_frames"), 128);
	cr_assert_str_eq(str(get(ifs, "enp59s0f0np0"), "rdma_device"), "mlx5_0");
	json_object_put(n);
}

Test(rdma_fp, roce_gid_choice)
{
	/* RoCE v2 with an IPv4-mapped GID first, then any RoCE v2, then any non-zero. */
	cr_assert_eq(rdma_fp_pick_gid(HOST_ROOT, "mlx5_2", 1), 3);
	cr_assert_eq(rdma_fp_pick_gid(HOST_ROOT, "mlx5_0", 1), 1);
	cr_assert_eq(rdma_fp_pick_gid(PF_ROOT, "mlx4_0", 2), 3);
	cr_assert_eq(rdma_fp_pick_gid(PF_ROOT, "mlx4_0", 1), 0, "IB: no types, first non-zero");
	cr_assert_eq(rdma_fp_pick_gid(PF_ROOT, "mlx4_0", 3), -1, "no such port");
	cr_assert_eq(rdma_fp_pick_gid(PF_ROOT, "mlx9_9", 1), -1, "no such device");
}

Test(rdma_fp, captured_trees_through_fp_node)
{
	/* fp_node carries the adapter part; a captured tree is neither probed nor ioctl'd. */
	json_object *node = fp_node(GUEST_ROOT);
	json_object *rdma = get(node, "rdma"), *net = get(node, "network");
	cr_assert_str_eq(str(rdma, "probe"), "none (captured tree)");
	json_object *d = json_object_array_get_idx(get(rdma, "devices"), 0);
	cr_assert_null(get(d, "max_inline_data"));
	cr_assert_null(get(get(get(net, "interfaces"), "ib0"), "coalescing"));
	json_object_put(node);
}

Test(rdma_fp, missing_tree_gives_empty_lists)
{
	json_object *r = rdma_fp_devices(TEST_DATA_DIR "/does-not-exist", &fakes);
	cr_assert_eq(json_object_array_length(get(r, "devices")), 0);
	json_object_put(r);
	json_object *n = rdma_fp_network(TEST_DATA_DIR "/does-not-exist", &fakes);
	cr_assert_str_eq(str(n, "selection"), "hardware");
	cr_assert_eq(json_object_object_length(get(n, "interfaces")), 0);
	json_object_put(n);
}

Test(rdma_fp, sysfs_value_parsing)
{
	double g;
	char w[16], s[16];
	cr_assert_eq(rdma_fp_parse_rate("56 Gb/sec (4X FDR)", &g, w, sizeof w, s, sizeof s), 0);
	cr_assert_float_eq(g, 56.0, 1e-12);
	cr_assert_str_eq(w, "4X");
	cr_assert_str_eq(s, "FDR");
	cr_assert_eq(rdma_fp_parse_rate("10 Gb/sec (4X)", &g, w, sizeof w, s, sizeof s), 0);
	cr_assert_str_eq(s, "SDR", "the kernel prints no name for SDR");
	cr_assert_eq(rdma_fp_parse_rate("2.5 Gb/sec (1X)", &g, w, sizeof w, s, sizeof s), 0);
	cr_assert_float_eq(g, 2.5, 1e-12);
	cr_assert_eq(rdma_fp_parse_rate("200 Gb/sec (2X NDR)", &g, w, sizeof w, s, sizeof s), 0);
	cr_assert_str_eq(w, "2X");
	cr_assert_str_eq(s, "NDR");
	cr_assert_eq(rdma_fp_parse_rate("fast", &g, w, sizeof w, s, sizeof s), -1);
	cr_assert_eq(rdma_fp_parse_rate("56 Mb/sec (4X FDR)", &g, w, sizeof w, s, sizeof s), -1);
	cr_assert_eq(rdma_fp_parse_rate("56 Gb/sec (4X FDR", &g, w, sizeof w, s, sizeof s), -1);
	cr_assert_eq(rdma_fp_parse_rate("56 Gb/sec (four)", &g, w, sizeof w, s, sizeof s), -1);

	cr_assert_str_eq(rdma_fp_state_name("4: ACTIVE"), "ACTIVE");
	cr_assert_str_eq(rdma_fp_state_name("5: LinkUp"), "LinkUp");
	cr_assert_str_eq(rdma_fp_state_name("ACTIVE"), "ACTIVE");
	cr_assert_str_eq(rdma_fp_state_name(""), "");
	cr_assert_eq(rdma_fp_state_num("4: ACTIVE"), 4);
	cr_assert_eq(rdma_fp_state_num("ACTIVE"), -1);

	cr_assert(rdma_fp_is_vf_id(0x15b3, 0x1004));
	cr_assert(rdma_fp_is_vf_id(0x15b3, 0x101e));
	cr_assert(!rdma_fp_is_vf_id(0x15b3, 0x1003), "ConnectX-3 PF");
	cr_assert(!rdma_fp_is_vf_id(0x8086, 0x1004), "another vendor");
}

/* Whether /sys/class/net/NAME has a device (the selection rule without RDMA). */
static int has_device(const char *name)
{
	char p[512];
	struct stat st;
	snprintf(p, sizeof p, "/sys/class/net/%s/device", name);
	return lstat(p, &st) == 0;
}

Test(rdma_fp, this_machine)
{
	json_object *node = fp_node(NULL);
	json_object *rdma = get(node, "rdma"), *net = get(node, "network");
	struct stat st;
	if (stat("/sys/class/infiniband", &st) != 0) {
		/* This machine: no RDMA device, so interfaces backed by a device. */
		cr_assert_eq(json_object_array_length(get(rdma, "devices")), 0);
		cr_assert_str_eq(str(net, "selection"), "hardware");
		json_object *ifs = get(net, "interfaces");
		DIR *d = opendir("/sys/class/net");
		cr_assert_not_null(d);
		int want = 0;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.' || !has_device(e->d_name)) {
				cr_assert(!json_object_object_get_ex(ifs, e->d_name, NULL),
					  "%s has no device but is recorded", e->d_name);
				continue;
			}
			want++;
			coal_settings s;
			json_object *c = get(get(ifs, e->d_name), "coalescing");
			if (coal_get(e->d_name, &s, NULL) == 0) {
				json_object *x = coal_to_json(&s);
				cr_assert_str_eq(json_object_to_json_string(c),
						 json_object_to_json_string(x));
				json_object_put(x);
			}
		}
		closedir(d);
		cr_assert_eq(json_object_object_length(ifs), want);
		cr_assert(!json_object_object_get_ex(ifs, "lo", NULL), "loopback is left out");
	}
#ifdef HAVE_VERBS
	cr_assert_str_eq(str(rdma, "probe"), "libibverbs");
#else
	cr_assert_str_eq(str(rdma, "probe"), "none (built without libibverbs)");
#endif
	json_object_put(node);
}
