/* SPDX-License-Identifier: BSD-3-Clause */
/* exp_raw.h: the raw form of an experiment file, private to the parser
 * (experiment.c) and the grid expansion (grid.c): sections of key = value
 * entries, in file order, before their values are checked. */
#ifndef SRIOVSTAT_EXP_RAW_H
#define SRIOVSTAT_EXP_RAW_H

#include <stddef.h>

#include "experiment.h"
#include "sterr.h"

enum { SEC_SWEEP = 1, SEC_CONFIG = 2 };

/* The keys. */
enum {
	K_LABEL,
	K_COMMAND,
	K_BENCHMARK,
	K_ENV,
	K_UNSET,
	K_INTERFACE,
	K_RX_FRAMES,
	K_RX_USECS,
	K_ADAPTIVE_RX,
	K_TX_FRAMES,
	K_TX_USECS,
	K_ADAPTIVE_TX,
	K_TRIALS,
	K_SEED,
	K_NODES,
	K_REACH,
	K_SYSCTL,
	K_SETTING,
	K_VAR, /* a grid variable: a name of the file's own (grid.c) */
};

/* A key, where it may appear (SEC_* bits), and whether it may repeat. */
struct key {
	const char *name;
	int id;
	unsigned where;
	int repeat;
};

typedef struct entry {
	const struct key *key;
	char *name; /* K_VAR: the variable's name; else NULL */
	char *value;
	int line;
} entry;

typedef struct section {
	int kind;
	int line;
	entry *e;
	size_t n, cap;
} section;

typedef struct raw {
	section *s;
	size_t n, cap;
} raw;

/* The "unknown key" error for name at line (with a suggestion when it is a
 * known key misspelt with '_' or capitals). Returns ST_EFORMAT. */
int exp_unknown_key(st_err *err, const char *file, int line, const char *name);

/* Expand every grid section of r in place: a [config] whose label holds a
 * {NAME} template, with value lists (rx-frames = 1, 88) and variables
 * (mode = poll, event), becomes one [config] per combination, {NAME}
 * replaced in its values (grid.c). 0 or an ST_E* code with the message. */
int exp_grid_expand(raw *r, const char *file, st_err *err);

/* Release one section's entries. */
void exp_section_clear(section *s);

/* Whether the n bytes at s are an environment variable's name (the parser
 * and the command splitter, command.c). */
int exp_env_name_ok(const char *s, size_t n);

/* An error at a line of the file ("FILE:LINE: ...", or "FILE: ..." for
 * line 0): code, with the message in err. */
int exp_line_err(st_err *err, int code, const char *name, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* A "sysctl =" or "setting =" entry of a configuration (expset.c). */
int exp_setting_entry(exp_config *c, const entry *en, const char *name, st_err *err);

#endif
