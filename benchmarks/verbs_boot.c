/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_boot.c: the queue pair's bootstrap and reporting shared by verbs_lat
 * and verbs_bw (verbs_boot.h). */
#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bjson.h"
#include "rdma_fp.h"
#include "verbs_boot.h"

static int my_rank;
static char my_host[256];
static const char *my_prog = "verbs";

void verbs_boot_init(const char *prog)
{
	my_prog = prog;
	MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
	if (gethostname(my_host, sizeof my_host) != 0)
		snprintf(my_host, sizeof my_host, "unknown");
	my_host[sizeof my_host - 1] = '\0';
}

const char *verbs_boot_host(void)
{
	return my_host;
}

const char *verbs_sample_name(const verbs_opts *vo)
{
	if (vo->bw)
		return "completion interval";
	return verbs_test_is_pingpong(vo->test) ? "half round trip" : "whole operation";
}

/* After a step every rank took: 0 when all succeeded. Otherwise the lowest
 * failing rank prints its message, and every rank gets the largest status. */
int verbs_agree(int status, const char *msg)
{
	int worst = 0, first = INT_MAX, mine = status ? my_rank : INT_MAX;
	MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	if (!worst)
		return 0;
	MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
	if (my_rank == first) {
		if (my_rank == 0)
			fprintf(stderr, "%s: error: %s\n", my_prog, msg);
		else
			fprintf(stderr, "%s: error: %s (rank %d on %s)\n", my_prog, msg, my_rank,
				my_host);
		fflush(stderr);
	}
	return worst;
}

/* A JSON GID string. */
static json_object *gid_json(const uint8_t *gid)
{
	char g[48];
	verbs_gid_str(gid, g, sizeof g);
	return bj_string(g);
}

/* The "verbs" object of the trial. */
json_object *verbs_meta(const verbs_rc *r, const verbs_opts *vo, const verbs_xchg *rem)
{
	json_object *v = bj_object();
	json_object_object_add(v, "test", bj_string(verbs_test_name(vo->test)));
	json_object_object_add(v, "opcode", bj_string(verbs_rc_opcode_name(vo)));
	json_object_object_add(v, "mode", bj_string(verbs_mode_name(vo->mode)));
	json_object_object_add(v, "sample", bj_string(verbs_sample_name(vo)));
	json_object_object_add(v, "device", bj_string(r->devname));
	json_object_object_add(v, "port", bj_int(r->port));
	json_object_object_add(
		v, "link_layer",
		bj_string(r->local.link_layer == VERBS_LL_ETHERNET ? "Ethernet" : "InfiniBand"));
	json_object_object_add(
		v, "mtu",
		bj_int(verbs_mtu_bytes(rem->mtu < r->local.mtu ? rem->mtu : r->local.mtu)));
	json_object_object_add(v, "max_msg_sz", bj_int64(r->port_attr.max_msg_sz));
	json_object_object_add(v, "grh", bj_boolean(r->use_grh));
	json_object_object_add(v, "gid_index", r->gid_index >= 0 ? bj_int(r->gid_index) : NULL);
	json_object *in = bj_object();
	json_object_object_add(in, "requested", bj_int(r->inline_request));
	json_object_object_add(in, "granted", bj_int64(r->inline_granted));
	json_object_object_add(in, "device_max",
			       verbs_test_is_pingpong(vo->test) ? bj_int64(r->inline_probed)
								: NULL);
	json_object_object_add(in, "given", bj_boolean(vo->inline_given));
	json_object_object_add(v, "inline", in);
	json_object_object_add(v, "tx_depth", bj_int(vo->tx_depth));
	json_object_object_add(v, "rx_depth", r->needs_recv ? bj_int(vo->rx_depth) : NULL);
	json_object_object_add(v, "srq", bj_boolean(vo->srq));
	json_object_object_add(v, "srq_limit", vo->srq_limit ? bj_int(vo->srq_limit) : NULL);
	json_object *l = bj_object(), *p = bj_object();
	json_object_object_add(l, "lid", bj_int(r->local.lid));
	json_object_object_add(l, "qpn", bj_int64(r->local.qpn));
	json_object_object_add(l, "psn", bj_int64(r->local.psn));
	json_object_object_add(l, "gid", gid_json(r->local.gid));
	json_object_object_add(p, "lid", bj_int(rem->lid));
	json_object_object_add(p, "qpn", bj_int64(rem->qpn));
	json_object_object_add(p, "psn", bj_int64(rem->psn));
	json_object_object_add(p, "gid", gid_json(rem->gid));
	json_object_object_add(v, "local", l);
	json_object_object_add(v, "remote", p);
	return v;
}

/* The "#" lines about the connection. */
void verbs_print_connection(const verbs_rc *r, const verbs_opts *vo, const verbs_xchg *rem)
{
	char line[256], fw[64] = "";
	char path[1024];
	snprintf(path, sizeof path, "%s/sys/class/infiniband/%s/fw_ver", rdma_fp_sysfs_root(),
		 r->devname);
	FILE *f = fopen(path, "r");
	if (f) {
		if (fgets(fw, sizeof fw, f))
			fw[strcspn(fw, "\n")] = '\0';
		fclose(f);
	}
	printf("# device: %s port %d, %s, MTU %d, firmware %s\n", r->devname, r->port,
	       r->local.link_layer == VERBS_LL_ETHERNET ? "Ethernet (RoCE)" : "InfiniBand",
	       verbs_mtu_bytes(rem->mtu < r->local.mtu ? rem->mtu : r->local.mtu),
	       fw[0] ? fw : "unknown");
	printf("# test: %s (%s), mode %s, samples: %s\n", verbs_test_name(vo->test),
	       verbs_rc_opcode_name(vo), verbs_mode_name(vo->mode), verbs_sample_name(vo));
	if (verbs_test_is_pingpong(vo->test))
		printf("# inline: %d bytes requested, %u granted (device maximum %u)\n",
		       r->inline_request, r->inline_granted, r->inline_probed);
	verbs_xchg_str(&r->local, line, sizeof line);
	printf("# local:  %s\n", line);
	verbs_xchg_str(rem, line, sizeof line);
	printf("# remote: %s\n", line);
	fflush(stdout);
}

