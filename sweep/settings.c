/* SPDX-License-Identifier: BSD-3-Clause */
/* settings.c: what a trial changes on the machine and puts back after it:
 * interrupt coalescing of a local interface (coalesce.h), or the node
 * settings of every node (sweepnodes.h). What to put back is recorded in
 * sweep.json before anything changes, so that a sweep killed outright can
 * be restored (by the next sweep, or by hand). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_int.h"
#include "swmsg.h"

/* The coalescing a configuration asks for as JSON (null when none). */
json_object *sw_coal_wanted_json(const exp_coal *c)
{
	if (!c->ifname)
		return NULL;
	json_object *o = json_object_new_object();
	json_object_object_add(o, "interface", json_object_new_string(c->ifname));
	if (c->rx_frames >= 0)
		json_object_object_add(o, "rx_frames", json_object_new_int64(c->rx_frames));
	if (c->rx_usecs >= 0)
		json_object_object_add(o, "rx_usecs", json_object_new_int64(c->rx_usecs));
	if (c->adaptive_rx >= 0)
		json_object_object_add(o, "adaptive_rx", json_object_new_boolean(c->adaptive_rx));
	if (c->tx_frames >= 0)
		json_object_object_add(o, "tx_frames", json_object_new_int64(c->tx_frames));
	if (c->tx_usecs >= 0)
		json_object_object_add(o, "tx_usecs", json_object_new_int64(c->tx_usecs));
	if (c->adaptive_tx >= 0)
		json_object_object_add(o, "adaptive_tx", json_object_new_boolean(c->adaptive_tx));
	return o;
}

/* The ethtool -C command that puts back the fields a configuration changed. */
static void ethtool_restore_line(const exp_coal *want, const sw_coal_state *st, char *buf,
				 size_t len)
{
	const struct ethtool_coalesce *o = &st->orig.ec;
	size_t n = (size_t)snprintf(buf, len, "ethtool -C %s", st->ifname);
	if (want->adaptive_rx >= 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, " adaptive-rx %s",
				      o->use_adaptive_rx_coalesce ? "on" : "off");
	if (want->adaptive_tx >= 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, " adaptive-tx %s",
				      o->use_adaptive_tx_coalesce ? "on" : "off");
	if (want->rx_usecs >= 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, " rx-usecs %u", o->rx_coalesce_usecs);
	if (want->rx_frames >= 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, " rx-frames %u",
				      o->rx_max_coalesced_frames);
	if (want->tx_usecs >= 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, " tx-usecs %u", o->tx_coalesce_usecs);
	if (want->tx_frames >= 0 && n < len)
		snprintf(buf + n, len - n, " tx-frames %u", o->tx_max_coalesced_frames);
}

/* The fields a configuration changed, with their original values (for
 * sweep.json, so that a sweep killed outright can be restored by hand). */
static json_object *pending_json(const exp_coal *want, const sw_coal_state *st)
{
	char line[256];
	ethtool_restore_line(want, st, line, sizeof line);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "interface", json_object_new_string(st->ifname));
	json_object_object_add(o, "settings", sw_coal_wanted_json(want));
	json_object_object_add(o, "original", coal_to_json(&st->orig));
	json_object_object_add(o, "restore_command", json_object_new_string(line));
	return o;
}

/* Put back a configuration's original coalescing; loud when it cannot. */
int sw_coal_restore(sweep *s, const exp_coal *want, sw_coal_state *st)
{
	if (!st->active)
		return 0;
	char line[256];
	st_err err;
	if (coal_set(st->ifname, &st->orig, &err) == 0) {
		st->active = 0;
		json_object_object_add(s->state, "pending_restore", NULL);
		return 0;
	}
	ethtool_restore_line(want, st, line, sizeof line);
	const char *prog = sw_progname();
	sw_raw("\n%s: error: ****************************************************************\n"
	       "%s: error: COULD NOT RESTORE the interrupt coalescing of %s: %s\n"
	       "%s: error: restore it by hand, as root:\n"
	       "%s: error:     %s\n"
	       "%s: error: ****************************************************************\n",
	       prog, prog, st->ifname, err.msg, prog, prog, line, prog);
	s->restore_failed = 1;
	return -1;
}

/* The settings a configuration asks for, over the ones the interface has. */
static coal_settings coal_wanted(const exp_coal *want, const coal_settings *orig)
{
	coal_settings w = *orig;
	if (want->rx_frames >= 0)
		w.ec.rx_max_coalesced_frames = (uint32_t)want->rx_frames;
	if (want->rx_usecs >= 0)
		w.ec.rx_coalesce_usecs = (uint32_t)want->rx_usecs;
	if (want->adaptive_rx >= 0)
		w.ec.use_adaptive_rx_coalesce = (uint32_t)want->adaptive_rx;
	if (want->tx_frames >= 0)
		w.ec.tx_max_coalesced_frames = (uint32_t)want->tx_frames;
	if (want->tx_usecs >= 0)
		w.ec.tx_coalesce_usecs = (uint32_t)want->tx_usecs;
	if (want->adaptive_tx >= 0)
		w.ec.use_adaptive_tx_coalesce = (uint32_t)want->adaptive_tx;
	return w;
}

/* Apply a configuration's coalescing (the original is kept in st).
 * 0, or -1 with the reason in why. */
