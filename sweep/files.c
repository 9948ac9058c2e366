/* SPDX-License-Identifier: BSD-3-Clause */
/* files.c: a sweep's output folder: the argv and files of each
 * configuration, the trials their files hold already (and their rounds),
 * the folder itself and its lock. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sw_int.h"
#include "trial.h"

/* A new string from a format, or NULL. */
char *sw_asprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* mkdir -p. 0 or -1 with errno. */
int sw_mkdir_p(const char *dir)
{
	char *p = strdup(dir);
	if (!p)
		return -1;
	for (char *q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*q = '/';
	}
	int rc = mkdir(p, 0777);
	int e = errno;
	free(p);
	if (rc < 0 && e != EEXIST) {
		errno = e;
		return -1;
	}
	struct stat st;
	if (stat(dir, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* Lock the output folder for this sweep (it must exist). */
int sw_take_lock(sweep *s, st_err *err)
{
	if (s->lock_fd >= 0)
		return 0;
	char *lock = sw_asprintf("%s/sweep.lock", s->out);
	s->lock_fd = lock ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666) : -1;
	if (s->lock_fd < 0 || flock(s->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		int rc;
		if (errno == EWOULDBLOCK)
			rc = st_seterr(err, ST_EIO, "%s: another sweep is running in this folder",
				       s->out);
		else
			rc = st_seterr(err, ST_EIO, "%s: cannot lock: %s", lock ? lock : s->out,
				       strerror(errno));
		free(lock);
		return rc;
	}
	free(lock);
	return 0;
}

/* The directory sriovstat itself runs from (for our benchmarks), or NULL. */
static char *self_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return strdup(buf);
}

/* Whether a configuration's environment changes PATH. */
static int env_sets_path(const exp_config *c)
{
	for (size_t i = 0; i < c->nenv; i++)
		if (strcmp(c->env[i].name, "PATH") == 0)
			return 1;
	return 0;
}

/* Copy the command's words into sc->argv: our benchmark named without a
 * directory is taken from sriovstat's own directory when it is there. */
static int copy_command(sw_config *sc, const char *selfdir)
{
	const exp_config *c = sc->c;
	int bi = exp_benchmark_index(c->argv);
	for (size_t i = 0; i < c->argc; i++) {
		const char *w = c->argv[i];
		char *copy = NULL;
		if ((int)i == bi && !strchr(w, '/') && selfdir) {
			char *cand = sw_asprintf("%s/%s", selfdir, w);
			if (cand && exp_is_executable(cand))
				copy = cand;
			else
				free(cand);
		}
		if (!copy && !(copy = strdup(w)))
			return -1;
		sc->argv[i] = copy;
	}
	return 0;
}

/* Our benchmark gets --label and --json; an application run is named by
 * "benchmark =" or its program's name. 0 or -1 (out of memory). */
static int add_naming(sw_config *sc)
{
	const exp_config *c = sc->c;
	if (sc->kind == EXP_BENCHMARK) {
		sc->argv[c->argc] = strdup("--label");
		sc->argv[c->argc + 1] = strdup(c->label);
		sc->argv[c->argc + 2] = strdup("--json");
		sc->argv[c->argc + 3] = strdup(sc->file);
		for (size_t i = 0; i < 4; i++)
			if (!sc->argv[c->argc + i])
				return -1;
		return 0;
	}
	const char *name = c->benchmark;
	if (!name) {
		int pi = exp_program_index(c->argv, exp_is_executable);
		const char *w = c->argv[pi >= 0 ? pi : 0];
		const char *b = strrchr(w, '/');
		name = b ? b + 1 : w;
	}
	return (sc->bench_name = strdup(name)) ? 0 : -1;
}

/* Make the argv a configuration runs with and name its files. */
static int prepare_config(sweep *s, sw_config *sc, const char *selfdir, st_err *err)
{
	const exp_config *c = sc->c;
	const char *dir = s->out_abs ? s->out_abs : s->out;
	sc->kind = exp_command_kind(c->argv);
	sc->file = sw_asprintf("%s/%s.json", dir, c->label);
	sc->log = sw_asprintf("%s/%s.log", dir, c->label);
	size_t extra = sc->kind == EXP_BENCHMARK ? 4 : 0;
	sc->argv = calloc(c->argc + extra + 1, sizeof *sc->argv);
	if (!sc->file || !sc->log || !sc->argv || copy_command(sc, selfdir) < 0 ||
	    add_naming(sc) < 0)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	/* A command that cannot start fails here, before any trial runs. */
	if (!env_sets_path(c) && !exp_is_executable(sc->argv[0]))
		return st_seterr(err, ST_EVALUE, "%s:%d: command '%s' (configuration '%s'): %s",
				 s->exp_path, c->command_line, sc->argv[0], c->label,
				 strchr(sc->argv[0], '/') ? "not an executable file"
							  : "not found in PATH");
	return 0;
}

/* Free what prepare_config made of a configuration. */
void sw_config_clear(sw_config *sc)
{
	free(sc->file);
	free(sc->log);
	exp_free_argv(sc->argv);
	free(sc->bench_name);
	free(sc->rounds);
}

/* Prepare every configuration (again, once the output folder exists). */
int sw_prepare_all(sweep *s, st_err *err)
{
	char *selfdir = self_dir();
	int rc = 0;
	for (size_t i = 0; i < s->n && rc == 0; i++) {
		sw_config *sc = &s->cfg[i];
		sw_config_clear(sc);
		unsigned done = sc->done;
		int last = sc->last_number;
		memset(sc, 0, sizeof *sc);
		sc->c = &s->e->configs[i];
		sc->done = done;
		sc->last_number = last;
		rc = prepare_config(s, sc, selfdir, err);
	}
	free(selfdir);
	return rc;
}

/* The benchmark name sc's trials record: our benchmark's program name, or
 * the application's name. */
static const char *planned_benchmark(const sw_config *sc)
{
	if (sc->kind != EXP_BENCHMARK)
		return sc->bench_name;
	int bi = exp_benchmark_index(sc->argv);
	if (bi < 0)
		return NULL;
	const char *slash = strrchr(sc->argv[bi], '/');
	return slash ? slash + 1 : sc->argv[bi];
}

/* Whether a trial's recorded command (an application trial's meta
 * "command") differs from the one sc runs; a trial without one passes. */
static int other_command(const trial *t, const sw_config *sc)
{
	json_object *cmd;
	if (!t->meta || !json_object_object_get_ex(t->meta, "command", &cmd))
		return 0;
	if (!json_object_is_type(cmd, json_type_array))
		return 1;
	size_t n = json_object_array_length(cmd), i = 0;
	for (; i < n && sc->argv[i]; i++) {
		json_object *w = json_object_array_get_idx(cmd, i);
		if (!json_object_is_type(w, json_type_string) ||
		    strcmp(json_object_get_string(w), sc->argv[i]) != 0)
			return 1;
	}
	return i != n || sc->argv[i] != NULL;
}

/* Refuse a trial this sweep's plan did not record (issue 18): one without
 * a sweep round, of another benchmark, or of another command. Counting it
 * would skip rounds that never ran. 0, or an error naming the file. */
static int foreign_trial(const trial *t, const sw_config *sc, st_err *err)
{
	const char *want = planned_benchmark(sc), *why = NULL;
	if (!trial_sweep_round(t))
		why = "records no sweep round";
	else if (want && strcmp(t->benchmark, want) != 0)
		why = "is of another benchmark";
	else if (sc->kind != EXP_BENCHMARK && other_command(t, sc))
		why = "ran another command";
	if (!why)
		return 0;
	return st_seterr(
		err, ST_EMISMATCH,
		"%s: trial %d %s (benchmark %s; configuration '%s' runs %s): the sweep counts only "
		"trials it recorded; move the file away or use another --out",
		sc->file, t->number, why, t->benchmark, sc->c->label, want ? want : "?");
}

/* Count the complete trials in a configuration's file, refusing a file
 * that holds a trial this sweep did not record. */
int sw_count_trials(sw_config *sc, st_err *err)
{
	sc->done = 0;
	sc->last_number = 0;
	sc->nrounds = 0;
	if (access(sc->file, F_OK) < 0) {
		if (errno == ENOENT)
			return 0;
		return st_seterr(err, ST_EIO, "%s: %s", sc->file, strerror(errno));
	}
	trial_file *tf = NULL;
	if (trial_file_read(sc->file, TRIAL_READ_NO_SAMPLES, &tf, err) < 0) {
		/* The reader's message, and what to do about it. */
		size_t l = strlen(err->msg);
		snprintf(err->msg + l, sizeof err->msg - l,
			 " (the sweep does not overwrite it; move it away or use another --out)");
		return err->code < 0 ? err->code : ST_EFORMAT;
	}
	if (strcmp(tf->label, sc->c->label) != 0) {
		int rc = st_seterr(err, ST_EMISMATCH,
				   "%s holds label \"%s\", not \"%s\": use another --out", sc->file,
				   tf->label, sc->c->label);
		trial_file_destroy(tf);
		return rc;
	}
	int *rounds = realloc(sc->rounds, (tf->ntrials ? tf->ntrials : 1) * sizeof *rounds);
	if (!rounds) {
		trial_file_destroy(tf);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	sc->rounds = rounds;
	for (size_t i = 0; i < tf->ntrials; i++) {
		int rc = foreign_trial(&tf->trials[i], sc, err);
		if (rc < 0) {
			trial_file_destroy(tf);
			return rc;
		}
	}
	for (size_t i = 0; i < tf->ntrials; i++) {
		int r = trial_sweep_round(&tf->trials[i]);
		if (tf->trials[i].complete) {
			sc->done++;
			if (r)
				sc->rounds[sc->nrounds++] = r;
		}
		if (tf->trials[i].number > sc->last_number)
			sc->last_number = tf->trials[i].number;
	}
	trial_file_destroy(tf);
	return 0;
}

/* Whether sc's file holds a complete trial of round r. */
static int has_round(const sw_config *sc, unsigned r)
{
	for (size_t i = 0; i < sc->nrounds; i++)
		if ((unsigned)sc->rounds[i] == r)
			return 1;
	return 0;
}

/* The round to record for a trial of sc run in round planned: that round,
 * unless the file holds it already (a sweep resumed after a failed trial
 * plans by counts), then the smallest round the file lacks, so that every
 * round stays once in the file and compare can pair trials by round. */
unsigned sw_record_round(const sw_config *sc, unsigned planned)
{
	if (!has_round(sc, planned))
		return planned;
	unsigned r = 1;
	while (has_round(sc, r))
		r++;
	return r;
}
