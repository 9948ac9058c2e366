/* SPDX-License-Identifier: BSD-3-Clause */
/* trial.c: one trial of a sweep, in four steps: apply the configuration's
 * settings, run its command (logged), classify how it went (and write the
 * trial of an application run), record the outcome in sweep.json. The
 * settings are restored after the run whatever happened. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sw_int.h"
#include "swmsg.h"
#include "sysmsg.h"
#include "trial.h"

/* One trial under way. */
typedef struct sw_trial {
	size_t place;       /* in the plan */
	unsigned round;     /* of the plan */
	unsigned rec_round; /* what the trial records (sw_record_round) */
	sw_config *sc;
	char start[64];            /* ISO 8601 */
	json_object *run;          /* its entry in sweep.json's runs */
	sw_coal_state cs;          /* local coalescing, as applied */
	json_object *applied;      /* coalescing read back after applying it */
	json_object *node_applied; /* node settings read back */
	int before;                /* largest trial number in the file before */
	off_t log_from;            /* where this trial's output starts in the log */
	int fatal;                 /* an error that stops the sweep: nonzero */
	sw_result r;
	int ok, number;     /* it counts, as trial `number` */
	const char *result; /* "ok", "failed", "interrupted", "not run" */
} sw_trial;

/* Add the trial's entry to sweep.json's runs, as running. */
static int trial_begin(sweep *s, sw_trial *t)
{
	const exp_config *c = t->sc->c;
	t->run = json_object_new_object();
	json_object_object_add(t->run, "place", json_object_new_int64((int64_t)t->place + 1));
	json_object_object_add(t->run, "round", json_object_new_int64(t->round));
	json_object_object_add(t->run, "label", json_object_new_string(c->label));
	json_object_object_add(t->run, "start", json_object_new_string(t->start));
	json_object *runs;
	json_object_object_get_ex(s->state, "runs", &runs);
	json_object_array_add(runs, t->run);
	json_object_object_add(t->run, "result", json_object_new_string("running"));
	return sw_save_state_or_say(s);
}

/* Apply the configuration's node settings or local coalescing. 0 to run
 * the trial; -1 when they could not be applied (and what could be was put
 * back; t->fatal set when not even that). */
static int trial_apply(sweep *s, sw_trial *t)
{
	const exp_config *c = t->sc->c;
	size_t ci = s->order[t->place];
	if (s->nodes) {
		int rc = sw_nodes_apply(s, ci, &t->node_applied, t->r.message, sizeof t->r.message);
		if (rc > 0)
			t->fatal = 1;
		return rc == 0 ? 0 : -1;
	}
	if (exp_coal_changes(&c->coal) && sw_coal_apply(s, &c->coal, &t->cs, &t->applied,
							t->r.message, sizeof t->r.message) < 0) {
		if (sw_coal_restore(s, &c->coal, &t->cs) != 0)
			t->fatal = 1;
		return -1;
	}
	return 0;
}

/* Put back what trial_apply changed. */
static void trial_restore(sweep *s, sw_trial *t)
{
	if (sw_coal_restore(s, &t->sc->c->coal, &t->cs) != 0)
		t->fatal = 1;
	if (s->nodes && sw_nodes_restore(s, s->order[t->place]) != 0)
		t->fatal = 1;
}

/* The log's header of a trial: what runs, with which environment. */
static void log_header(const sweep *s, const sw_trial *t, int logfd)
{
	const sw_config *sc = t->sc;
	const exp_config *c = sc->c;
	FILE *lf = fdopen(dup(logfd), "a");
	if (!lf)
		return;
	fprintf(lf, "### sriovstat sweep: %s, round %u of %u, place %zu of %zu, %s\n### ", c->label,
		t->round, s->trials, t->place + 1, (size_t)s->trials * s->n, t->start);
	for (size_t i = 0; i < c->nenv; i++)
		fprintf(lf, c->env[i].value ? "%s=%s " : "%s(unset) ", c->env[i].name,
			c->env[i].value ? c->env[i].value : "");
	char *line = exp_shell_line(sc->argv);
	fputs(line ? line : "(out of memory)", lf);
	free(line);
	fputc('\n', lf);
	fclose(lf);
}

