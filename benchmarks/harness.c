/* SPDX-License-Identifier: BSD-3-Clause */
/* harness.c: setup, per-size bookkeeping and trial writing for MPI benchmarks. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bjson.h"
#include "config.h"
#include "harness_int.h"
#include "sysmsg.h"

#if defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer builds: MPI libraries exit holding allocations made by
 * plugins they have unloaded (LeakSanitizer cannot even name them), so the
 * MPI programs skip the leak check; sriovstat and the unit tests keep it.
 * ASAN_OPTIONS=detect_leaks=1 turns it back on. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

/* Mark the run failed; on rank 0 print "prog: error: ..." from fmt and ap. */
static void verror(bench_ctx *c, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void verror(bench_ctx *c, const char *fmt, va_list ap)
{
	c->failed = 1;
	if (c->rank != 0)
		return;
	fprintf(stderr, "%s: error: ", c->prog->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* "prog: error: ..." on rank 0. */
void bench_error(bench_ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(c, fmt, ap);
	va_end(ap);
}

/* Check --json before running: the directory exists and is writable, and an
 * existing file is a valid trial file of our label. 0, or a negative ST_E*
 * code with err. */
static int preflight_json(const bench_opts *o, st_err *err)
{
	const char *path = o->json_path;
	char *copy = strdup(path);
	if (!copy)
		return st_seterr(err, ST_ENOMEM, "--json %s: out of memory", path);
	const char *dir = dirname(copy);
	struct stat st;
	int rc = 0;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		rc = st_seterr(err, ST_EUSAGE, "--json %s: directory %s does not exist", path, dir);
	else if (access(dir, W_OK) < 0)
		rc = st_seterr(err, ST_EUSAGE, "--json %s: directory %s is not writable", path,
			       dir);
	free(copy);
	if (rc < 0)
		return rc;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return st_seterr(err, ST_EIO, "--json %s: %s", path, strerror(errno));
	}
	trial_file *tf = NULL;
	st_err se;
	if ((rc = trial_file_read(path, TRIAL_READ_NO_SAMPLES, &tf, &se)) < 0)
		return st_seterr(err, rc, "--json: %s", se.msg);
	if (strcmp(tf->label, o->label) != 0)
		rc = st_seterr(err, ST_EMISMATCH,
			       "--json %s: the file holds label \"%s\", this run is \"%s\"", path,
			       tf->label, o->label);
	for (size_t i = 0; rc == 0 && i < tf->ntrials; i++)
		if (tf->trials[i].number >= TRIAL_MAX_NUMBER)
			rc = st_seterr(err, ST_EVALUE,
				       "--json %s: holds trial %d, the largest trial number: no "
				       "trial can follow it (use a new file)",
				       path, tf->trials[i].number);
	trial_file_destroy(tf);
	return rc;
}

/* The usage errors of the rank count (reported); 1 when it fits the program. */
static int ranks_fit(bench_ctx *c)
{
	const bench_prog *prog = c->prog;
	if ((!prog->min_ranks || c->nranks >= prog->min_ranks) &&
	    (!prog->max_ranks || c->nranks <= prog->max_ranks))
		return 1;
	if (!prog->max_ranks)
		bench_error(c, "needs at least %d ranks, got %d", prog->min_ranks, c->nranks);
	else if (prog->min_ranks == prog->max_ranks)
		bench_error(c, "needs exactly %d ranks, got %d (mpiexec -n %d ...)",
			    prog->min_ranks, c->nranks, prog->min_ranks);
	else
		bench_error(c, "needs %d to %d ranks, got %d", prog->min_ranks,
			    prog->max_ranks ? prog->max_ranks : 1 << 30, c->nranks);
	return 0;
}

/* The options: --help and --version answered, usage errors reported, the
 * rank count and the pairs checked, --json checked by rank 0 before anything
 * runs (all ranks learn the verdict). BENCH_RUN or the exit status. */
static int preflight_options(bench_ctx *c, int argc, char **argv)
{
	st_err err = {0};
	int pr = bench_opts_parse(argc, argv, c->prog, &c->opts, &err);
	if (pr == BENCH_PARSE_HELP || pr == BENCH_PARSE_VERSION) {
		if (c->rank == 0 && pr == BENCH_PARSE_HELP)
			bench_opts_usage(c->prog, stdout);
		else if (c->rank == 0)
			printf("%s (sriovstat) %s\n", c->prog->name, PACKAGE_VERSION);
		return 0;
	}
	if (pr == BENCH_PARSE_ERROR) {
		bench_error(c, "%s", err.msg);
		return 2;
	}
	if (!ranks_fit(c) || !harness_pairs_check(c))
		return 2;
	/* The limit the trial is written under, as sriovstat reads it. */
	if (trial_max_file_bytes_check(&err) < 0) {
		bench_error(c, "%s", err.msg);
		return 2;
	}
	int bad = 0;
	if (c->rank == 0 && c->opts.json_path && preflight_json(&c->opts, &err) < 0) {
		bench_error(c, "%s", err.msg);
		bad = 1;
	}
	MPI_Bcast(&bad, 1, MPI_INT, 0, MPI_COMM_WORLD);
	return bad ? 2 : BENCH_RUN;
}

/* The preflight stage: options, the sizes, the signals, the timer. */
static int preflight(bench_ctx *c, int argc, char **argv, const bench_prog *prog)
{
	memset(c, 0, sizeof *c);
	c->prog = prog;
	c->node_comm = MPI_COMM_NULL;
	c->pair_comm = MPI_COMM_NULL;
	c->npairs = 1;
	MPI_Comm_rank(MPI_COMM_WORLD, &c->rank);
	MPI_Comm_size(MPI_COMM_WORLD, &c->nranks);
	int st = preflight_options(c, argc, argv);
	if (st != BENCH_RUN)
		return st;
	c->nsizes = bench_sizes(c->opts.min_size, c->opts.max_size, c->sizes, BENCH_MAX_SIZES);
	c->nsizes_asked = c->nsizes;
	harness_signals_install(prog->name);
	bench_timer_calibrate(&c->timer);
	return BENCH_RUN;
}

/* Set up a run: preflight, metadata, header. */
int bench_begin(bench_ctx *c, int argc, char **argv, const bench_prog *prog)
{
	int st = preflight(c, argc, argv, prog);
	if (st == BENCH_RUN)
		st = harness_metadata(c, argc, argv);
	if (st != BENCH_RUN)
		return st;
	harness_header(c);
	c->t_begin = MPI_Wtime();
	return BENCH_RUN;
}

int bench_start(bench_ctx *c, int *argc, char ***argv, const bench_prog *prog)
{
	MPI_Init(argc, argv);
	int st = bench_begin(c, *argc, *argv, prog);
	if (st != BENCH_RUN)
		MPI_Finalize();
	return st;
}

int bench_finish(bench_ctx *c)
{
	int st = bench_end(c);
	MPI_Finalize();
	return st;
}

int bench_all_allocated(bench_ctx *c, int ok, const char *fmt, ...)
{
	int all = 0;
	MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
	if (all)
		return 1;
	va_list ap;
	va_start(ap, fmt);
	verror(c, fmt, ap);
	va_end(ap);
	return 0;
}

int bench_meta_add(bench_ctx *c, const char *parent, const char *key, json_object *val)
{
	if (c->rank != 0 || !c->trial) {
		json_object_put(val);
		return 0;
	}
	json_object *m = c->trial->meta;
	if (parent && !json_object_object_get_ex(c->trial->meta, parent, &m)) {
		json_object_put(val);
		return ST_EUSAGE;
	}
	if (!val || json_object_object_add(m, key, val) != 0) {
		json_object_put(val);
		bench_error(c, "out of memory for the trial's %s%s%s", parent ? parent : "",
			    parent ? "." : "", key);
		return ST_ENOMEM;
	}
	return 0;
}

/* SRIOVSTAT_INCOMPLETE=drop: an incomplete trial is not kept. */
static int incomplete_dropped(void)
{
	const char *inc = getenv("SRIOVSTAT_INCOMPLETE");
	return inc && strcmp(inc, "drop") == 0;
}

void harness_checkpoint(bench_ctx *c)
{
	if (c->rank != 0 || !c->trial || !c->opts.json_path || c->opts.no_checkpoint ||
	    c->trial->nsizes == 0 || incomplete_dropped() || bj_failed())
		return;
	/* Nothing new: no size recorded, no field added to the last one. */
	int keys = json_object_object_length(c->trial->sizes[c->trial->nsizes - 1].meta);
	if (c->trial->nsizes == c->ckpt_nsizes && keys == c->ckpt_keys)
		return;
	st_err se;
	if (trial_file_checkpoint(c->opts.json_path, c->opts.label, c->trial, &c->ckpt, &se) == 0) {
		c->ckpt_nsizes = c->trial->nsizes;
		c->ckpt_keys = keys;
		return;
	}
	if (c->ckpt_warned)
		return;
	c->ckpt_warned = 1;
	harness_progress_clear(c);
	fprintf(stderr,
		"%s: warning: checkpoint: %s (the run goes on; the trial is written at the end)\n",
		c->prog->name, se.msg);
}

void bench_size_start(bench_ctx *c, int k, uint64_t *iters, uint64_t *warm)
{
	harness_checkpoint(c); /* fields the program added to the last size */
	c->cur = k;
	*iters = bench_iterations_for(&c->opts, c->sizes[k]);
	*warm = bench_warmup_for(&c->opts, c->sizes[k]);
	bench_progress(c, k, c->sizes[k]);
	MPI_Barrier(MPI_COMM_WORLD);
}

uint64_t *bench_samples_alloc(const bench_ctx *c, size_t extra)
{
	uint64_t n = bench_iterations_largest(&c->opts) + extra;
	uint64_t *v = n <= SIZE_MAX / sizeof *v ? malloc((size_t)n * sizeof *v) : NULL;
	if (v)
		memset(v, 0, (size_t)n * sizeof *v);
	return v;
}

int harness_scratch_reserve(bench_ctx *c, size_t n)
{
	if (c->scratch_n < n) {
		free(c->scratch);
		c->scratch = malloc(n * sizeof *c->scratch);
		c->scratch_n = c->scratch ? n : 0;
	}
	return c->scratch != NULL;
}

/* Through a launcher (progress == 2) stdout and stderr travel to the
 * terminal by separate pipes: flush one and pause 2 ms so that it arrives
 * before what the other stream prints next (outside the timed loops). */
static void progress_turn(bench_ctx *c, FILE *done)
{
	if (c->progress != 2)
		return;
	fflush(done);
	struct timespec ts = {0, 2000000};
	nanosleep(&ts, NULL);
}

/* Set the trial's op (rank 0 holds the trial). */
void bench_set_op(bench_ctx *c, const char *op)
{
	if (c->rank != 0 || !c->trial)
		return;
	char *dup = strdup(op ? op : "");
	if (!dup)
		return;
	free(c->trial->op);
	c->trial->op = dup;
}

/* A progress line on a terminal. */
void bench_progress(bench_ctx *c, int index, uint64_t size)
{
	if (!c->progress)
		return;
	FILE *f = c->progress == 3 ? stdout : stderr;
	progress_turn(c, stdout);
	fprintf(f, "\r%s: size %llu (%d of %d), %.1f s elapsed ", c->prog->name,
		(unsigned long long)size, index + 1, c->nsizes, MPI_Wtime() - c->t_begin);
	fflush(f);
}

/* Clear the progress line before printing a row. */
void harness_progress_clear(bench_ctx *c)
{
	if (c->progress) {
		sys_line_clear(c->progress == 3 ? stdout : stderr);
		progress_turn(c, stderr);
	}
}

/* Rank 0: keep one size in the trial with its summaries (mx: the max
 * over ranks, or NULL). NULL (reported) when out of memory. */
static trial_size *keep_size(bench_ctx *c, uint64_t size, uint64_t iterations, uint64_t warmup,
			     const uint64_t *mean, const uint64_t *mx, size_t n,
			     const bench_summary *s, double rank_min, double rank_max)
{
	st_err se;
	const bench_opts *o = &c->opts;
	trial_size *ts = trial_add_size(c->trial, size, iterations, warmup, mean, mx, n, &se);
	if (!ts) {
		bench_error(c, "%s", se.msg);
		return NULL;
	}
	json_object_object_add(ts->meta, "summary", harness_summary_json(s, o));
	if (mx) {
		bench_summary smax;
		bench_summarize(mx, n, o->percentiles, o->npercentiles, c->scratch, &smax);
		json_object_object_add(ts->meta, "max_over_ranks_summary",
				       harness_summary_json(&smax, o));
		json_object_object_add(ts->meta, "rank_avg_min_us", harness_jnum(rank_min));
		json_object_object_add(ts->meta, "rank_avg_max_us", harness_jnum(rank_max));
	}
	return ts;
}

/* Combine, keep, checkpoint and print one size. */
trial_size *bench_record_size(bench_ctx *c, uint64_t size, uint64_t iterations, uint64_t warmup,
			      const uint64_t *samples, enum bench_samples_from from)
{
	size_t n = (size_t)iterations;
	uint64_t *mean = NULL, *mx = NULL;
	double rank_min = NAN, rank_max = NAN;
	trial_size *ts = NULL;

	if (bench_interrupted(c))
		return NULL; /* a partly measured size is never kept */
	int oom = 0;
	if (c->rank == 0) {
		mean = malloc(n * sizeof *mean);
		if (from == BENCH_FROM_ALL_RANKS)
			mx = malloc(n * sizeof *mx);
		oom = !harness_scratch_reserve(c, n) || !mean ||
		      (from == BENCH_FROM_ALL_RANKS && !mx);
	}
	MPI_Bcast(&oom, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (oom) {
		bench_error(c, "out of memory for %zu samples of size %llu", n,
			    (unsigned long long)size);
		free(mean);
		free(mx);
		harness_agree_stop(c, size);
		return NULL;
	}

	if (from == BENCH_FROM_ALL_RANKS) {
		MPI_Reduce(samples, c->rank == 0 ? c->scratch : NULL, (int)n, MPI_UINT64_T, MPI_SUM,
			   0, MPI_COMM_WORLD);
		MPI_Reduce(samples, mx, (int)n, MPI_UINT64_T, MPI_MAX, 0, MPI_COMM_WORLD);
		double my_avg = bench_avg_us(samples, n);
		MPI_Reduce(&my_avg, &rank_min, 1, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
		MPI_Reduce(&my_avg, &rank_max, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
		if (c->rank == 0)
			bench_mean_from_sum(c->scratch, n, (uint64_t)c->nranks, mean);
	} else if (c->rank == 0) {
		memcpy(mean, samples, n * sizeof *mean);
	}

	if (c->rank == 0) {
		bench_summary s;
		const bench_opts *o = &c->opts;
		bench_summarize(mean, n, o->percentiles, o->npercentiles, c->scratch, &s);
		ts = keep_size(c, size, iterations, warmup, mean, mx, n, &s, rank_min, rank_max);
		/* In the file before the row is printed: a printed size is kept. */
		if (ts)
			harness_checkpoint(c);
		harness_progress_clear(c);
		if (harness_coll_osu_layout(c)) {
			harness_print_coll_row(c, size, iterations, &s, rank_min, rank_max);
		} else {
			printf("%-10llu%12.2f%12.2f%12.2f", (unsigned long long)size, s.avg_us,
			       s.min_us, s.max_us);
			for (int k = 0; k < s.npct; k++)
				printf("%12.2f", s.pct_us[k]);
			printf("%12llu", (unsigned long long)iterations);
			if (from == BENCH_FROM_ALL_RANKS)
				printf("%14.2f%14.2f", rank_min, rank_max);
			printf("\n");
			fflush(stdout);
		}
	}
	free(mean);
	free(mx);
	harness_agree_stop(c, size);
	return ts;
}

/* Rank 0: say how a signal ended the run, and mark a cut trial. */
static void report_stop(bench_ctx *c, int cut)
{
	if (!c->stop)
		return;
	char sb[32];
	const char *name = sys_signal_name(c->stop, sb, sizeof sb);
	if (!cut) {
		printf("# %s after the last size: the trial is complete\n", name);
		return;
	}
	printf("# interrupted by %s after %d of %d sizes\n", name,
	       c->trial ? (int)c->trial->nsizes : 0, c->nsizes_asked);
	if (c->stop_total)
		printf("# size %llu was under way: dropped (a partly measured size is not "
		       "kept)\n",
		       (unsigned long long)c->sizes[c->cur]);
	if (c->trial) {
		c->trial->complete = 0;
		json_object_object_add(c->trial->meta, "interrupted_by", bj_string(name));
	}
}

/* Rank 0: append the trial to --json (signals wait until the file is
 * whole; the write is atomic anyway). 0, or 1 (reported). */
static int write_trial(bench_ctx *c, int cut)
{
	st_err se;
	harness_signals_hold(1);
	int wrc = trial_file_finish(c->opts.json_path, c->opts.label, c->trial, c->ckpt, &se);
	harness_signals_hold(0);
	if (wrc >= 0) {
		printf("# trial %d of label \"%s\" written to %s%s\n", c->trial->number,
		       c->opts.label, c->opts.json_path, cut ? " (incomplete)" : "");
		return 0;
	}
	uint64_t limit = harness_file_limit();
	char kept[160] = "";
	if (c->ckpt)
		snprintf(kept, sizeof kept,
			 "; trial %d keeps the %zu sizes of its last checkpoint (incomplete)",
			 trial_ckpt_number(c->ckpt), c->ckpt_nsizes);
	if (limit && strstr(se.msg, strerror(EFBIG)))
		bench_error(c, "%s; the file size limit (ulimit -f) is %llu bytes%s", se.msg,
			    (unsigned long long)limit, kept);
	else
		bench_error(c, "%s%s", se.msg, kept);
	return 1;
}

/* Append the trial and clean up. */
int bench_end(bench_ctx *c)
{
	int status = c->failed ? 1 : 0;
	/* A signal after the last size counts too (the trial is whole then). */
	int sig = harness_signal_agreed();
	if (sig && !c->stop)
		c->stop = sig;
	int cut = c->stop && c->nsizes < c->nsizes_asked;
	int drop = cut && incomplete_dropped();
	/* A value of the metadata lost to a failed allocation on any rank
	 * (bjson.h): the trial would be written with a null in its place. */
	int lost = bj_failed(), any_lost = 0;
	MPI_Allreduce(&lost, &any_lost, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	if (c->rank == 0) {
		harness_fault_end(c, 1);
		harness_progress_clear(c);
		report_stop(c, cut);
		if (c->trial && c->opts.json_path && c->trial->nsizes > 0 && drop) {
			printf("# SRIOVSTAT_INCOMPLETE=drop: the incomplete trial is not written\n");
		} else if (c->trial && c->opts.json_path && (any_lost || bj_failed())) {
			bench_error(c,
				    "out of memory while recording the trial's metadata: the "
				    "trial is not written to %s%s",
				    c->opts.json_path,
				    c->ckpt ? " (its last checkpoint stays, incomplete)" : "");
			status = 1;
		} else if (c->trial && c->opts.json_path && c->trial->nsizes > 0) {
			status |= write_trial(c, cut);
		}
		trial_destroy(c->trial);
		c->trial = NULL;
		trial_ckpt_free(c->ckpt);
		c->ckpt = NULL;
		/* What happened to the trial reaches the user before MPI_Finalize,
		 * which can be slow or hang, and a second Ctrl-C then forces an
		 * abort that would lose what stdout still buffers. */
		fflush(stdout);
	}
	free(c->scratch);
	c->scratch = NULL;
	if (c->node_comm != MPI_COMM_NULL)
		MPI_Comm_free(&c->node_comm);
	if (c->pair_comm != MPI_COMM_NULL)
		MPI_Comm_free(&c->pair_comm);
	/* Every rank keeps its handlers until rank 0 has written: a rank that
	 * died of a signal now would make the launcher kill rank 0 mid-write,
	 * leaving the last checkpoint (every size, marked incomplete). */
	harness_fault_end(c, 0);
	MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
	/* Nothing is left to save: from here on a signal ends the process at
	 * once (MPICH 4.0 over TCP can hang in MPI_Finalize). */
	harness_signals_default();
	/* 128 + N exactly when the trial is cut (interrupted_by); a signal
	 * after the last size left it whole. */
	return cut && status == 0 ? 128 + c->stop : status;
}
