/* SPDX-License-Identifier: BSD-3-Clause */
/* state.c: OUT/sweep.json, the record of a sweep: the experiment's
 * configurations (a resumed sweep must have the same), the seed and order,
 * each session and each run, and what is to be restored when a sweep was
 * killed with settings changed (doc/experiment.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sw_int.h"
#include "swmsg.h"
#include "trial.h"

/* A JSON array of strings. */
json_object *sw_jstrings(char *const *argv)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; argv[i]; i++)
		json_object_array_add(a, json_object_new_string(argv[i]));
	return a;
}

/* The environment changes of a configuration as JSON {NAME: value or null}. */
json_object *sw_env_json(const exp_config *c)
{
	json_object *o = json_object_new_object();
	for (size_t i = 0; i < c->nenv; i++)
		json_object_object_add(o, c->env[i].name,
				       c->env[i].value ? json_object_new_string(c->env[i].value)
						       : NULL);
	return o;
}

/* What identifies a configuration: a resumed sweep must have the same. */
static json_object *config_identity(const sw_config *sc)
{
	const exp_config *c = sc->c;
	json_object *o = json_object_new_object();
	json_object_object_add(o, "label", json_object_new_string(c->label));
	json_object_object_add(o, "command", sw_jstrings(c->argv));
	json_object_object_add(o, "env", sw_env_json(c));
	json_object_object_add(o, "coalescing", sw_coal_wanted_json(&c->coal));
	json_object_object_add(o, "benchmark",
			       c->benchmark ? json_object_new_string(c->benchmark) : NULL);
	if (c->nsettings > 0) {
		json_object *set = json_object_new_object();
		for (size_t i = 0; i < c->nsettings; i++)
			json_object_object_add(set, c->settings[i].key,
					       json_object_new_string(c->settings[i].value));
		json_object_object_add(o, "settings", set);
	}
	return o;
}

/* The configuration as recorded in sweep.json. */
static json_object *config_record(const sw_config *sc)
{
	json_object *o = config_identity(sc);
	json_object_object_add(
		o, "kind",
		json_object_new_string(sc->kind == EXP_BENCHMARK ? "benchmark" : "application"));
	json_object_object_add(o, "argv", sw_jstrings(sc->argv));
	const char *b = strrchr(sc->file, '/');
	json_object_object_add(o, "file", json_object_new_string(b ? b + 1 : sc->file));
	return o;
}

/* Whether recorded configuration rec is configuration i of this sweep;
 * 0, or ST_EMISMATCH naming the first field that differs. */
static int same_config(const sweep *s, size_t i, json_object *rec, st_err *err)
{
	json_object *mine = config_identity(&s->cfg[i]);
	const char *differs = NULL;
	json_object_object_foreach(mine, k, v)
	{
		json_object *rv = NULL;
		if (!json_object_object_get_ex(rec, k, &rv) || !json_object_equal(v, rv)) {
			differs = k;
			break;
		}
	}
	int rc = 0;
	if (differs) {
		json_object *lab = NULL;
		json_object_object_get_ex(rec, "label", &lab);
		rc = st_seterr(
			err, ST_EMISMATCH,
			"%s records another experiment: its configuration %zu ('%s') differs in its %s from the [config] on line %d of %s; "
			"resume only the same experiment (use another --out for a new one)",
			s->state_path, i + 1, lab ? json_object_get_string(lab) : "?", differs,
			s->cfg[i].c->line, s->exp_path);
	}
	json_object_put(mine);
	return rc;
}

/* Read OUT/sweep.json if present into s->state; check it fits this sweep. */
int sw_load_state(sweep *s, uint64_t *recorded_seed, int *have_seed, st_err *err)
{
	*have_seed = 0;
	if (access(s->state_path, F_OK) < 0)
		return 0;
	json_object *doc = json_object_from_file(s->state_path);
	json_object *x, *cfgs;
	int rc = 0;
	if (!doc || !json_object_is_type(doc, json_type_object) ||
	    !json_object_object_get_ex(doc, "format", &x) ||
	    strcmp(json_object_get_string(x), SWEEP_FORMAT) != 0) {
		rc = st_seterr(err, ST_EFORMAT, "%s: not a sweep record (%s); use another --out",
			       s->state_path,
			       doc ? "no \"format\": \"" SWEEP_FORMAT "\""
				   : "not valid JSON: damaged or cut short");
		goto out;
	}
	if (json_object_object_get_ex(doc, "seed", &x) && json_object_is_type(x, json_type_int)) {
		*recorded_seed = (uint64_t)json_object_get_int64(x);
		*have_seed = 1;
	}
	if (!json_object_object_get_ex(doc, "configs", &cfgs) ||
	    !json_object_is_type(cfgs, json_type_array)) {
		rc = st_seterr(err, ST_EFORMAT, "%s: no \"configs\" array; use another --out",
			       s->state_path);
		goto out;
	}
	size_t nrec = json_object_array_length(cfgs);
	if (nrec != s->n) {
		rc = st_seterr(
			err, ST_EMISMATCH,
			"%s records %zu configurations, %s has %zu: resume only the same experiment (use another --out for a new one)",
			s->state_path, nrec, s->exp_path, s->n);
		goto out;
	}
	for (size_t i = 0; i < s->n && rc == 0; i++)
		rc = same_config(s, i, json_object_array_get_idx(cfgs, i), err);
out:
	if (rc == 0)
		s->state = doc;
	else
		json_object_put(doc);
	return rc;
}

