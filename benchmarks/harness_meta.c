/* SPDX-License-Identifier: BSD-3-Clause */
/* harness_meta.c: what bench_begin records and prints once the options are
 * settled: the fingerprint gathered per node, the trial and its metadata,
 * and the header (harness_int.h). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bjson.h"
#include "config.h"
#include "fingerprint.h"
#include "harness_int.h"
#include "strparse.h"
#include "sysset.h"

extern char **environ;

/* A number for JSON, null when not finite; rounded to 1 ps to keep files terse. */
json_object *harness_jnum(double v)
{
	if (!isfinite(v))
		return NULL;
	char s[64];
	snprintf(s, sizeof s, "%.6f", v);
	return bj_double_s(v, s);
}

/* The summary object of a size for the trial file: avg, min, max and the
 * percentiles, each key ending in _UNIT. */
json_object *harness_values_json(double avg, double min, double max, const double *pct, int npct,
				 const bench_opts *o, const char *unit)
{
	json_object *j = bj_object();
	char key[48];
	snprintf(key, sizeof key, "avg_%s", unit);
	json_object_object_add(j, key, harness_jnum(avg));
	snprintf(key, sizeof key, "min_%s", unit);
	json_object_object_add(j, key, harness_jnum(min));
	snprintf(key, sizeof key, "max_%s", unit);
	json_object_object_add(j, key, harness_jnum(max));
	for (int k = 0; k < npct; k++) {
		char name[32];
		bench_percentile_name(o->percentiles[k], name, sizeof name);
		snprintf(key, sizeof key, "p%s_%s", name + 1, unit);
		json_object_object_add(j, key, harness_jnum(pct[k]));
	}
	return j;
}

/* A latency summary as JSON (us). */
json_object *harness_summary_json(const bench_summary *s, const bench_opts *o)
{
	return harness_values_json(s->avg_us, s->min_us, s->max_us, s->pct_us, s->npct, o, "us");
}

/* ---- the fingerprint, gathered per node ---- */

/* What the node leaders send rank 0: each its node object as JSON text. */
typedef struct node_texts {
	int *lens, *displs; /* rank 0: per node */
	char *all;          /* rank 0: the texts, each NUL-terminated */
} node_texts;

/* A node leader's node object as JSON text (NULL when out of memory). */
static char *node_text(void)
{
	json_object *n = fp_node(NULL);
	if (!n)
		return NULL;
	/* The settings an experiment changes (sriovstat sweep names them). */
	json_object *set = sset_read_list(getenv(SSET_ENV));
	if (set)
		json_object_object_add(n, "settings", set);
	char *text = strdup(json_object_to_json_string_ext(n, JSON_C_TO_STRING_PLAIN));
	json_object_put(n);
	return text;
}

/* The leaders' node texts to rank 0 (collective over leaders). Rank 0's
 * *ok says whether its buffers were allocated; the leaders agree on it. */
static void gather_nodes(bench_ctx *c, MPI_Comm leaders, node_texts *t, int *ok)
{
	char *mine = node_text();
	int len = mine ? (int)strlen(mine) + 1 : 0;
	if (c->rank == 0) {
		t->lens = calloc((size_t)c->nodes, sizeof *t->lens);
		t->displs = calloc((size_t)c->nodes, sizeof *t->displs);
		*ok = t->lens && t->displs;
	}
	MPI_Bcast(ok, 1, MPI_INT, 0, leaders);
	if (*ok)
		MPI_Gather(&len, 1, MPI_INT, t->lens, 1, MPI_INT, 0, leaders);
	if (*ok && c->rank == 0) {
		size_t total = 0;
		for (int i = 0; i < c->nodes; i++) {
			t->displs[i] = (int)total;
			total += (size_t)t->lens[i];
		}
		*ok = total < INT_MAX && (t->all = malloc(total + 1)) != NULL;
	}
	MPI_Bcast(ok, 1, MPI_INT, 0, leaders);
	if (*ok)
		MPI_Gatherv(mine, len, MPI_CHAR, t->all, t->lens, t->displs, MPI_CHAR, 0, leaders);
	free(mine);
}

/* Where one rank runs: its node index and CPU binding. */
typedef struct placement {
	int node;
	char cpus[252];
} placement;

/* Every rank's placement to rank 0 (collective). Rank 0 allocates; *ok
 * (rank 0's, and the nodes' gather before it) is agreed on first. */