int sw_coal_apply(sweep *s, const exp_coal *want, sw_coal_state *st, json_object **applied,
		  char *why, size_t whylen)
{
	st_err err;
	memset(st, 0, sizeof *st);
	snprintf(st->ifname, sizeof st->ifname, "%s", want->ifname);
	if (coal_get(want->ifname, &st->orig, &err) < 0) {
		snprintf(why, whylen, "cannot read interrupt coalescing: %.511s", err.msg);
		return -1;
	}
	if (!st->orig.supported) {
		snprintf(
			why, whylen,
			"%s does not support interrupt coalescing (its driver answers \"Operation not supported\"): the settings of this configuration cannot be applied",
			want->ifname);
		return -1;
	}
	coal_settings w = coal_wanted(want, &st->orig);
	/* Record what to restore before changing anything. */
	st->active = 1;
	json_object_object_add(s->state, "pending_restore", pending_json(want, st));
	if (sw_save_state_or_say(s) != 0) {
		st->active = 0;
		json_object_object_add(s->state, "pending_restore", NULL);
		snprintf(why, whylen, "cannot record the original settings of %s in %s",
			 want->ifname, s->state_path);
		return -1;
	}
	if (coal_set(want->ifname, &w, &err) < 0) {
		snprintf(why, whylen, "cannot apply interrupt coalescing: %.511s", err.msg);
		return -1; /* the caller restores (the original may be partly changed) */
	}
	coal_settings now;
	if (coal_get(want->ifname, &now, &err) == 0)
		*applied = coal_to_json(&now);
	return 0;
}

/* Whether the fields a pending restore names are back at their original
 * values on the interface now. */
static int pending_is_restored(json_object *p)
{
	json_object *ifn, *set, *orig;
	if (!json_object_object_get_ex(p, "interface", &ifn) ||
	    !json_object_object_get_ex(p, "settings", &set) ||
	    !json_object_object_get_ex(p, "original", &orig) ||
	    !json_object_is_type(set, json_type_object))
		return 0;
	coal_settings now;
	if (coal_get(json_object_get_string(ifn), &now, NULL) < 0 || !now.supported)
		return 0;
	json_object *cur = coal_to_json(&now);
	int same = 1;
	json_object_object_foreach(set, k, v)
	{
		(void)v;
		if (strcmp(k, "interface") == 0)
			continue;
		json_object *a = NULL, *b = NULL;
		json_object_object_get_ex(cur, k, &a);
		json_object_object_get_ex(orig, k, &b);
		if (!a || !b || !json_object_equal(a, b))
			same = 0;
	}
	json_object_put(cur);
	return same;
}

/* A sweep killed outright (or unable to restore) left coalescing changed:
 * go on only once the interface is back at its original values. */
int sw_check_pending(sweep *s, st_err *err)
{
	json_object *p, *cmd, *ifn;
	if (!json_object_object_get_ex(s->state, "pending_restore", &p) || !p)
		return 0;
	json_object_object_get_ex(p, "restore_command", &cmd);
	json_object_object_get_ex(p, "interface", &ifn);
	const char *name = ifn ? json_object_get_string(ifn) : "?";
	if (pending_is_restored(p)) {
		sw_warning(
			"sweep: an earlier sweep in %s left the interrupt coalescing of %s to restore; it is back at its original values now",
			s->out, name);
		json_object_object_add(s->state, "pending_restore", NULL);
		return 0;
	}
	return st_seterr(
		err, ST_EMISMATCH,
		"sweep: an earlier sweep in %s ended without restoring the interrupt coalescing of %s; "
		"restore it by hand, as root:\n    %s\n"
		"and run the sweep again (if %s is gone for good, set \"pending_restore\" to null in %s)",
		s->out, name, cmd ? json_object_get_string(cmd) : "?", name, s->state_path);
}

/* Put configuration ci's node settings back; -1 when it fails (loudly). */
int sw_nodes_restore(sweep *s, size_t ci)
{
	if (swn_restore(s->nodes, ci) != 0) {
		s->restore_failed = 1;
		return -1;
	}
	json_object_object_add(s->state, "pending_node_restore", NULL);
	return 0;
}

/* Apply configuration ci's node settings on every node, after recording
 * what to put back in sweep.json. 0; -1 when they could not be applied
 * (the nodes are restored, the reason in why); 1 when not even that. */
int sw_nodes_apply(sweep *s, size_t ci, json_object **applied, char *why, size_t whylen)
{
	json_object_object_add(s->state, "pending_node_restore", swn_pending(s->nodes, ci));
	if (sw_save_state_or_say(s) != 0) {
		snprintf(why, whylen, "cannot record the nodes' settings in %s", s->state_path);
		return 1;
	}
	if (swn_apply(s->nodes, ci, applied, why, whylen) == 0)
		return 0;
	return sw_nodes_restore(s, ci) == 0 ? -1 : 1;
}

/* Put back what an earlier sweep left changed on the nodes (killed, or a
 * node that did not answer): also when nothing is left to run. */
int sw_restore_pending_nodes(sweep *s, st_err *err)
{
	json_object *p = NULL;
	if (s->state && json_object_object_get_ex(s->state, "pending_node_restore", &p) && p) {
		sw_warning(
			"sweep: an earlier sweep in %s ended without restoring node settings: restoring them now",
			s->out);
		if (swn_restore_pending(s->nodes, p) != 0)
			return st_seterr(
				err, ST_EIO,
				"sweep: run the commands above, then the sweep again (or set \"pending_node_restore\" to null in %s)",
				s->state_path);
		json_object_object_add(s->state, "pending_node_restore", NULL);
		return sw_save_state(s, err);
	}
	return 0;
}
