/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz_experiment.c: libFuzzer target for the experiment-file parser
 * (sriovstat sweep, doc/experiment.md).
 *
 * The input is an experiment file. exp_parse must accept it or fail with a
 * one-line message; never crash, hang or leak. What it accepts must plan:
 * exp_plan gives every configuration exactly once per round, exp_todo
 * counts what is left, and the command of each configuration is classified
 * (abort() names the property that failed).
 * Built by tests/fuzz/build.sh with clang -fsanitize=fuzzer, and by make
 * check with tests/fuzz/replay.c as its main() (regressions and seeds). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "experiment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_experiment: property failed: %s: %s\n", what, msg);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	experiment *e = NULL;
	st_err err = {0};
	if (exp_parse((const char *)data, size, "fuzz.ini", &e, &err) < 0) {
		if (e)
			broken("exp_parse", "an experiment on failure");
		if (!err.msg[0] || strchr(err.msg, '\n'))
			broken("exp_parse", "not a one-line message");
		return 0;
	}
	if (e->nconfigs == 0)
		broken("exp_parse", "accepted without configurations");
	unsigned trials = e->trials ? (e->trials < 4 ? e->trials : 4) : 2;
	if (e->nconfigs <= 64) {
		size_t total = e->nconfigs * trials;
		size_t *order = calloc(total, sizeof *order);
		unsigned char *todo = calloc(total, 1);
		unsigned *done = calloc(e->nconfigs, sizeof *done);
		if (!order || !todo || !done)
			broken("calloc", "out of memory");
		if (exp_plan(e->nconfigs, trials, e->seed, order, &err) < 0)
			broken("exp_plan", err.msg);
		for (unsigned r = 0; r < trials; r++) {
			unsigned char *seen = calloc(e->nconfigs, 1);
			for (size_t i = 0; i < e->nconfigs; i++) {
				size_t c = order[(size_t)r * e->nconfigs + i];
				if (c >= e->nconfigs || seen[c]++)
					broken("exp_plan", "a round is not a permutation");
			}
			free(seen);
		}
		done[0] = 1;
		size_t left = exp_todo(order, e->nconfigs, trials, done, todo);
		if (left != total - 1)
			broken("exp_todo", "wrong count");
		free(order);
		free(todo);
		free(done);
	}
	for (size_t i = 0; i < e->nconfigs; i++) {
		const exp_config *c = &e->configs[i];
		if (!c->label || !*c->label || !c->argv || !c->argv[0])
			broken("exp_parse", "a configuration without label or command");
		(void)exp_command_kind(c->argv);
		(void)exp_benchmark_index(c->argv);
	}
	exp_destroy(e);
	return 0;
}
