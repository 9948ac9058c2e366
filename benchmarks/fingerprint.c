/* SPDX-License-Identifier: BSD-3-Clause */
/* fingerprint.c: facts about the machine a trial ran on. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "bjson.h"
#include "fingerprint.h"
#include "rdma_fp.h"
#include "sysfs.h"

/* "model name : X" of the first processor. */
int fp_parse_cpu_model(const char *cpuinfo, char *out, size_t len)
{
	snprintf(out, len, "unknown");
	if (!cpuinfo)
		return -1;
	static const char *const keys[] = {"model name", "Model", "cpu model", "uarch", NULL};
	for (const char *const *k = keys; *k; k++) {
		size_t kl = strlen(*k);
		for (const char *line = cpuinfo; line && *line;) {
			const char *nl = strchr(line, '\n');
			if (strncmp(line, *k, kl) == 0 &&
			    (line[kl] == '\t' || line[kl] == ' ' || line[kl] == ':')) {
				const char *colon = strchr(line, ':');
				if (colon && (!nl || colon < nl)) {
					const char *v = colon + 1;
					while (*v == ' ' || *v == '\t')
						v++;
					size_t vl = (size_t)((nl ? nl : v + strlen(v)) - v);
					while (vl > 0 && isspace((unsigned char)v[vl - 1]))
						vl--;
					snprintf(out, len, "%.*s", (int)vl, v);
					return 0;
				}
			}
			line = nl ? nl + 1 : NULL;
		}
	}
	return -1;
}

/* Count "processor" lines. */
static int count_processors(const char *cpuinfo)
{
	int n = 0;
	for (const char *line = cpuinfo; line && *line;) {
		if (strncmp(line, "processor", 9) == 0 &&
		    (line[9] == '\t' || line[9] == ' ' || line[9] == ':'))
			n++;
		const char *nl = strchr(line, '\n');
		line = nl ? nl + 1 : NULL;
	}
	return n;
}

/* Compact CPU list of a set. */
char *fp_cpulist(const cpu_set_t *set, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, set))
			continue;
		int e = c;
		while (e + 1 < CPU_SETSIZE && CPU_ISSET(e + 1, set))
			e++;
		int w = e > c ? snprintf(buf + used, len - used, "%s%d-%d", used ? "," : "", c, e)
			      : snprintf(buf + used, len - used, "%s%d", used ? "," : "", c);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
		c = e;
	}
	return buf;
}

/* Add a string member, or null when the value is empty. */
static void add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, v && *v ? bj_string(v) : NULL);
}

/* Virtualization evidence: CPUID hypervisor bit and vendor, /sys/hypervisor, DMI. */
static json_object *fp_virt(const char *root)
{
	json_object *v = bj_object();
	char buf[256];
	int real = !root || !*root;
	if (real) {
#if defined(__x86_64__) || defined(__i386__)
		unsigned a, b, c, d;
		int bit = 0;
		if (__get_cpuid(1, &a, &b, &c, &d))
			bit = (c >> 31) & 1;
		json_object_object_add(v, "cpuid_hypervisor", bj_boolean(bit));
		if (bit) {
			__cpuid(0x40000000, a, b, c, d);
			char vendor[13];
			memcpy(vendor, &b, 4);
			memcpy(vendor + 4, &c, 4);
			memcpy(vendor + 8, &d, 4);
			vendor[12] = '\0';
			add_str(v, "hypervisor_vendor", vendor);
		}
#endif
	}
	sys_read_line(root, "/sys/hypervisor/type", buf, sizeof buf);
	add_str(v, "sys_hypervisor", buf);
	sys_read_line(root, "/sys/class/dmi/id/sys_vendor", buf, sizeof buf);
	add_str(v, "dmi_vendor", buf);
	sys_read_line(root, "/sys/class/dmi/id/product_name", buf, sizeof buf);
	add_str(v, "dmi_product", buf);
	return v;
}

/* Facts about one node. */
json_object *fp_node(const char *root)
{
	json_object *n = bj_object();
	char buf[512];
	int real = !root || !*root;

	if (real) {
		if (gethostname(buf, sizeof buf) != 0)
			buf[0] = '\0';
		buf[sizeof buf - 1] = '\0';
	} else {
		sys_read_line(root, "/proc/sys/kernel/hostname", buf, sizeof buf);
	}
	add_str(n, "hostname", buf);

	json_object *k = bj_object();
	sys_read_line(root, "/proc/sys/kernel/osrelease", buf, sizeof buf);
	add_str(k, "release", buf);
	sys_read_line(root, "/proc/sys/kernel/version", buf, sizeof buf);
	add_str(k, "version", buf);
	json_object_object_add(n, "kernel", k);

	json_object *c = bj_object();
	char *cpuinfo = sys_read_small(root, "/proc/cpuinfo");
	fp_parse_cpu_model(cpuinfo, buf, sizeof buf);
	add_str(c, "model", buf);
	json_object_object_add(c, "logical_cpus", bj_int(count_processors(cpuinfo)));
	free(cpuinfo);
	if (sys_read_line(root, "/sys/devices/system/cpu/smt/active", buf, sizeof buf) == 0)
		add_str(c, "smt", strcmp(buf, "1") == 0 ? "on" : "off");
	else
		add_str(c, "smt", "unknown");
	if (sys_read_line(root, "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf,
			  sizeof buf) == 0)
		add_str(c, "governor", buf);
	else
		add_str(c, "governor", "unavailable");
	json_object_object_add(n, "cpu", c);

	json_object_object_add(n, "virtualization", fp_virt(root));
	rdma_fp_add(n, root); /* RDMA devices and network interfaces (rdma_fp.h) */
	return n;
}

static const char *const env_prefixes[] = {
	"MPIR_CVAR_", "MPICH_", "UCX_",  "MV2_",     "OMPI_MCA_",  "PMIX_MCA_", "I_MPI_",
	"FI_",        "HCOLL_", "PSM2_", "NCCL_IB_", "SRIOVSTAT_", NULL,
};

/* Compare two environment strings by name for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* MPI-steering variables from envp. */
json_object *fp_env(char **envp)
{
	json_object *o = bj_object();
	size_t n = 0;
	for (char **e = envp; e && *e; e++)
		n++;
	const char **sel = calloc(n ? n : 1, sizeof *sel);
	size_t m = 0;
	for (char **e = envp; sel && e && *e; e++) {
		/* The sweep's bookkeeping goes to the trial's "sweep" entry. */
		if (strncmp(*e, "SRIOVSTAT_SWEEP_", 16) == 0)
			continue;
		for (const char *const *p = env_prefixes; *p; p++)
			if (strncmp(*e, *p, strlen(*p)) == 0 && strchr(*e, '=')) {
				sel[m++] = *e;
				break;
			}
	}
	if (sel)
		qsort(sel, m, sizeof *sel, cmp_str);
	for (size_t i = 0; i < m; i++) {
		const char *eq = strchr(sel[i], '=');
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(eq - sel[i]), sel[i]);
		json_object_object_add(o, name, bj_string(eq + 1));
	}
	free(sel);
	return o;
}
