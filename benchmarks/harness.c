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

#include "config.h"
#include "fingerprint.h"
#include "harness.h"
#include "strparse.h"
#include "sysmsg.h"
#include "sysset.h"

extern char **environ;

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

/* p2p pairs, bandwidth rows, OSU's -f/-c layouts (harness_rows.c). */
static int pairs_check(bench_ctx *c);
static void pairs_setup(bench_ctx *c, json_object *fp);
static void p2p_meta(bench_ctx *c, json_object *m);
static void print_p2p_columns(bench_ctx *c);
static void print_warnings(bench_ctx *c);
static int coll_osu_layout(const bench_ctx *c);
static void print_coll_columns(bench_ctx *c);
static void print_coll_row(bench_ctx *c, uint64_t size, uint64_t iterations, const bench_summary *s,
			   double rank_min, double rank_max);

/* ---- signals (harness.h explains the protocol) ---- */

/* The first SIGINT or SIGTERM this process got, or 0. */
static volatile sig_atomic_t bench_signal;

/* First signal: remember it; the run stops after the size under way.
 * Second: exit at once (trial files are replaced atomically, so they stay
 * as they were). */
static void on_signal(int sig)
{
	if (bench_signal)
		_exit(128 + sig);
	bench_signal = sig;
}

/* Catch SIGINT and SIGTERM (hydra's mpiexec forwards them to every rank). */
static void signals_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Give SIGINT and SIGTERM back their default action. */
static void signals_default(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Block (or unblock) SIGINT and SIGTERM around the write of the trial. */
static void signals_hold(int hold)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* The largest signal number any rank got (0: none). Collective. */
static int signal_agreed(void)
{
	int mine = bench_signal, any = 0;
	MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	return any;
}

/* After a size (all ranks, outside any timed loop): when a rank got a
 * signal, drop the sizes after this one, which ends the program's loop. */
static void agree_stop(bench_ctx *c, uint64_t size)
{
	int sig = signal_agreed();
	if (!sig || c->stop)
		return;
	c->stop = sig;
	for (int k = 0; k < c->nsizes; k++)
		if (c->sizes[k] == size) {
			c->nsizes = k + 1;
			break;
		}
}

/* "prog: error: ..." on rank 0. */
void bench_error(bench_ctx *c, const char *fmt, ...)
{
	c->failed = 1;
	if (c->rank != 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: error: ", c->prog->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
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
		rc = st_seterr(err, ST_EUSAGE, "--json %s: directory %s is not writable", path, dir);
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
	trial_file_destroy(tf);
	return rc;
}

/* A number for JSON, null when not finite; rounded to 1 ps to keep files terse. */
static json_object *jnum(double v)
{
	if (!isfinite(v))
		return NULL;
	char s[64];
	snprintf(s, sizeof s, "%.6f", v);
	return json_object_new_double_s(v, s);
}

/* Gather the per-node fingerprints and rank placement onto rank 0. */
static json_object *gather_fingerprint(bench_ctx *c)
{
	int local_rank, local_size;
	MPI_Comm_rank(c->node_comm, &local_rank);
	MPI_Comm_size(c->node_comm, &local_size);
	MPI_Comm leaders;
	MPI_Comm_split(MPI_COMM_WORLD, local_rank == 0 ? 0 : MPI_UNDEFINED, c->rank, &leaders);

	/* Node index: the leader's rank among leaders, shared within the node. */
	int node_index = 0;
	char *node_json = NULL;
	int node_len = 0;
	if (leaders != MPI_COMM_NULL) {
		MPI_Comm_rank(leaders, &node_index);
		MPI_Comm_size(leaders, &c->nodes);
		json_object *n = fp_node(NULL);
		/* The settings an experiment changes (sriovstat sweep names them). */
		json_object *set = sset_read_list(getenv(SSET_ENV));
		if (set)
			json_object_object_add(n, "settings", set);
		node_json = strdup(json_object_to_json_string_ext(n, JSON_C_TO_STRING_PLAIN));
		node_len = node_json ? (int)strlen(node_json) + 1 : 0;
		json_object_put(n);
	}
	MPI_Bcast(&node_index, 1, MPI_INT, 0, c->node_comm);
	MPI_Bcast(&c->nodes, 1, MPI_INT, 0, MPI_COMM_WORLD);
	MPI_Allreduce(&local_size, &c->ranks_per_node, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);

	/* Leaders' node objects to rank 0. */
	int *lens = NULL, *displs = NULL;
	char *all = NULL;
	if (leaders != MPI_COMM_NULL) {
		if (c->rank == 0) {
			lens = calloc((size_t)c->nodes, sizeof *lens);
			displs = calloc((size_t)c->nodes, sizeof *displs);
		}
		MPI_Gather(&node_len, 1, MPI_INT, lens, 1, MPI_INT, 0, leaders);
		int total = 0;
		if (c->rank == 0) {
			for (int i = 0; i < c->nodes; i++) {
				displs[i] = total;
				total += lens[i];
			}
			all = malloc((size_t)total + 1);
		}
		MPI_Gatherv(node_json, node_len, MPI_CHAR, all, lens, displs, MPI_CHAR, 0, leaders);
		MPI_Comm_free(&leaders);
	}
	free(node_json);

	/* Every rank's node index and CPU binding to rank 0. */
	struct {
		int node;
		char cpus[252];
	} mine, *placement = NULL;
	cpu_set_t set;
	CPU_ZERO(&set);
	mine.node = node_index;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		fp_cpulist(&set, mine.cpus, sizeof mine.cpus);
	else
		snprintf(mine.cpus, sizeof mine.cpus, "unknown");
	if (c->rank == 0)
		placement = calloc((size_t)c->nranks, sizeof *placement);
	MPI_Gather(&mine, (int)sizeof mine, MPI_BYTE, placement, (int)sizeof mine, MPI_BYTE, 0,
		   MPI_COMM_WORLD);

	json_object *fp = NULL;
	if (c->rank == 0) {
		fp = json_object_new_object();
		json_object *nodes = json_object_new_array();
		for (int i = 0; i < c->nodes; i++) {
			json_object *n = json_tokener_parse(all + displs[i]);
			if (!n)
				n = json_object_new_object();
			json_object_object_add(n, "ranks", json_object_new_array());
			json_object_array_add(nodes, n);
		}
		/* Each rank into its node's list in one pass over the ranks (a pass
		 * per node took 14 s at 16,384 ranks on as many nodes). */
		for (int r = 0; r < c->nranks; r++) {
			json_object *n = json_object_array_get_idx(nodes, (size_t)placement[r].node);
			json_object *ranks;
			if (n && json_object_object_get_ex(n, "ranks", &ranks))
				json_object_array_add(ranks, json_object_new_int(r));
		}
		json_object_object_add(fp, "nodes", nodes);
		json_object *binding = json_object_new_array();
		for (int r = 0; r < c->nranks; r++) {
			json_object *b = json_object_new_object();
			json_object_object_add(b, "rank", json_object_new_int(r));
			json_object_object_add(b, "node", json_object_new_int(placement[r].node));
			json_object_object_add(b, "cpus", json_object_new_string(placement[r].cpus));
			json_object_array_add(binding, b);
		}
		json_object_object_add(fp, "binding", binding);
		json_object_object_add(fp, "environment", fp_env(environ));
	}
	free(lens);
	free(displs);
	free(all);
	free(placement);
	return fp;
}

/* The MPI library's version string, whole and as its first line. */
static void mpi_library(char *full, size_t flen, char *first, size_t len)
{
	char v[MPI_MAX_LIBRARY_VERSION_STRING];
	int n = 0;
	MPI_Get_library_version(v, &n);
	v[n < (int)sizeof v ? n : (int)sizeof v - 1] = '\0';
	snprintf(full, flen, "%s", v);
	size_t l = strcspn(v, "\n");
	while (l > 0 && (v[l - 1] == ' ' || v[l - 1] == ',' || v[l - 1] == '\t'))
		l--;
	snprintf(first, len, "%.*s", (int)l, v);
	for (char *q = first; *q; q++)
		if (*q == '\t')
			*q = ' ';
}

/* The options as recorded in the trial. */
static json_object *options_json(const bench_opts *o, int argc, char **argv)
{
	json_object *j = json_object_new_object();
	json_object_object_add(j, "min_size", json_object_new_int64((int64_t)o->min_size));
	json_object_object_add(j, "max_size", json_object_new_int64((int64_t)o->max_size));
	json_object_object_add(j, "iterations", json_object_new_int64((int64_t)o->iterations));
	json_object_object_add(j, "iterations_large",
			       json_object_new_int64((int64_t)o->iterations_large));
	json_object_object_add(j, "warmup", json_object_new_int64((int64_t)o->warmup));
	json_object_object_add(j, "warmup_large", json_object_new_int64((int64_t)o->warmup_large));
	json_object_object_add(j, "large_message_size", json_object_new_int(BENCH_LARGE_MESSAGE_SIZE));
	json_object *p = json_object_new_array();
	for (int i = 0; i < o->npercentiles; i++)
		json_object_array_add(p, json_object_new_double(o->percentiles[i]));
	json_object_object_add(j, "percentiles", p);
	json_object *a = json_object_new_array();
	for (int i = 0; i < argc; i++)
		json_object_array_add(a, json_object_new_string(argv[i]));
	json_object_object_add(j, "argv", a);
	return j;
}

/* Print the "#" header lines and the column names. */
static void print_header(bench_ctx *c, const char *mpi_first)
{
	const bench_opts *o = &c->opts;
	printf("# %s (sriovstat %s)\n", c->prog->summary, PACKAGE_VERSION);
	printf("# benchmark: %s   label: %s\n", c->prog->name, o->label);
	printf("# ranks: %d   nodes: %d   ranks per node: %d\n", c->nranks, c->nodes,
	       c->ranks_per_node);
	printf("# MPI: %s\n", mpi_first);
	printf("# timer: %s, resolution %.0f ns, %.1f ns per read\n", c->timer.name,
	       c->timer.resolution_ns, c->timer.overhead_ns);
	if (c->prog->notes)
		c->prog->notes(c->prog->ctx);
	print_warnings(c);
	if (c->prog->pairs || c->prog->bandwidth) {
		print_p2p_columns(c);
		return;
	}
	if (coll_osu_layout(c)) {
		print_coll_columns(c);
		return;
	}
	printf("%-10s%12s%12s%12s", "# Size", "Avg(us)", "Min(us)", "Max(us)");
	for (int k = 0; k < o->npercentiles; k++) {
		char name[32], col[40];
		bench_percentile_name(o->percentiles[k], name, sizeof name);
		snprintf(col, sizeof col, "%s(us)", name);
		printf("%12s", col);
	}
	printf("%12s", "Iterations");
	if (c->prog->collective)
		printf("%14s%14s", "RankMin(us)", "RankMax(us)");
	printf("\n");
	fflush(stdout);
}

/* Whether the launcher that started this rank writes to a terminal. Under
 * mpiexec a rank's stderr is a pipe to the launcher (hydra's proxy, Open
 * MPI's mpirun or orted), which copies it to its own stderr: walk up at most
 * four such launcher processes and look at where their fd 2 goes. 0: not a
 * terminal; 2: fd 2 is one; 3: fd 1 and fd 2 are the same terminal. */
static int launcher_on_tty(void)
{
	static const char *const launchers[] = {"hydra_pmi_proxy", "mpiexec", "mpirun", "orted",
						"prted", "prterun", NULL};
	pid_t pid = getppid();
	for (int depth = 0; depth < 4 && pid > 1; depth++) {
		char path[64], buf[256];
		snprintf(path, sizeof path, "/proc/%ld/comm", (long)pid);
		FILE *f = fopen(path, "r");
		if (!f)
			return 0;
		int ok = fgets(buf, sizeof buf, f) != NULL;
		fclose(f);
		if (!ok)
			return 0;
		int known = 0;
		for (int i = 0; launchers[i] && !known; i++)
			known = strncmp(buf, launchers[i], strlen(launchers[i])) == 0;
		if (!known)
			return 0;
		snprintf(path, sizeof path, "/proc/%ld/fd/2", (long)pid);
		ssize_t n = readlink(path, buf, sizeof buf - 1);
		if (n > 0) {
			buf[n] = '\0';
			if (strncmp(buf, "/dev/pts/", 9) == 0 || strncmp(buf, "/dev/tty", 8) == 0) {
				/* The launcher's stdout on the same terminal: 3, progress
				 * then goes with the rows on stdout (one stream, one order). */
				char out[256];
				snprintf(path, sizeof path, "/proc/%ld/fd/1", (long)pid);
				ssize_t m = readlink(path, out, sizeof out - 1);
				if (m > 0) {
					out[m] = '\0';
					if (strcmp(out, buf) == 0)
						return 3;
				}
				return 2;
			}
		}
		/* the launcher's parent */
		snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
		if (!(f = fopen(path, "r")))
			return 0;
		long ppid = 0;
		ok = fscanf(f, "%*d (%*[^)]) %*c %ld", &ppid) == 1;
		fclose(f);
		if (!ok)
			return 0;
		pid = (pid_t)ppid;
	}
	return 0;
}

/* Set up a run. */
int bench_begin(bench_ctx *c, int argc, char **argv, const bench_prog *prog, int *status)
{
	memset(c, 0, sizeof *c);
	c->prog = prog;
	c->node_comm = MPI_COMM_NULL;
	c->pair_comm = MPI_COMM_NULL;
	c->npairs = 1;
	MPI_Comm_rank(MPI_COMM_WORLD, &c->rank);
	MPI_Comm_size(MPI_COMM_WORLD, &c->nranks);

	st_err err = {0};
	int pr = bench_opts_parse(argc, argv, prog, &c->opts, &err);
	if (pr == BENCH_PARSE_HELP || pr == BENCH_PARSE_VERSION) {
		if (c->rank == 0) {
			if (pr == BENCH_PARSE_HELP)
				bench_opts_usage(prog, stdout);
			else
				printf("%s (sriovstat) %s\n", prog->name, PACKAGE_VERSION);
		}
		*status = 0;
		return 0;
	}
	if (pr == BENCH_PARSE_ERROR) {
		bench_error(c, "%s", err.msg);
		*status = 2;
		return 0;
	}
	if ((prog->min_ranks && c->nranks < prog->min_ranks) ||
	    (prog->max_ranks && c->nranks > prog->max_ranks)) {
		if (!prog->max_ranks)
			bench_error(c, "needs at least %d ranks, got %d", prog->min_ranks, c->nranks);
		else if (prog->min_ranks == prog->max_ranks)
			bench_error(c, "needs exactly %d ranks, got %d (mpiexec -n %d ...)",
				    prog->min_ranks, c->nranks, prog->min_ranks);
		else
			bench_error(c, "needs %d to %d ranks, got %d", prog->min_ranks,
				    prog->max_ranks ? prog->max_ranks : 1 << 30, c->nranks);
		*status = 2;
		return 0;
	}
	if (!pairs_check(c)) {
		*status = 2;
		return 0;
	}
	/* --json is checked by rank 0 before anything runs; all ranks learn the verdict. */
	int bad = 0;
	if (c->rank == 0 && c->opts.json_path && preflight_json(&c->opts, &err) < 0) {
		bench_error(c, "%s", err.msg);
		bad = 1;
	}
	MPI_Bcast(&bad, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (bad) {
		*status = 2;
		return 0;
	}

	c->nsizes = bench_sizes(c->opts.min_size, c->opts.max_size, c->sizes, BENCH_MAX_SIZES);
	c->nsizes_asked = c->nsizes;
	signals_install();
	/* Past a file-size limit the trial write fails with EFBIG (a clear
	 * error, the old file intact) instead of killing rank 0. */
	signal(SIGXFSZ, SIG_IGN);
	bench_timer_calibrate(&c->timer);
	MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, c->rank, MPI_INFO_NULL,
			    &c->node_comm);
	json_object *fp = gather_fingerprint(c);
	pairs_setup(c, fp);

	if (c->rank == 0) {
		char full[MPI_MAX_LIBRARY_VERSION_STRING + 1], first[256], when[64];
		mpi_library(full, sizeof full, first, sizeof first);
		int ver, sub;
		MPI_Get_version(&ver, &sub);
		c->trial = trial_create(prog->name, NULL);
		if (!c->trial) {
			json_object_put(fp);
			bench_error(c, "out of memory");
			*status = 1;
			return 0;
		}
		json_object *m = c->trial->meta;
		st_iso8601_now(when, sizeof when);
		json_object_object_add(m, "start", json_object_new_string(when));
		/* Run by sriovstat sweep: its round pairs this trial with the other
		 * configurations' trials of the same round. */
		uint64_t r;
		if (st_parse_u64(getenv("SRIOVSTAT_SWEEP_ROUND"), 1, INT_MAX, NULL, &r, NULL) == 0) {
			json_object *sw = json_object_new_object();
			json_object_object_add(sw, "round", json_object_new_int((int)r));
			json_object_object_add(m, "sweep", sw);
		}
		json_object_object_add(m, "ranks", json_object_new_int(c->nranks));
		json_object_object_add(m, "nodes", json_object_new_int(c->nodes));
		json_object_object_add(m, "ranks_per_node", json_object_new_int(c->ranks_per_node));
		json_object_object_add(m, "options", options_json(&c->opts, argc, argv));
		json_object *t = json_object_new_object();
		json_object_object_add(t, "name", json_object_new_string(c->timer.name));
		json_object_object_add(t, "resolution_ns", jnum(c->timer.resolution_ns));
		json_object_object_add(t, "min_step_ns", jnum(c->timer.min_step_ns));
		json_object_object_add(t, "overhead_ns", jnum(c->timer.overhead_ns));
		json_object_object_add(m, "timer", t);
		json_object *mpi = json_object_new_object();
		json_object_object_add(mpi, "library", json_object_new_string(first));
		char std[16];
		snprintf(std, sizeof std, "%d.%d", ver, sub);
		json_object_object_add(mpi, "standard", json_object_new_string(std));
		json_object_object_add(mpi, "library_full", json_object_new_string(full));
		json_object_object_add(m, "mpi", mpi);
		json_object_object_add(m, "fingerprint", fp);
		p2p_meta(c, m);
		c->progress = c->opts.quiet ? 0 : isatty(STDERR_FILENO) ? 1 : launcher_on_tty();
		print_header(c, first);
	}
	c->t_begin = MPI_Wtime();
	*status = 0;
	return 1;
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
static void progress_clear(bench_ctx *c)
{
	if (c->progress) {
		sys_line_clear(c->progress == 3 ? stdout : stderr);
		progress_turn(c, stderr);
	}
}

/* The summary object of a size for the trial file: avg, min, max and the
 * percentiles, each key ending in _UNIT. */
static json_object *values_json(double avg, double min, double max, const double *pct, int npct,
				const bench_opts *o, const char *unit)
{
	json_object *j = json_object_new_object();
	char key[48];
	snprintf(key, sizeof key, "avg_%s", unit);
	json_object_object_add(j, key, jnum(avg));
	snprintf(key, sizeof key, "min_%s", unit);
	json_object_object_add(j, key, jnum(min));
	snprintf(key, sizeof key, "max_%s", unit);
	json_object_object_add(j, key, jnum(max));
	for (int k = 0; k < npct; k++) {
		char name[32];
		bench_percentile_name(o->percentiles[k], name, sizeof name);
		snprintf(key, sizeof key, "p%s_%s", name + 1, unit);
		json_object_object_add(j, key, jnum(pct[k]));
	}
	return j;
}

/* A latency summary as JSON (us). */
static json_object *summary_json(const bench_summary *s, const bench_opts *o)
{
	return values_json(s->avg_us, s->min_us, s->max_us, s->pct_us, s->npct, o, "us");
}

/* Combine, print and keep one size. */
trial_size *bench_record_size(bench_ctx *c, uint64_t size, uint64_t iterations, uint64_t warmup,
			      const uint64_t *samples, enum bench_samples_from from)
{
	size_t n = (size_t)iterations;
	uint64_t *mean = NULL, *mx = NULL;
	double rank_min = NAN, rank_max = NAN;
	trial_size *ts = NULL;

	if (c->rank == 0) {
		if (c->scratch_n < n) {
			free(c->scratch);
			c->scratch = malloc(n * sizeof *c->scratch);
			c->scratch_n = c->scratch ? n : 0;
		}
		mean = malloc(n * sizeof *mean);
		if (from == BENCH_FROM_ALL_RANKS)
			mx = malloc(n * sizeof *mx);
	}
	int oom = c->rank == 0 && (!c->scratch || !mean || (from == BENCH_FROM_ALL_RANKS && !mx));
	MPI_Bcast(&oom, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (oom) {
		bench_error(c, "out of memory for %zu samples of size %llu", n,
			    (unsigned long long)size);
		free(mean);
		free(mx);
		agree_stop(c, size);
		return NULL;
	}

	if (from == BENCH_FROM_ALL_RANKS) {
		MPI_Reduce(samples, c->rank == 0 ? c->scratch : NULL, (int)n, MPI_UINT64_T, MPI_SUM, 0,
			   MPI_COMM_WORLD);
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
		bench_summary s, smax;
		const bench_opts *o = &c->opts;
		bench_summarize(mean, n, o->percentiles, o->npercentiles, c->scratch, &s);
		progress_clear(c);
		if (coll_osu_layout(c)) {
			print_coll_row(c, size, iterations, &s, rank_min, rank_max);
			goto printed;
		}
		printf("%-10llu%12.2f%12.2f%12.2f", (unsigned long long)size, s.avg_us, s.min_us,
		       s.max_us);
		for (int k = 0; k < s.npct; k++)
			printf("%12.2f", s.pct_us[k]);
		printf("%12llu", (unsigned long long)iterations);
		if (from == BENCH_FROM_ALL_RANKS)
			printf("%14.2f%14.2f", rank_min, rank_max);
		printf("\n");
		fflush(stdout);
	printed:;
		st_err se;
		ts = trial_add_size(c->trial, size, iterations, warmup, mean, mx, n, &se);
		if (!ts) {
			bench_error(c, "%s", se.msg);
		} else {
			json_object_object_add(ts->meta, "summary", summary_json(&s, o));
			if (from == BENCH_FROM_ALL_RANKS) {
				bench_summarize(mx, n, o->percentiles, o->npercentiles, c->scratch, &smax);
				json_object_object_add(ts->meta, "max_over_ranks_summary",
						       summary_json(&smax, o));
				json_object_object_add(ts->meta, "rank_avg_min_us", jnum(rank_min));
				json_object_object_add(ts->meta, "rank_avg_max_us", jnum(rank_max));
			}
		}
	}
	free(mean);
	free(mx);
	agree_stop(c, size);
	return ts;
}

/* Append the trial and clean up. */
int bench_end(bench_ctx *c)
{
	int status = c->failed ? 1 : 0;
	/* A signal after the last size counts too (the trial is whole then). */
	int sig = signal_agreed();
	if (sig && !c->stop)
		c->stop = sig;
	int cut = c->stop && c->nsizes < c->nsizes_asked;
	const char *inc = getenv("SRIOVSTAT_INCOMPLETE");
	int drop = cut && inc && strcmp(inc, "drop") == 0;
	if (c->rank == 0) {
		progress_clear(c);
		char sb[32];
		if (c->stop)
			printf("# interrupted by %s after %d of %d sizes\n",
			       sys_signal_name(c->stop, sb, sizeof sb), c->trial ? (int)c->trial->nsizes : 0,
			       c->nsizes_asked);
		if (c->trial && cut)
			c->trial->complete = 0;
		if (c->trial && cut)
			json_object_object_add(c->trial->meta, "interrupted_by",
					       json_object_new_string(sys_signal_name(c->stop, sb, sizeof sb)));
		if (c->trial && c->opts.json_path && c->trial->nsizes > 0 && drop) {
			printf("# SRIOVSTAT_INCOMPLETE=drop: the incomplete trial is not written\n");
		} else if (c->trial && c->opts.json_path && c->trial->nsizes > 0) {
			st_err se;
			/* Signals wait until the file is whole (the write is atomic anyway). */
			signals_hold(1);
			int wrc = trial_file_append(c->opts.json_path, c->opts.label, c->trial, &se);
			signals_hold(0);
			if (wrc < 0) {
				bench_error(c, "%s", se.msg);
				status = 1;
			} else {
				printf("# trial %d of label \"%s\" written to %s%s\n", c->trial->number,
				       c->opts.label, c->opts.json_path, cut ? " (incomplete)" : "");
			}
		}
		trial_destroy(c->trial);
		c->trial = NULL;
	}
	/* Nothing is left to save: from here on a signal ends the process at
	 * once (MPICH 4.0 over TCP can hang in MPI_Finalize). */
	signals_default();
	free(c->scratch);
	c->scratch = NULL;
	if (c->node_comm != MPI_COMM_NULL)
		MPI_Comm_free(&c->node_comm);
	if (c->pair_comm != MPI_COMM_NULL)
		MPI_Comm_free(&c->pair_comm);
	MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
	return c->stop && status == 0 ? 128 + c->stop : status;
}

/* The pairs and bandwidth parts live in their own file (keeps this one
 * under 800 lines); they use the static helpers above. */
#include "harness_rows.c"