/* Save the state document. */
int sw_save_state(sweep *s, st_err *err)
{
	return st_write_json_atomic(s->state_path, s->state, err);
}

/* Save the state document; an error is reported (during a sweep). */
int sw_save_state_or_say(sweep *s)
{
	st_err err = {0};
	if (sw_save_state(s, &err) < 0) {
		sw_error("%s", err.msg);
		return -1;
	}
	return 0;
}

/* A new state document with its keys in a readable order. */
static json_object *new_state(const char *when)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "format", json_object_new_string(SWEEP_FORMAT));
	json_object_object_add(o, "version", json_object_new_int(SWEEP_VERSION));
	json_object_object_add(o, "created", json_object_new_string(when));
	/* Placeholders keep the keys in a readable order. */
	static const char *const keys[] = {"experiment", "seed",  "trials",
					   "configs",    "order", "pending_restore",
					   "sessions",   "runs"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		json_object_object_add(o, keys[i], NULL);
	json_object_object_add(o, "runs", json_object_new_array());
	json_object_object_add(o, "sessions", json_object_new_array());
	return o;
}

/* The plan as recorded: [[labels of round 1 in running order], ...]. */
static json_object *order_json(const sweep *s)
{
	json_object *order = json_object_new_array();
	for (unsigned r = 0; r < s->trials; r++) {
		json_object *round = json_object_new_array();
		for (size_t i = 0; i < s->n; i++)
			json_object_array_add(
				round, json_object_new_string(
					       s->cfg[s->order[(size_t)r * s->n + i]].c->label));
		json_object_array_add(order, round);
	}
	return order;
}

/* A session still "running" while we hold the lock died (killed): say so
 * in the record and here. */
static void mark_died(json_object *sessions)
{
	for (size_t i = 0; i < json_object_array_length(sessions); i++) {
		json_object *old = json_object_array_get_idx(sessions, i), *st, *start;
		if (!json_object_object_get_ex(old, "status", &st) ||
		    strcmp(json_object_get_string(st), "running") != 0)
			continue;
		json_object_object_add(old, "status", json_object_new_string("died"));
		json_object_object_get_ex(old, "start", &start);
		sw_warning(
			"sweep: the session started %s ended without closing its record (killed?); its unfinished trial is not counted, its child got SIGTERM",
			start ? json_object_get_string(start) : "earlier");
	}
}

/* Start (or continue) the state document for this session. */
int sw_begin_state(sweep *s, st_err *err)
{
	char when[64];
	st_iso8601_now(when, sizeof when);
	if (!s->state)
		s->state = new_state(when);
	json_object *o = s->state, *x;
	json_object_object_add(o, "experiment", json_object_new_string(s->exp_path));
	json_object_object_add(o, "seed", json_object_new_int64((int64_t)s->seed));
	json_object_object_add(o, "trials", json_object_new_int64(s->trials));
	json_object *cfgs = json_object_new_array();
	for (size_t i = 0; i < s->n; i++)
		json_object_array_add(cfgs, config_record(&s->cfg[i]));
	json_object_object_add(o, "configs", cfgs);
	json_object_object_add(o, "order", order_json(s));
	if (!json_object_object_get_ex(o, "runs", &x) || !json_object_is_type(x, json_type_array))
		json_object_object_add(o, "runs", json_object_new_array());
	if (!json_object_object_get_ex(o, "sessions", &x) ||
	    !json_object_is_type(x, json_type_array)) {
		x = json_object_new_array();
		json_object_object_add(o, "sessions", x);
	}
	mark_died(x);
	s->session = json_object_new_object();
	json_object_object_add(s->session, "start", json_object_new_string(when));
	json_object_object_add(s->session, "to_run", json_object_new_int64((int64_t)s->ntodo));
	json_object_object_add(s->session, "on_error",
			       json_object_new_string(s->on_error_continue ? "continue" : "stop"));
	json_object_object_add(s->session, "timeout", json_object_new_int64(s->timeout));
	json_object_object_add(s->session, "status", json_object_new_string("running"));
	json_object_array_add(x, s->session);
	return sw_save_state(s, err);
}

/* Close this session's record. */
void sw_end_state(sweep *s, const char *status)
{
	char when[64];
	st_iso8601_now(when, sizeof when);
	json_object_object_add(s->session, "end", json_object_new_string(when));
	json_object_object_add(s->session, "ran", json_object_new_int64((int64_t)s->ran));
	json_object_object_add(s->session, "failed", json_object_new_int64((int64_t)s->failed));
	json_object_object_add(s->session, "status", json_object_new_string(status));
	sw_save_state_or_say(s);
}
