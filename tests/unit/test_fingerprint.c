/* SPDX-License-Identifier: BSD-3-Clause */
/* test_fingerprint.c: fingerprint parsing from captured /proc and /sys trees. */
#include <criterion/criterion.h>
#include <string.h>

#include "fingerprint.h"

#define FP_ROOT TEST_DATA_DIR "/fp/kvm-guest"

/* The string member k of o, or NULL. */
static const char *str(json_object *o, const char *k)
{
	json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

Test(fingerprint, captured_kvm_guest)
{
	json_object *n = fp_node(FP_ROOT), *k, *c, *v, *x;
	cr_assert_str_eq(str(n, "hostname"), "vm-node07");
	cr_assert(json_object_object_get_ex(n, "kernel", &k));
	cr_assert_str_eq(str(k, "release"), "6.1.0-26-amd64");
	cr_assert(json_object_object_get_ex(n, "cpu", &c));
	cr_assert_str_eq(str(c, "model"), "Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz");
	cr_assert(json_object_object_get_ex(c, "logical_cpus", &x));
	cr_assert_eq(json_object_get_int(x), 2);
	cr_assert_str_eq(str(c, "smt"), "off");
	cr_assert_str_eq(str(c, "governor"), "performance");
	cr_assert(json_object_object_get_ex(n, "virtualization", &v));
	cr_assert_str_eq(str(v, "dmi_vendor"), "QEMU");
	cr_assert_str_eq(str(v, "dmi_product"), "Standard PC (Q35 + ICH9, 2009)");
	cr_assert_null(str(v, "sys_hypervisor"), "absent file must give null");
	json_object_put(n);
}

Test(fingerprint, missing_tree_gives_unknowns_not_crashes)
{
	json_object *n = fp_node(TEST_DATA_DIR "/fp/does-not-exist"), *c;
	cr_assert(json_object_object_get_ex(n, "cpu", &c));
	cr_assert_str_eq(str(c, "model"), "unknown");
	cr_assert_str_eq(str(c, "smt"), "unknown");
	cr_assert_str_eq(str(c, "governor"), "unavailable");
	json_object_put(n);
}

Test(fingerprint, cpu_model_variants)
{
	char out[128];
	cr_assert_eq(fp_parse_cpu_model("processor : 0\nmodel name\t: AMD EPYC 7763  \n", out,
					sizeof out),
		     0);
	cr_assert_str_eq(out, "AMD EPYC 7763");
	/* ARM kernels have no "model name" line on some systems, but "Model". */
	cr_assert_eq(
		fp_parse_cpu_model("processor\t: 0\nBogoMIPS\t: 50.00\n\nModel\t: Raspberry Pi 4\n",
				   out, sizeof out),
		0);
	cr_assert_str_eq(out, "Raspberry Pi 4");
	cr_assert_eq(fp_parse_cpu_model("processor : 0\n", out, sizeof out), -1);
	cr_assert_str_eq(out, "unknown");
	cr_assert_eq(fp_parse_cpu_model(NULL, out, sizeof out), -1);
}

Test(fingerprint, cpu_lists)
{
	cpu_set_t s;
	char b[64];
	CPU_ZERO(&s);
	cr_assert_str_eq(fp_cpulist(&s, b, sizeof b), "");
	for (int c = 0; c <= 3; c++)
		CPU_SET(c, &s);
	CPU_SET(8, &s);
	CPU_SET(10, &s);
	CPU_SET(11, &s);
	cr_assert_str_eq(fp_cpulist(&s, b, sizeof b), "0-3,8,10-11");
}

Test(fingerprint, environment_filtered_and_sorted)
{
	char *env[] = {"PATH=/bin",
		       "UCX_TLS=sm,self",
		       "MPIR_CVAR_ASYNC_PROGRESS=1",
		       "HOME=/root",
		       "OMPI_MCA_btl=^openib",
		       "MV2_USE_BLOCKING=1",
		       "I_MPI_FABRICS=shm:ofi",
		       "UCXNOT=1",
		       NULL};
	json_object *o = fp_env(env);
	cr_assert_eq(json_object_object_length(o), 5);
	cr_assert_str_eq(str(o, "UCX_TLS"), "sm,self");
	cr_assert_str_eq(str(o, "MV2_USE_BLOCKING"), "1");
	cr_assert_null(str(o, "PATH"));
	cr_assert_null(str(o, "UCXNOT"));
	/* Sorted by name in the serialized object. */
	const char *txt = json_object_to_json_string(o);
	cr_assert_lt(strstr(txt, "I_MPI_FABRICS"), strstr(txt, "UCX_TLS"));
	json_object_put(o);
}

Test(fingerprint, this_machine_has_the_fields)
{
	json_object *n = fp_node(NULL), *v, *c;
	cr_assert_not_null(str(n, "hostname"));
	cr_assert(json_object_object_get_ex(n, "virtualization", &v));
	cr_assert(json_object_object_get_ex(n, "cpu", &c));
	cr_assert_not_null(str(c, "model"));
	json_object_put(n);
}
