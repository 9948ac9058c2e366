/* SPDX-License-Identifier: BSD-3-Clause */
/* fingerprint.h: where a trial ran. Per node: hostname, kernel, CPU model,
 * SMT and frequency governor, virtualization; per run: MPI-steering
 * environment variables. Everything is read from files under a root prefix
 * ("" for this machine) so that captured trees under tests/data exercise the
 * same code. No MPI here: harness.c gathers the nodes' objects. */
#ifndef SRIOVSTAT_FINGERPRINT_H
#define SRIOVSTAT_FINGERPRINT_H

#include <sched.h>
#include <stddef.h>

#include <json-c/json.h>

/* Facts about this node read under root (NULL or "" = the real system). */
json_object *fp_node(const char *root);

/* The environment variables that steer MPI progress and transports
 * (MPIR_CVAR_*, MPICH_*, UCX_*, MV2_*, OMPI_MCA_*, PMIX_MCA_*, I_MPI_*, FI_*,
 * HCOLL_*, PSM2_*, NCCL_IB_*) from envp, as an object sorted by name. */
json_object *fp_env(char **envp);

/* A CPU set as a compact list: "0-3,8,10-11". Returns buf. */
char *fp_cpulist(const cpu_set_t *set, char *buf, size_t len);

/* The "model name" of the first processor in /proc/cpuinfo text into out.
 * Returns 0, or -1 when absent (out is then "unknown"). */
int fp_parse_cpu_model(const char *cpuinfo, char *out, size_t len);

#endif
