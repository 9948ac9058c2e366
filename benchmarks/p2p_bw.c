/* SPDX-License-Identifier: BSD-3-Clause */
/* p2p_bw: MPI bandwidth, OSU's method (osu_bw, osu_bibw; osu_mbw_mr with
 * several pairs), every window kept. A window is -W non-blocking sends of one
 * size (bw: one way, then a short acknowledgement back; bibw: both ways at
 * once); the sample of a window is its time on the pair's first rank, and the
 * bandwidth printed is OSU's: all bytes over all the windows' time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_mem.h"
#include "bjson.h"
#include "harness.h"

enum bw_mode { MODE_BW, MODE_BIBW };

typedef struct bw_conf {
	enum bw_mode mode;
	int window;
	int pairs;
} bw_conf;

enum { OPT_MODE = 2000, OPT_PAIRS };
#define BW_MAX_WINDOW 65536
/* Tags: data one way, data the other way, the acknowledgement. */
enum { TAG_DATA = 100, TAG_BACK = 10, TAG_ACK = 101 };

static const struct option bw_options[] = {
	{"mode", required_argument, NULL, OPT_MODE},
	{"window-size", required_argument, NULL, 'W'},
	{"pairs", required_argument, NULL, OPT_PAIRS},
	{0, 0, 0, 0},
};

/* Parse a count between 1 and max for option opt. */
static int parse_int_opt(const char *opt, const char *arg, int max, int *v, st_err *err)
{
	uint64_t x;
	if (bench_parse_count(opt, arg, 1, (uint64_t)max, &x, err) < 0)
		return ST_EUSAGE;
	*v = (int)x;
	return 0;
}

/* Handle --mode, -W and --pairs. */
static int bw_handle(void *ctx, int opt, const char *arg, st_err *err)
{
	bw_conf *bc = ctx;
	switch (opt) {
	case OPT_MODE:
		if (strcmp(arg, "bw") == 0)
			bc->mode = MODE_BW;
		else if (strcmp(arg, "bibw") == 0)
			bc->mode = MODE_BIBW;
		else {
			return st_seterr(err, ST_EUSAGE, "--mode %s: expected bw or bibw", arg);
		}
		return 0;
	case 'W': return parse_int_opt("-W", arg, BW_MAX_WINDOW, &bc->window, err);
	case OPT_PAIRS: return parse_int_opt("--pairs", arg, 1 << 20, &bc->pairs, err);
	}
	return st_seterr(err, ST_EUSAGE, "unhandled option");
}

static bw_conf conf = {.mode = MODE_BW, .window = 64};

static const bench_prog prog = {
	.name = "p2p_bw",
	.summary = "MPI bandwidth, OSU method (windows of non-blocking sends), every window kept",
	.min_size = 1,
	.max_size = 1 << 22,
	.iterations = 100,
	.iterations_large = 20,
	.warmup = 10,
	.warmup_large = 2,
	.extra = bw_options,
	.extra_short = "W:",
	.extra_help =
		"      --mode bw|bibw            bw: one way, an acknowledgement per window (osu_bw);\n"
		"                                bibw: both ways at once (osu_bibw); default bw\n"
		"  -W, --window-size N           messages per window (default 64, as OSU)\n"
		"      --pairs N                 pairs measured at once: rank i with rank i + ranks/2\n"
		"                                (default: all ranks, as osu_mbw_mr)\n"
		"  -i and -x count windows. Bandwidth in MB/s (10^6 bytes/s); P99 is the bad tail:\n"
		"  the bandwidth 99% of windows reached.\n",
	.handle = bw_handle,
	.ctx = &conf,
	.min_ranks = 2,
	.bandwidth = 1,
	.pairs = &conf.pairs,
};

typedef struct bw_bufs {
	char *s, *r;
	MPI_Request *req;
	MPI_Status *st; /* MPI_STATUSES_IGNORE trips gcc's -Wstringop-overflow */
} bw_bufs;

/* One window as the pair's first rank (role 1) or second (role -1). As OSU,
 * every message of a window uses the same buffer; in bibw, as osu_bibw, the
 * first rank waits for its sends and then its receives, the second rank for
 * its receives and then its sends. */
