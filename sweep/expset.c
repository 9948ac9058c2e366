/* SPDX-License-Identifier: BSD-3-Clause */
/* expset.c: the node settings of an experiment's configurations ("sysctl =",
 * "setting =" and coalescing as coalesce:IF:FIELD), checked and kept in the
 * canonical form of sysset.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exp_raw.h"
#include "experiment.h"
#include "sysset.h"

/* Set (or replace) node setting key of c to value (checked, canonical).
 * 0, -1 out of memory, -2 a bad value (the reason in why). */
static int setting_put(exp_config *c, const char *key, const char *value, st_err *why)
{
	char canon[SSET_VALUE_MAX];
	if (sset_canon(key, value, canon, sizeof canon, why) < 0)
		return -2;
	char *v = strdup(canon);
	if (!v)
		return -1;
	for (size_t i = 0; i < c->nsettings; i++)
		if (strcmp(c->settings[i].key, key) == 0) {
			free(c->settings[i].value);
			c->settings[i].value = v;
			return 0;
		}
	exp_setting *ns = realloc(c->settings, (c->nsettings + 1) * sizeof *ns);
	if (!ns) {
		free(v);
		return -1;
	}
	c->settings = ns;
	ns[c->nsettings].value = v;
	if (!(ns[c->nsettings].key = strdup(key))) {
		free(v);
		return -1;
	}
	c->nsettings++;
	return 0;
}

/* A "sysctl = NAME=VALUE" or "setting = KEY=VALUE" entry. */
int exp_setting_entry(exp_config *c, const entry *en, const char *name, st_err *err)
{
	char key[SSET_KEY_MAX + 8];
	st_err why;
	const char *v = en->value, *eq = strchr(v, '=');
	int sys = en->key->id == K_SYSCTL;
	if (!eq || eq == v)
		return exp_line_err(err, ST_EVALUE, name, en->line,
				    "%s: expected %s=VALUE, got '%s'", en->key->name,
				    sys ? "NAME" : "SETTING", v);
	if ((size_t)(eq - v) > SSET_KEY_MAX)
		return exp_line_err(err, ST_EVALUE, name, en->line, "%s: the name is too long",
				    en->key->name);
	snprintf(key, sizeof key, "%s%.*s", sys ? "sysctl:" : "", (int)(eq - v), v);
	if (sset_key_check(key, &why) < 0)
		return exp_line_err(err, ST_EVALUE, name, en->line, "%s: %s", en->key->name,
				    why.msg);
	int rc = setting_put(c, key, eq + 1, &why);
	if (rc == -2)
		return exp_line_err(err, ST_EVALUE, name, en->line, "%s: %s", en->key->name,
				    why.msg);
	if (rc < 0)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
	return 0;
}

/* Free node settings. */
void exp_free_settings(exp_setting *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].key);
		free(s[i].value);
	}
	free(s);
}

/* The node settings of a configuration. */
long exp_node_settings(const exp_config *c, int with_coal, exp_setting **out)
{
	static const char *const field[] = {"rx-frames", "rx-usecs", "adaptive-rx",
					    "tx-frames", "tx-usecs", "adaptive-tx"};
	int64_t v[6] = {c->coal.rx_frames, c->coal.rx_usecs, c->coal.adaptive_rx,
			c->coal.tx_frames, c->coal.tx_usecs, c->coal.adaptive_tx};
	exp_setting *s = calloc(c->nsettings + 7, sizeof *s);
	size_t n = 0;
	if (!s)
		return -1;
	for (size_t i = 0; with_coal && c->coal.ifname && i < 6; i++) {
		if (v[i] < 0)
			continue;
		char val[32];
		if (i == 2 || i == 5)
			snprintf(val, sizeof val, "%s", v[i] ? "on" : "off");
		else
			snprintf(val, sizeof val, "%" PRId64, v[i]);
		if (asprintf(&s[n].key, "coalesce:%s:%s", c->coal.ifname, field[i]) < 0) {
			s[n].key = NULL;
			goto oom;
		}
		if (!(s[n++].value = strdup(val)))
			goto oom;
	}
	for (size_t i = 0; i < c->nsettings; i++) {
		s[n].key = strdup(c->settings[i].key);
		s[n].value = strdup(c->settings[i].value);
		n++;
		if (!s[n - 1].key || !s[n - 1].value)
			goto oom;
	}
	*out = s;
	return (long)n;
oom:
	exp_free_settings(s, n + 1);
	return -1;
}
