/* SPDX-License-Identifier: BSD-3-Clause */
/* command.c: the command of an experiment's configuration: split into
 * words without a shell, printed back as a shell line, and what it runs
 * (our benchmark, or which program behind launchers and wrappers). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exp_raw.h"
#include "experiment.h"

/* Free an argv made by exp_split_command. */
void exp_free_argv(char **argv)
{
	if (!argv)
		return;
	for (char **a = argv; *a; a++)
		free(*a);
	free(argv);
}

/* Whether a word needs quoting to be one shell word. */
static int needs_quotes(const char *w)
{
	if (!*w)
		return 1;
	for (const char *p = w; *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("@%+=:,./_-", *p)))
			return 1;
	return 0;
}

/* argv as one shell command line. */
char *exp_shell_line(char *const *argv)
{
	size_t len = 1;
	for (size_t k = 0; argv[k]; k++)
		len += strlen(argv[k]) * 4 + 3;
	char *s = malloc(len), *q = s;
	if (!s)
		return NULL;
	for (size_t k = 0; argv[k]; k++) {
		if (k)
			*q++ = ' ';
		if (!needs_quotes(argv[k])) {
			q = stpcpy(q, argv[k]);
			continue;
		}
		*q++ = '\'';
		for (const char *p = argv[k]; *p; p++)
			q = *p == '\'' ? stpcpy(q, "'\\''") : (*q++ = *p, q);
		*q++ = '\'';
	}
	*q = '\0';
	return s;
}

/* A shell character that has no meaning without a shell. */
static int shell_char(char c, char next)
{
	return c == '|' || c == '&' || c == ';' || c == '<' || c == '>' || c == '`' ||
	       (c == '$' && (next == '(' || next == '{'));
}

/* Read one word at *pp into word (unquoted, unescaped); *quoted when any
 * of it was quoted or escaped. 0, or -1 with the reason in why. */
static int read_word(const char **pp, char *word, int *quoted, char *why, size_t whylen)
{
	const char *p = *pp;
	size_t w = 0;
	*quoted = 0;
	while (*p && *p != ' ' && *p != '\t') {
		if (*p == '\'') {
			const char *q = strchr(p + 1, '\'');
			if (!q) {
				snprintf(why, whylen, "a ' quote is not closed");
				return -1;
			}
			memcpy(word + w, p + 1, (size_t)(q - p - 1));
			w += (size_t)(q - p - 1);
			p = q + 1;
			*quoted = 1;
		} else if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				word[w++] = *p++;
			}
			if (*p != '"') {
				snprintf(why, whylen, "a \" quote is not closed");
				return -1;
			}
			p++;
			*quoted = 1;
		} else if (*p == '\\') {
			if (!p[1]) {
				snprintf(why, whylen, "a backslash at the end of the command");
				return -1;
			}
			word[w++] = p[1];
			p += 2;
			*quoted = 1;
		} else {
			if (shell_char(*p, p[1])) {
				snprintf(
					why, whylen,
					"'%c' would need a shell, and commands run without one: quote it, or run sh -c '...' explicitly",
					*p);
				return -1;
			}
			word[w++] = *p++;
		}
	}
	word[w] = '\0';
	*pp = p;
	return 0;
}

/* Append a copy of word to the NULL-terminated *argv. 0 or -1. */
static int push_word(char ***argv, size_t *argc, size_t *cap, const char *word)
{
	if (*argc + 2 > *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		char **na = realloc(*argv, nc * sizeof *na);
		if (!na)
			return -1;
		*argv = na;
		*cap = nc;
	}
	if (!((*argv)[*argc] = strdup(word)))
		return -1;
	(*argv)[++*argc] = NULL;
	return 0;
}