static void window(const bw_bufs *b, int size, int w, int role, int partner, enum bw_mode mode)
{
	if (mode == MODE_BIBW) {
		for (int j = 0; j < w; j++)
			MPI_Irecv(b->r, size, MPI_CHAR, partner, role > 0 ? TAG_BACK : TAG_DATA,
				  MPI_COMM_WORLD, &b->req[j]);
		for (int j = 0; j < w; j++)
			MPI_Isend(b->s, size, MPI_CHAR, partner, role > 0 ? TAG_DATA : TAG_BACK,
				  MPI_COMM_WORLD, &b->req[w + j]);
		MPI_Waitall(w, b->req + (role > 0 ? w : 0), b->st);
		MPI_Waitall(w, b->req + (role > 0 ? 0 : w), b->st);
	} else if (role > 0) {
		for (int j = 0; j < w; j++)
			MPI_Isend(b->s, size, MPI_CHAR, partner, TAG_DATA, MPI_COMM_WORLD,
				  &b->req[j]);
		MPI_Waitall(w, b->req, b->st);
		MPI_Recv(b->r, 1, MPI_CHAR, partner, TAG_ACK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	} else {
		for (int j = 0; j < w; j++)
			MPI_Irecv(b->r, size, MPI_CHAR, partner, TAG_DATA, MPI_COMM_WORLD,
				  &b->req[j]);
		MPI_Waitall(w, b->req, b->st);
		MPI_Send(b->s, 1, MPI_CHAR, partner, TAG_ACK, MPI_COMM_WORLD);
	}
}

int main(int argc, char **argv)
{
	bench_ctx c;
	int status = bench_start(&c, &argc, &argv, &prog);
	if (status != BENCH_RUN)
		return status;
	const char *mode = conf.mode == MODE_BIBW ? "bibw" : "bw";
	bench_set_op(&c, mode);
	bench_meta_add(&c, "options", "mode", bj_string(mode));
	bench_meta_add(&c, "options", "window_size", bj_int(conf.window));
	int partner, role = bench_pair_role(&c, &partner);
	size_t maxbuf = c.sizes[c.nsizes - 1] > 4 ? (size_t)c.sizes[c.nsizes - 1] : 4;
	bw_bufs b = {bench_msg_alloc(maxbuf), bench_msg_alloc(maxbuf),
		     malloc(2 * (size_t)conf.window * sizeof *b.req),
		     malloc(2 * (size_t)conf.window * sizeof *b.st)};
	uint64_t *stamps = bench_samples_alloc(&c, 1), *samples = bench_samples_alloc(&c, 0);
	if (!bench_all_allocated(&c, b.s && b.r && b.req && b.st && stamps && samples,
				 "out of memory for buffers of %zu bytes and %llu windows", maxbuf,
				 (unsigned long long)bench_iterations_largest(&c.opts))) {
		free(b.s), free(b.r), free(b.req), free(b.st), free(stamps), free(samples);
		return bench_finish(&c);
	}
	memset(b.s, 'a', maxbuf);
	memset(b.r, 'b', maxbuf);

	uint64_t per_window = (uint64_t)conf.window * (conf.mode == MODE_BIBW ? 2 : 1);
	for (int k = 0; k < c.nsizes; k++) {
		int size = (int)c.sizes[k];
		uint64_t iters, warm;
		bench_size_start(&c, k, &iters, &warm);
		/* In windows of windows (harness.h): between two, untimed, the
		 * ranks agree whether a signal stops the run. */
		uint64_t n;
		for (uint64_t i0 = 0; (n = bench_window(&c, i0, warm)) > 0; i0 += n)
			for (uint64_t i = 0; role != 0 && i < n; i++)
				window(&b, size, conf.window, role, partner, conf.mode);
		for (uint64_t i0 = 0; (n = bench_window(&c, i0, iters)) > 0; i0 += n) {
			if (role <= 0) {
				/* Only the pair's first rank reads the clock (as
				 * OSU): the second answers without delay. */
				for (uint64_t i = 0; role < 0 && i < n; i++)
					window(&b, size, conf.window, role, partner, conf.mode);
				continue;
			}
			/* Timed: one clock read and one store per window. */
			uint64_t *st = stamps + i0;
			st[0] = bench_now_ns();
			for (uint64_t i = 1; i <= n; i++) {
				window(&b, size, conf.window, role, partner, conf.mode);
				st[i] = bench_now_ns();
			}
			bench_intervals(st, (size_t)n, samples + i0);
		}
		if (bench_interrupted(&c))
			break;
		bench_record_pairs(&c, c.sizes[k], iters, warm, role > 0 ? samples : NULL,
				   c.sizes[k] * per_window);
	}
	free(b.s);
	free(b.r);
	free(b.req);
	free(b.st);
	free(stamps);
	free(samples);
	return bench_finish(&c);
}