static placement *gather_placement(bench_ctx *c, int node_index, int *ok)
{
	placement mine, *all = NULL;
	cpu_set_t set;
	CPU_ZERO(&set);
	memset(&mine, 0, sizeof mine);
	mine.node = node_index;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		fp_cpulist(&set, mine.cpus, sizeof mine.cpus);
	else
		snprintf(mine.cpus, sizeof mine.cpus, "unknown");
	if (c->rank == 0 && *ok)
		*ok = (all = calloc((size_t)c->nranks, sizeof *all)) != NULL;
	MPI_Bcast(ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (*ok)
		MPI_Gather(&mine, (int)sizeof mine, MPI_BYTE, all, (int)sizeof mine, MPI_BYTE, 0,
			   MPI_COMM_WORLD);
	return all;
}

/* Rank 0: the fingerprint object from the nodes' texts and the placements. */
static json_object *fingerprint_json(const bench_ctx *c, const node_texts *t, const placement *pl)
{
	json_object *fp = bj_object(), *nodes = bj_array();
	for (int i = 0; i < c->nodes; i++) {
		json_object *n = t->lens[i] ? json_tokener_parse(t->all + t->displs[i]) : NULL;
		if (!n)
			n = bj_object();
		json_object_object_add(n, "ranks", bj_array());
		json_object_array_add(nodes, n);
	}
	/* Each rank into its node's list in one pass over the ranks (a pass
	 * per node took 14 s at 16,384 ranks on as many nodes). */
	for (int r = 0; r < c->nranks; r++) {
		json_object *n = json_object_array_get_idx(nodes, (size_t)pl[r].node);
		json_object *ranks;
		if (n && json_object_object_get_ex(n, "ranks", &ranks))
			json_object_array_add(ranks, bj_int(r));
	}
	json_object_object_add(fp, "nodes", nodes);
	json_object *binding = bj_array();
	for (int r = 0; r < c->nranks; r++) {
		json_object *b = bj_object();
		json_object_object_add(b, "rank", bj_int(r));
		json_object_object_add(b, "node", bj_int(pl[r].node));
		json_object_object_add(b, "cpus", bj_string(pl[r].cpus));
		json_object_array_add(binding, b);
	}
	json_object_object_add(fp, "binding", binding);
	json_object_object_add(fp, "environment", fp_env(environ));
	return fp;
}

/* Gather the per-node fingerprints and rank placement onto rank 0 (NULL
 * elsewhere); sets c->nodes and c->ranks_per_node. *ok: every rank's
 * buffers were allocated (all ranks get the same answer). Collective. */
static json_object *gather_fingerprint(bench_ctx *c, int *ok)
{
	int local_rank, local_size;
	MPI_Comm_rank(c->node_comm, &local_rank);
	MPI_Comm_size(c->node_comm, &local_size);
	MPI_Comm leaders;
	MPI_Comm_split(MPI_COMM_WORLD, local_rank == 0 ? 0 : MPI_UNDEFINED, c->rank, &leaders);

	/* Node index: the leader's rank among leaders, shared within the node. */
	int node_index = 0;
	node_texts t = {NULL, NULL, NULL};
	*ok = 1;
	if (leaders != MPI_COMM_NULL) {
		MPI_Comm_rank(leaders, &node_index);
		MPI_Comm_size(leaders, &c->nodes);
	}
	MPI_Bcast(&node_index, 1, MPI_INT, 0, c->node_comm);
	MPI_Bcast(&c->nodes, 1, MPI_INT, 0, MPI_COMM_WORLD);
	MPI_Allreduce(&local_size, &c->ranks_per_node, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	if (leaders != MPI_COMM_NULL) {
		gather_nodes(c, leaders, &t, ok);
		MPI_Comm_free(&leaders);
	}
	placement *pl = gather_placement(c, node_index, ok);
	json_object *fp = *ok && c->rank == 0 ? fingerprint_json(c, &t, pl) : NULL;
	free(t.lens);
	free(t.displs);
	free(t.all);
	free(pl);
	return fp;
}

/* ---- the trial's metadata ---- */

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
	json_object *j = bj_object();
	json_object_object_add(j, "min_size", bj_int64((int64_t)o->min_size));
	json_object_object_add(j, "max_size", bj_int64((int64_t)o->max_size));
	json_object_object_add(j, "iterations", bj_int64((int64_t)o->iterations));
	json_object_object_add(j, "iterations_large", bj_int64((int64_t)o->iterations_large));
	json_object_object_add(j, "warmup", bj_int64((int64_t)o->warmup));
	json_object_object_add(j, "warmup_large", bj_int64((int64_t)o->warmup_large));
	json_object_object_add(j, "large_message_size", bj_int(BENCH_LARGE_MESSAGE_SIZE));
	json_object *p = bj_array();
	for (int i = 0; i < o->npercentiles; i++)
		json_object_array_add(p, bj_double(o->percentiles[i]));
	json_object_object_add(j, "percentiles", p);
	json_object *a = bj_array();
	for (int i = 0; i < argc; i++)
		json_object_array_add(a, bj_string(argv[i]));
	json_object_object_add(j, "argv", a);
	return j;
}

/* The timer as recorded in the trial. */
static json_object *timer_json(const bench_timer_info *ti)
{
	json_object *t = bj_object();
	json_object_object_add(t, "name", bj_string(ti->name));
	json_object_object_add(t, "resolution_ns", harness_jnum(ti->resolution_ns));
	json_object_object_add(t, "min_step_ns", harness_jnum(ti->min_step_ns));
	json_object_object_add(t, "overhead_ns", harness_jnum(ti->overhead_ns));
	return t;
}

/* The MPI library as recorded in the trial (first: its first line). */
static json_object *mpi_json(const char *first, const char *full)
{
	int ver, sub;
	MPI_Get_version(&ver, &sub);
	json_object *mpi = bj_object();
	json_object_object_add(mpi, "library", bj_string(first));
	char std[16];
	snprintf(std, sizeof std, "%d.%d", ver, sub);
	json_object_object_add(mpi, "standard", bj_string(std));
	json_object_object_add(mpi, "library_full", bj_string(full));
	return mpi;
}

/* Rank 0: the trial's metadata, fp (the fingerprint) taken. 0, or -1 when
 * out of memory. */
static int trial_meta(bench_ctx *c, int argc, char **argv, json_object *fp)
{
	char full[MPI_MAX_LIBRARY_VERSION_STRING + 1], when[64];
	mpi_library(full, sizeof full, c->mpi_first, sizeof c->mpi_first);
	c->trial = trial_create(c->prog->name, NULL);
	if (!c->trial) {
		json_object_put(fp);
		return -1;
	}
	json_object *m = c->trial->meta;
	st_iso8601_now(when, sizeof when);
	json_object_object_add(m, "start", bj_string(when));
	/* Run by sriovstat sweep: its round pairs this trial with the other
	 * configurations' trials of the same round. */
	uint64_t r;
	if (st_parse_u64(getenv("SRIOVSTAT_SWEEP_ROUND"), 1, INT_MAX, NULL, &r, NULL) == 0) {
		json_object *sw = bj_object();
		json_object_object_add(sw, "round", bj_int((int)r));
		json_object_object_add(m, "sweep", sw);
	}
	json_object_object_add(m, "ranks", bj_int(c->nranks));
	json_object_object_add(m, "nodes", bj_int(c->nodes));
	json_object_object_add(m, "ranks_per_node", bj_int(c->ranks_per_node));
	json_object_object_add(m, "options", options_json(&c->opts, argc, argv));
	json_object_object_add(m, "timer", timer_json(&c->timer));
	json_object_object_add(m, "mpi", mpi_json(c->mpi_first, full));
	json_object_object_add(m, "fingerprint", fp);
	harness_p2p_meta(c, m);
	return 0;
}

int harness_metadata(bench_ctx *c, int argc, char **argv)
{
	MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, c->rank, MPI_INFO_NULL,
			    &c->node_comm);
	int ok;
	json_object *fp = gather_fingerprint(c, &ok);
	if (!ok) {
		bench_error(c, "out of memory gathering the fingerprint of %d ranks on %d nodes",
			    c->nranks, c->nodes);
		return 1;
	}
	harness_pairs_setup(c, fp);
	int bad = c->rank == 0 && trial_meta(c, argc, argv, fp) < 0;
	MPI_Bcast(&bad, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (bad) {
		bench_error(c, "out of memory");
		return 1;
	}
	return BENCH_RUN;
}

/* ---- the header ---- */

/* Whether the launcher that started this rank writes to a terminal. Under
 * mpiexec a rank's stderr is a pipe to the launcher (hydra's proxy, Open
 * MPI's mpirun or orted), which copies it to its own stderr: walk up at most
 * four such launcher processes and look at where their fd 2 goes. 0: not a
 * terminal; 2: fd 2 is one; 3: fd 1 and fd 2 are the same terminal. */
static int launcher_on_tty(void)
{
	static const char *const launchers[] = {"hydra_pmi_proxy", "mpiexec", "mpirun", "orted",
						"prted",           "prterun", NULL};
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

/* Rank 0: the "#" header lines and the column names. */
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
	harness_print_warnings(c);
	if (c->prog->pairs || c->prog->bandwidth) {
		harness_print_p2p_columns(c);
		return;
	}
	if (harness_coll_osu_layout(c)) {
		harness_print_coll_columns(c);
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

void harness_header(bench_ctx *c)
{
	if (c->rank != 0)
		return;
	c->progress = c->opts.quiet ? 0 : isatty(STDERR_FILENO) ? 1 : launcher_on_tty();
	print_header(c, c->mpi_first);
}
