/* SPDX-License-Identifier: BSD-3-Clause */
/* dryrun.c: sweep --dry-run: the plan printed on stdout (configurations,
 * what they change now and then, the order, what is to run); nothing runs
 * and nothing is written. */
#include <inttypes.h>
#include <stdio.h>

#include "sw_int.h"

/* Print the coalescing a configuration asks for, and what the interface has
 * now; 1 when it could not be applied (no such interface, no coalescing). */
static int print_coal(const exp_coal *c)
{
	printf("    coalescing  %s:", c->ifname);
	if (c->adaptive_rx >= 0)
		printf(" adaptive-rx %s", c->adaptive_rx ? "on" : "off");
	if (c->adaptive_tx >= 0)
		printf(" adaptive-tx %s", c->adaptive_tx ? "on" : "off");
	if (c->rx_usecs >= 0)
		printf(" rx-usecs %" PRId64, c->rx_usecs);
	if (c->rx_frames >= 0)
		printf(" rx-frames %" PRId64, c->rx_frames);
	if (c->tx_usecs >= 0)
		printf(" tx-usecs %" PRId64, c->tx_usecs);
	if (c->tx_frames >= 0)
		printf(" tx-frames %" PRId64, c->tx_frames);
	coal_settings now;
	st_err err;
	if (coal_get(c->ifname, &now, &err) < 0) {
		printf("  (now: cannot read: %s)\n", err.msg);
		return 1;
	} else if (!now.supported) {
		printf("  (now: %s does not support interrupt coalescing: these trials would fail)\n",
		       c->ifname);
		return 1;
	}
	const struct ethtool_coalesce *e = &now.ec;
	printf("  (now: adaptive-rx %s rx-usecs %u rx-frames %u tx-usecs %u tx-frames %u)\n",
	       e->use_adaptive_rx_coalesce ? "on" : "off", e->rx_coalesce_usecs,
	       e->rx_max_coalesced_frames, e->tx_coalesce_usecs, e->tx_max_coalesced_frames);
	return 0;
}

/* The sweep's parameters. */
static void print_header(const sweep *s, int state_found)
{
	size_t total = (size_t)s->trials * s->n;
	printf("experiment: %s\n", s->exp_path);
	printf("output:     %s%s\n", s->out,
	       state_found ? " (resuming the sweep recorded there)" : "");
	printf("trials:     %u per configuration, %zu configurations, %zu in all\n", s->trials,
	       s->n, total);
	printf("seed:       %" PRIu64 " (%s)\n", s->seed, s->seed_from);
	printf("on error:   %s\n", s->on_error_continue ? "continue" : "stop");
	if (s->timeout)
		printf("timeout:    %u s per trial\n", s->timeout);
	else
		printf("timeout:    none\n");
	if (s->nodes)
		swn_print_nodes(s->nodes);
}

/* A configuration: its trials, environment, command and settings; 1 when
 * its coalescing could not be applied here. */
static int print_config(const sweep *s, size_t i)
{
	const sw_config *sc = &s->cfg[i];
	unsigned have = sc->done < s->trials ? sc->done : s->trials;
	printf("  %s (line %d): %u of %u trials present, %u to run -> %s\n", sc->c->label,
	       sc->c->line, sc->done, s->trials, s->trials - have, sc->file);
	if (sc->kind == EXP_APPLICATION)
		printf("    timed as a whole: benchmark \"%s\", one sample per trial\n",
		       sc->bench_name);
	for (size_t k = 0; k < sc->c->nenv; k++) {
		if (sc->c->env[k].value)
			printf("    env         %s=%s\n", sc->c->env[k].name, sc->c->env[k].value);
		else
			printf("    unset       %s\n", sc->c->env[k].name);
	}
	printf("    command     ");
	sw_print_argv(stdout, sc->argv);
	printf("\n");
	if (s->nodes)
		swn_print_config(s->nodes, i);
	else if (exp_coal_changes(&sc->c->coal) && print_coal(&sc->c->coal))
		return 1;
	return 0;
}

/* --dry-run: what would run, in which order. */
size_t sweep_dry_run(sweep *s, int *node_problems)
{
	*node_problems = s->nodes && swn_check(s->nodes, 0, 0) > 0;
	size_t total = (size_t)s->trials * s->n, bad_coal = 0;
	print_header(s, s->state != NULL);
	printf("\nconfigurations:\n");
	for (size_t i = 0; i < s->n; i++)
		bad_coal += (size_t)print_config(s, i);
	printf("\norder (round: labels in running order; * = to run):\n");
	for (unsigned r = 0; r < s->trials; r++) {
		printf("  %*u:", s->trials >= 100 ? 5 : 3, r + 1);
		for (size_t i = 0; i < s->n; i++) {
			size_t p = (size_t)r * s->n + i;
			printf(" %s%s", s->cfg[s->order[p]].c->label, s->todo[p] ? "*" : "");
		}
		printf("\n");
	}
	printf("\n%zu of %zu trials to run.\n", s->ntodo, total);
	return bad_coal;
}
