/* SPDX-License-Identifier: BSD-3-Clause */
/* apptrial.c: the trial of an application run (any command that is not one
 * of our benchmarks): one sample, the wall clock of the whole command. */
#include <stdlib.h>
#include <unistd.h>

#include "sw_int.h"
#include "trial.h"

/* Trial metadata: what ran, where, with which settings, in which sweep. */
static void app_meta(const sweep *s, const sw_config *sc, json_object *m, const char *start,
		     size_t place, unsigned round, json_object *coal, json_object *nodes)
{
	char host[256] = "";
	gethostname(host, sizeof host - 1);
	json_object_object_add(m, "start", json_object_new_string(start));
	json_object_object_add(m, "command", sw_jstrings(sc->argv));
	json_object_object_add(m, "exit_status", json_object_new_int(0));
	json_object_object_add(m, "environment", sw_env_json(sc->c));
	json_object_object_add(m, "host", json_object_new_string(host));
	json_object *tm = json_object_new_object();
	json_object_object_add(tm, "name", json_object_new_string("CLOCK_MONOTONIC"));
	json_object_object_add(
		tm, "what",
		json_object_new_string("wall clock of the whole command, from fork to exit"));
	json_object_object_add(m, "timer", tm);
	if (coal)
		json_object_object_add(m, "coalescing", json_object_get(coal));
	if (nodes)
		json_object_object_add(m, "node_settings", json_object_get(nodes));
	json_object *sw = json_object_new_object();
	json_object_object_add(sw, "experiment", json_object_new_string(s->exp_path));
	json_object_object_add(sw, "seed", json_object_new_int64((int64_t)s->seed));
	json_object_object_add(sw, "round", json_object_new_int64((int64_t)round));
	json_object_object_add(sw, "place", json_object_new_int64((int64_t)(place + 1)));
	json_object_object_add(m, "sweep", sw);
}

/* Append the trial of an application run to its configuration's file. */
int sw_write_application_trial(const sweep *s, const sw_config *sc, const char *start, size_t place,
			       unsigned round, uint64_t ns, json_object *coal, json_object *nodes,
			       int *number, st_err *err)
{
	trial *t = trial_create(sc->bench_name, "");
	if (!t)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	if (!trial_add_size(t, 0, 1, 0, &ns, NULL, 1, err)) {
		trial_destroy(t);
		return err->code < 0 ? err->code : ST_EVALUE;
	}
	app_meta(s, sc, t->meta, start, place, round, coal, nodes);
	int rc = trial_file_append(sc->file, sc->c->label, t, err);
	*number = t->number;
	trial_destroy(t);
	return rc < 0 ? rc : 0;
}