/* Run the trial's command, its output appended to its log. */
static void trial_run(sweep *s, sw_trial *t)
{
	sw_config *sc = t->sc;
	int logfd = open(sc->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (logfd < 0) {
		snprintf(t->r.message, sizeof t->r.message, "cannot open %s: %s", sc->log,
			 strerror(errno));
		t->fatal = 1;
		return;
	}
	t->log_from = lseek(logfd, 0, SEEK_END);
	log_header(s, t, logfd);
	if (sw_sig_caught())
		t->r.interrupted = 1; /* stop before starting anything */
	else
		sw_run_command(sc, logfd, s->timeout, t->rec_round,
			       s->nodes ? swn_keys(s->nodes) : NULL, &t->r);
	close(logfd);
}

/* Describe how a command ended. */
static void describe_status(const sw_result *r, char *buf, size_t len)
{
	char name[32];
	if (r->exec_errno)
		snprintf(buf, len, "cannot start: %s", strerror(r->exec_errno));
	else if (r->status < 0)
		snprintf(buf, len, "lost track of it");
	else if (WIFEXITED(r->status))
		snprintf(buf, len, "exit status %d", WEXITSTATUS(r->status));
	else if (WIFSIGNALED(r->status))
		snprintf(buf, len, "killed by %s",
			 sys_signal_name(WTERMSIG(r->status), name, sizeof name));
	else
		snprintf(buf, len, "ended with status 0x%x", (unsigned)r->status);
}

/* Read the configuration's file again; an error stops the sweep. */
static int recount(sw_trial *t)
{
	st_err err = {0};
	if (sw_count_trials(t->sc, &err) == 0)
		return 0;
	sw_error("%s", err.msg);
	t->fatal = 1;
	return -1;
}

/* Whether our benchmark added a complete trial to its file (had: the
 * complete trials before). */
static int benchmark_wrote(sw_trial *t, unsigned had)
{
	return t->sc->last_number > t->before && t->sc->done > had;
}

/* A trial stopped after --timeout: our benchmark may have written its trial
 * and hung after it (in MPI_Finalize, say): the trial is whole and counts. */
static void classify_timeout(const sweep *s, sw_trial *t, const char *how)
{
	unsigned had = t->sc->done;
	t->result = "failed";
	snprintf(t->r.message, sizeof t->r.message, "did not end within --timeout %u s (%s)",
		 s->timeout, how);
	if (t->sc->kind != EXP_BENCHMARK || recount(t) != 0 || !benchmark_wrote(t, had))
		return;
	t->ok = 1;
	t->result = "ok";
	t->number = t->sc->last_number;
	sw_clear_line();
	sw_warning(
		"sweep: %s, round %u: trial %d was written, then the command hung until --timeout: the trial counts",
		t->sc->c->label, t->round, t->number);
}

/* Our benchmark ended well: check that its trial is there. */
static void classify_benchmark(sw_trial *t)
{
	const exp_config *c = t->sc->c;
	unsigned had = t->sc->done;
	t->result = "failed";
	if (recount(t) != 0)
		return;
	if (!benchmark_wrote(t, had)) {
		snprintf(
			t->r.message, sizeof t->r.message,
			"exit status 0 but no new complete trial in %s (does the command pass its arguments on to %s?)",
			t->sc->file, c->argv[exp_benchmark_index(c->argv)]);
		return;
	}
	t->ok = 1;
	t->result = "ok";
	t->number = t->sc->last_number;
}

/* An application ended well: write its trial, one wall-clock sample. */
static void classify_application(const sweep *s, sw_trial *t)
{
	st_err err = {0};
	if (sw_write_application_trial(s, t->sc, t->start, t->place, t->rec_round, t->r.ns,
				       t->applied, t->node_applied, &t->number, &err) < 0) {
		sw_error("%s", err.msg);
		t->fatal = 1;
		t->result = "failed";
		snprintf(t->r.message, sizeof t->r.message, "could not record the trial in %s",
			 t->sc->file);
		return;
	}
	/* Read the file again, as for our benchmarks' trials. */
	t->ok = 1;
	t->result = "ok";
	recount(t);
}

/* How the trial went: t->result, t->ok and t->number. */
static void trial_classify(const sweep *s, sw_trial *t)
{
	const sw_result *r = &t->r;
	char how[256] = "";
	if (r->started)
		describe_status(r, how, sizeof how);
	if (r->interrupted) {
		t->result = "interrupted";
	} else if (!r->started) {
		t->result = "not run";
	} else if (r->timed_out) {
		classify_timeout(s, t, how);
	} else if (r->exec_errno || r->status < 0 || !WIFEXITED(r->status) ||
		   WEXITSTATUS(r->status) != 0) {
		t->result = "failed";
		snprintf(t->r.message, sizeof t->r.message, "%s", how);
	} else if (t->sc->kind == EXP_APPLICATION) {
		classify_application(s, t);
	} else {
		classify_benchmark(t);
	}
}

/* The outcome in the trial's entry of sweep.json's runs. */
static void run_outcome_json(const sw_trial *t)
{
	const sw_result *r = &t->r;
	json_object *run = t->run;
	json_object_object_add(run, "result", json_object_new_string(t->result));
	if (t->number)
		json_object_object_add(run, "trial", json_object_new_int(t->number));
	if (r->started) {
		char secs[32], name[32];
		snprintf(secs, sizeof secs, "%.3f", r->seconds);
		json_object_object_add(run, "seconds", json_object_new_double_s(r->seconds, secs));
		if (!r->exec_errno && r->status >= 0 && WIFEXITED(r->status))
			json_object_object_add(run, "exit_status",
					       json_object_new_int(WEXITSTATUS(r->status)));
		else if (!r->exec_errno && r->status >= 0 && WIFSIGNALED(r->status))
			json_object_object_add(run, "signal",
					       json_object_new_string(sys_signal_name(
						       WTERMSIG(r->status), name, sizeof name)));
	}
	if (r->timed_out)
		json_object_object_add(run, "timed_out", json_object_new_boolean(1));
	if (t->applied)
		json_object_object_add(run, "coalescing", t->applied);
	if (t->node_applied)
		json_object_object_add(run, "node_settings", t->node_applied);
	if (!t->ok && r->message[0])
		json_object_object_add(run, "message", json_object_new_string(r->message));
}

/* Record the outcome: sweep.json, the counts, a failure's message and the
 * end of its log. */
static void trial_record(sweep *s, sw_trial *t)
{
	sw_config *sc = t->sc;
	run_outcome_json(t);
	sc->seconds += t->r.seconds;
	if (t->ok) {
		sc->ran++;
		s->ran++;
	} else if (!t->r.interrupted) {
		sc->failed++;
		s->failed++;
		sw_progress_clear(s);
		sw_error("sweep: %s, round %u: %s", sc->c->label, t->round, t->r.message);
		if (t->r.started && !t->r.exec_errno)
			sw_print_tail(sc->log, t->log_from);
	}
	if (sw_save_state_or_say(s) != 0)
		t->fatal = 1;
}

/* Run the trial at a place of the plan. */
int sw_run_trial(sweep *s, size_t place)
{
	sw_trial t;
	memset(&t, 0, sizeof t);
	t.place = place;
	t.sc = &s->cfg[s->order[place]];
	t.round = (unsigned)(place / s->n + 1);
	t.rec_round = sw_record_round(t.sc, t.round);
	t.before = t.sc->last_number;
	st_iso8601_now(t.start, sizeof t.start);
	if (trial_begin(s, &t) != 0)
		return SW_TRIAL_FATAL;
	if (trial_apply(s, &t) == 0) {
		trial_run(s, &t);
		trial_restore(s, &t);
	}
	trial_classify(s, &t);
	trial_record(s, &t);
	if (t.fatal)
		return SW_TRIAL_FATAL;
	if (t.r.interrupted)
		return SW_TRIAL_INTERRUPTED;
	return t.ok ? SW_TRIAL_OK : SW_TRIAL_FAILED;
}