/* Split a command line into words. */
int exp_split_command(const char *s, char ***argv_out, size_t *argc_out, char *why, size_t whylen)
{
	char **argv = NULL;
	size_t argc = 0, cap = 0;
	char *word = malloc(strlen(s) + 1);
	if (!word) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	const char *p = s;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		int quoted;
		if (read_word(&p, word, &quoted, why, whylen) < 0)
			goto fail;
		const char *eq = strchr(word, '=');
		if (argc == 0 && !quoted && eq && exp_env_name_ok(word, (size_t)(eq - word))) {
			snprintf(
				why, whylen,
				"'%s' sets a variable the way a shell does: write 'env = %s' instead",
				word, word);
			goto fail;
		}
		if (push_word(&argv, &argc, &cap, word) < 0) {
			snprintf(why, whylen, "out of memory");
			goto fail;
		}
	}
	free(word);
	if (argc == 0) {
		snprintf(why, whylen, "the command is empty");
		free(argv);
		return -1;
	}
	*argv_out = argv;
	*argc_out = argc;
	return 0;
fail:
	free(word);
	if (argv) {
		argv[argc] = NULL;
		exp_free_argv(argv);
	}
	return -1;
}

/* The last path component of s. */
static const char *base_name(const char *s)
{
	const char *b = strrchr(s, '/');
	return b ? b + 1 : s;
}

/* The index of our benchmark in argv, or -1. */
static int is_wrapper(const char *word);

/* Whether word names one of our benchmarks. */
static int is_ours(const char *word)
{
	static const char *const ours[] = {"p2p_lat", "p2p_bw", "coll_lat", "verbs_lat",
					   "verbs_bw"};
	for (size_t k = 0; k < sizeof ours / sizeof ours[0]; k++)
		if (strcmp(base_name(word), ours[k]) == 0)
			return 1;
	return 0;
}

int exp_benchmark_index(char *const *argv)
{
	/* Ours when it is the program, or comes after a launcher or wrapper
	 * (mpiexec -n 2 p2p_lat): "/bin/echo p2p_lat" runs echo. */
	if (!argv[0] || (!is_wrapper(argv[0]) && !is_ours(argv[0])))
		return -1;
	for (int i = 0; argv[i]; i++)
		if (is_ours(argv[i]))
			return i;
	return -1;
}

/* The kind of a command. */
enum exp_kind exp_command_kind(char *const *argv)
{
	return exp_benchmark_index(argv) >= 0 ? EXP_BENCHMARK : EXP_APPLICATION;
}

/* Whether a program name is a launcher or wrapper that runs another program. */
static int is_wrapper(const char *word)
{
	static const char *const w[] = {
		"mpirun",         "mpiexec",      "mpiexec.hydra",
		"mpiexec.mpich",  "mpirun.mpich", "mpiexec.openmpi",
		"mpirun.openmpi", "orterun",      "prterun",
		"prun",           "srun",         "aprun",
		"jsrun",          "ibrun",        "numactl",
		"taskset",        "hwloc-bind",   "chrt",
		"nice",           "env",          "time",
		"stdbuf",         "ip",
	};
	const char *b = base_name(word);
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		if (strcmp(b, w[i]) == 0)
			return 1;
	return 0;
}

/* The default test of a program word: not an option, not a number. */
static int looks_like_program(const char *word)
{
	if (word[0] == '-' || word[0] == '\0')
		return 0;
	for (const char *p = word; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 1;
	return 0;
}

/* The index of the application a command runs, or -1. */
int exp_program_index(char *const *argv, int (*is_program)(const char *word))
{
	if (!argv[0])
		return -1;
	if (!is_wrapper(argv[0]))
		return 0;
	if (!is_program)
		is_program = looks_like_program;
	for (int i = 1; argv[i]; i++) {
		if (argv[i][0] == '-' || !is_program(argv[i]))
			continue;
		if (!is_wrapper(argv[i]))
			return i;
	}
	return -1;
}

/* Whether path is an executable regular file. */
static int executable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Whether word names an executable. */
int exp_is_executable(const char *word)
{
	if (!*word)
		return 0;
	if (strchr(word, '/'))
		return executable_file(word);
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	size_t wl = strlen(word);
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t dl = colon ? (size_t)(colon - path) : strlen(path);
		char *full = malloc(dl + wl + 3);
		if (!full)
			return 0;
		if (dl == 0)
			snprintf(full, dl + wl + 3, "./%s", word);
		else
			snprintf(full, dl + wl + 3, "%.*s/%s", (int)dl, path, word);
		int ok = executable_file(full);
		free(full);
		if (ok)
			return 1;
		path += dl;
		if (*path == ':')
			path++;
	}
	return 0;
}
