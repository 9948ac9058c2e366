/* SPDX-License-Identifier: BSD-3-Clause */
/* sweep.c: the sweep runner (sweep.h): opening a sweep (the experiment,
 * the output folder, the seed and the plan), starting it, the loop over
 * the plan, and closing it. The other steps live in the files sw_int.h
 * lists. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sw_int.h"

/* Release a sweep. */
void sweep_close(sweep *s)
{
	if (!s)
		return;
	for (size_t i = 0; s->cfg && i < s->n; i++)
		sw_config_clear(&s->cfg[i]);
	free(s->cfg);
	free(s->order);
	free(s->todo);
	free(s->out);
	free(s->out_abs);
	free(s->state_path);
	json_object_put(s->state);
	exp_destroy(s->e);
	swn_destroy(s->nodes);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s);
}

/* A seed from the system's entropy. */
static uint64_t new_seed(void)
{
	uint32_t v = 0;
	if (getrandom(&v, sizeof v, GRND_NONBLOCK) != (ssize_t)sizeof v) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		v = (uint32_t)(ts.tv_nsec ^ ts.tv_sec ^ ((long)getpid() << 16));
	}
	return v;
}

/* The node settings of the experiment, if it has any. */
static int setup_nodes(sweep *s, st_err *err)
{
	char tool[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", tool, sizeof tool - 1);
	if (n <= 0)
		return st_seterr(err, ST_EIO,
				 "sweep: cannot find sriovstat's own path (/proc/self/exe): %s",
				 strerror(errno));
	tool[n] = '\0';
	return swn_create(s->e, tool, &s->nodes, err);
}

/* The output folder, if it exists: a folder, locked unless a dry run. */
static int open_out(sweep *s, st_err *err)
{
	struct stat st;
	if (stat(s->out, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return st_seterr(err, ST_EIO, "--out %s: not a folder", s->out);
		s->out_abs = realpath(s->out, NULL);
		return s->dry_run ? 0 : sw_take_lock(s, err);
	}
	if (errno != ENOENT)
		return st_seterr(err, ST_EIO, "--out %s: %s", s->out, strerror(errno));
	return 0;
}

/* The seed: --seed, the file's, the recorded one, or a new one; a resumed
 * sweep must keep the one it recorded. */
static int choose_seed(sweep *s, const sw_options *o, uint64_t recorded, int have_recorded,
		       st_err *err)
{
	if (o->seed_set) {
		s->seed = o->seed;
		s->seed_from = "--seed";
	} else if (s->e->seed_set) {
		s->seed = s->e->seed;
		s->seed_from = "the experiment file";
	} else if (have_recorded) {
		s->seed = recorded;
		s->seed_from = "recorded in sweep.json";
	} else {
		s->seed = new_seed();
		s->seed_from =
			s->dry_run ? "drawn now: pass --seed to run this order" : "drawn now";
	}
	if (have_recorded && s->seed != recorded)
		return st_seterr(err, ST_EMISMATCH,
				 "%s was started with seed %" PRIu64 ", not %" PRIu64
				 " (%s): resume with the same seed, or use another --out",
				 s->state_path, recorded, s->seed, s->seed_from);
	return 0;
}

/* The plan, and which of its places still have to run. */
static int make_plan(sweep *s, st_err *err)
{
	size_t total = (size_t)s->trials * s->n;
	s->order = calloc(total, sizeof *s->order);
	s->todo = calloc(total, 1);
	unsigned *done = calloc(s->n, sizeof *done);
	if (!s->order || !s->todo || !done ||
	    exp_plan(s->n, s->trials, s->seed, s->order, err) < 0) {
		free(done);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < s->n; i++)
		done[i] = s->cfg[i].done;
	s->ntodo = exp_todo(s->order, s->n, s->trials, done, s->todo);
	free(done);
	return 0;
}

/* What the folder holds: sweep.json, the seed, the trials present, the
 * plan; settings an earlier sweep could not put back come first. */
static int read_folder(sweep *s, const sw_options *o, st_err *err)
{
	uint64_t recorded = 0;
	int have_recorded = 0, rc;
	if ((rc = sw_load_state(s, &recorded, &have_recorded, err)) != 0 ||
	    (rc = choose_seed(s, o, recorded, have_recorded, err)) != 0)
		return rc;
	for (size_t i = 0; i < s->n; i++)
		if ((rc = sw_count_trials(&s->cfg[i], err)) != 0)
			return rc;
	/* Rounds recorded without their record: a new seed would plan other
	 * rounds over them. */
	for (size_t i = 0; !have_recorded && !o->seed_set && !s->e->seed_set && i < s->n; i++)
		if (s->cfg[i].nrounds)
			return st_seterr(
				err, ST_EMISMATCH,
				"%s holds trials of an earlier sweep, but its record %s (and seed) is missing: resume with that sweep's --seed, or use another --out",
				s->cfg[i].file, s->state_path);
	if ((rc = make_plan(s, err)) != 0)
		return rc;
	if (s->state) {
		json_object *p = NULL;
		json_object_object_get_ex(s->state, "pending_restore", &p);
		if ((rc = sw_check_pending(s, err)) != 0)
			return rc;
		if (p && !s->dry_run && s->ntodo == 0)
			return sw_save_state(s, err);
	}
	return 0;
}

/* Read the experiment, the output folder and its record; make the plan. */
static int setup(sweep *s, const sw_options *o, st_err *err)
{
	int rc;
	if ((rc = exp_read(s->exp_path, &s->e, err)) < 0)
		return rc == ST_EUSAGE ? (err->code = ST_EFORMAT) : rc;
	if (!o->trials_set) {
		if (!s->e->trials)
			return st_seterr(
				err, ST_EUSAGE,
				"how many trials? give --trials N, or 'trials = N' in the [sweep] section of %s",
				s->exp_path);
		s->trials = s->e->trials;
	}
	s->n = s->e->nconfigs;
	s->cfg = calloc(s->n, sizeof *s->cfg);
	s->state_path = sw_asprintf("%s/sweep.json", s->out);
	if (!s->cfg || !s->state_path)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	if ((rc = open_out(s, err)) == 0 && (rc = sw_prepare_all(s, err)) == 0 &&
	    (rc = setup_nodes(s, err)) == 0)
		rc = read_folder(s, o, err);
	/* Only the missing number of trials is the command line's fault. */
	if (rc == ST_EUSAGE)
		rc = err->code = ST_EFORMAT;
	return rc;
}

/* Open a sweep. */
int sweep_open(const sw_options *o, sweep **out, st_err *err)
{
	*out = NULL;
	sweep *s = calloc(1, sizeof *s);
	if (!s || !(s->out = strdup(o->out))) {
		free(s);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	s->lock_fd = -1;
	s->exp_path = o->exp_path;
	s->trials = o->trials;
	s->on_error_continue = o->on_error_continue;
	s->timeout = o->timeout;
	s->dry_run = o->dry_run;
	s->progress = o->progress;
	int rc = setup(s, o, err);
	if (rc != 0) {
		sweep_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* Put back node settings an earlier sweep left changed. */
int sweep_restore_pending(sweep *s, st_err *err)
{
	return s->nodes ? sw_restore_pending_nodes(s, err) : 0;
}

/* How many trials are still to run. */
size_t sweep_to_run(const sweep *s)
{
	return s->ntodo;
}

/* Before the first trial. */
int sweep_start(sweep *s, st_err *err)
{
	int rc;
	if (s->nodes) {
		size_t bad = swn_check(s->nodes, 1, 0);
		if (bad)
			return st_seterr(
				err, ST_EIO,
				"sweep: %zu node%s cannot be set as the experiment asks (see above); no trial ran",
				bad, bad == 1 ? "" : "s");
	}
	if (sw_mkdir_p(s->out) < 0)
		return st_seterr(err, ST_EIO, "--out %s: cannot create: %s", s->out,
				 strerror(errno));
	if ((rc = sw_take_lock(s, err)) != 0)
		return rc;
	if (!s->out_abs) {
		/* The folder is new: name the files by its absolute path. */
		s->out_abs = realpath(s->out, NULL);
		if ((rc = sw_prepare_all(s, err)) != 0)
			return rc;
	}
	return sw_begin_state(s, err);
}

/* What the session's record says about how it ended. */
static const char *how_it_ended(const sweep *s, const char *how)
{
	int sig = sw_sig_caught();
	if (sig)
		return sig == SIGINT    ? "interrupted (SIGINT)"
		       : sig == SIGTERM ? "interrupted (SIGTERM)"
					: "interrupted (SIGHUP)";
	if (s->restore_failed)
		return "stopped: coalescing could not be restored";
	return how;
}

/* Run the trials still to run. */
void sweep_run(sweep *s, sw_outcome *o)
{
	struct sigaction old[SW_NSIGACTIONS];
	size_t total = (size_t)s->trials * s->n, nth = 0;
	const char *how = "finished";
	memset(o, 0, sizeof *o);
	sw_sig_install(old);
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	s->t0 = sw_now();
	for (size_t p = 0; p < total && !sw_sig_caught(); p++) {
		if (!s->todo[p])
			continue;
		sw_progress(s, p, ++nth, &s->cfg[s->order[p]]);
		int rc = sw_run_trial(s, p);
		if (rc == SW_TRIAL_OK)
			continue;
		o->failed_or_error = 1;
		if (rc == SW_TRIAL_FAILED && s->on_error_continue)
			continue;
		how = rc == SW_TRIAL_FAILED ? "stopped after a failed trial"
					    : "stopped by an error";
		break;
	}
	sw_progress_clear(s);
	sw_end_state(s, how_it_ended(s, how));
	prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	o->signal = sw_sig_caught();
	sw_sig_restore(old);
	o->ran = s->ran;
	o->failed = s->failed;
	o->restore_failed = s->restore_failed;
	o->seconds = sw_now() - s->t0;
	o->how = how;
}

/* Accessors. */
const char *sweep_out(const sweep *s)
{
	return s->out;
}

const char *sweep_state_path(const sweep *s)
{
	return s->state_path;
}

unsigned sweep_trials(const sweep *s)
{
	return s->trials;
}

size_t sweep_nconfigs(const sweep *s)
{
	return s->n;
}

const char *sweep_file(const sweep *s, size_t i)
{
	return s->cfg[i].file;
}