/* The exit status for a verbs_rc code: 2 for ST_EUSAGE, 1 for another failure. */
static int exit_status(int rc)
{
	return rc == 0 ? 0 : rc == ST_EUSAGE ? 2 : 1;
}

/* Set up the QP on both ranks; 0 or the exit status (already reported). */
int verbs_bootstrap(verbs_rc *r, const verbs_opts *vo, uint64_t max_size, verbs_xchg *rem)
{
	st_err err = {0};
	int st = exit_status(verbs_rc_open(r, vo, max_size, &err));
	if ((st = verbs_agree(st, err.msg)) != 0)
		return st;
	unsigned char mine[VERBS_XCHG_LEN], theirs[VERBS_XCHG_LEN];
	verbs_xchg_pack(&r->local, mine);
	int peer = 1 - my_rank;
	MPI_Sendrecv(mine, VERBS_XCHG_LEN, MPI_BYTE, peer, 7, theirs, VERBS_XCHG_LEN, MPI_BYTE,
		     peer, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	if (verbs_xchg_unpack(theirs, sizeof theirs, rem, &err) < 0)
		st = 1;
	else
		st = exit_status(verbs_rc_connect(r, rem, &err));
	return verbs_agree(st, err.msg);
}

/* Release the QP and its resources; 0 or 1 (reported). */
int verbs_shutdown(verbs_rc *r)
{
	st_err err;
	if (verbs_rc_close(r, &err) == 0)
		return 0;
	fprintf(stderr, "%s: error: %s (rank %d)\n", my_prog, err.msg, my_rank);
	return 1;
}

void verbs_fail_job(verbs_rc *r, const char *msg)
{
	fprintf(stderr, "%s: error: %s (rank %d on %s)\n", my_prog, msg, my_rank, my_host);
	fflush(stderr);
	verbs_shutdown(r);
	/* MPI_Abort makes the launcher kill every rank; hydra then drops what
	 * its proxies had not yet read from the ranks' pipes (seen under load:
	 * the job exited 1 with nothing on stderr). A pause lets it forward. */
	struct timespec pause = {0, 300000000L};
	nanosleep(&pause, NULL);
	MPI_Abort(MPI_COMM_WORLD, 1);
	exit(1); /* not reached */
}

/* verbs_start after MPI_Init: BENCH_RUN or the exit status. */
static int verbs_begin(verbs_session *s, bench_ctx *c, int argc, char **argv,
		       void (*init)(bench_prog *, verbs_opts *))
{
	int nranks;
	MPI_Comm_size(MPI_COMM_WORLD, &nranks);
	memset(s, 0, sizeof *s);
	s->r.stop_fd = -1;
	/* Parse quietly to open the device before any output; bench_begin
	 * parses again (to the same values: the queue pair keeps pointing at
	 * s->vo) and reports option and rank-count errors. */
	bench_opts o;
	st_err err;
	init(&s->prog, &s->vo);
	int pr = bench_opts_parse(argc, argv, &s->prog, &o, &err);
	if (pr == BENCH_PARSE_OK && nranks == 2) {
		int st = verbs_bootstrap(&s->r, &s->vo, o.max_size, &s->rem);
		if (st) {
			verbs_rc_close(&s->r, &err);
			return st;
		}
	}
	int status = bench_begin(c, argc, argv, &s->prog);
	if (status != BENCH_RUN)
		return status | verbs_shutdown(&s->r);
	bench_set_op(c, verbs_test_name(s->vo.test));
	bench_meta_add(c, NULL, "verbs", c->rank == 0 ? verbs_meta(&s->r, &s->vo, &s->rem) : NULL);
	if (c->rank == 0)
		verbs_print_connection(&s->r, &s->vo, &s->rem);
	s->stamps = bench_samples_alloc(c, 1);
	s->samples = bench_samples_alloc(c, 0);
	if (!bench_all_allocated(c, s->stamps && s->samples, "out of memory for %llu iterations",
				 (unsigned long long)bench_iterations_largest(&c->opts))) {
		free(s->stamps), free(s->samples);
		verbs_shutdown(&s->r);
		bench_end(c);
		return 1;
	}
	return BENCH_RUN;
}

int verbs_start(verbs_session *s, bench_ctx *c, int *argc, char ***argv, const char *name,
		void (*init)(bench_prog *, verbs_opts *))
{
	MPI_Init(argc, argv);
	verbs_boot_init(name);
	int status = verbs_begin(s, c, *argc, *argv, init);
	if (status != BENCH_RUN)
		MPI_Finalize();
	return status;
}

int verbs_end(verbs_session *s, bench_ctx *c)
{
	free(s->stamps);
	free(s->samples);
	s->stamps = s->samples = NULL;
	if (verbs_shutdown(&s->r))
		c->failed = 1;
	return bench_finish(c);
}
