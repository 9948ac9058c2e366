/* SPDX-License-Identifier: BSD-3-Clause */
/* test_experiment.c: the experiment-file parser, command splitting, the
 * plan of a sweep (order and balance) and which trials a resumed sweep runs. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "experiment.h"
#include "nodeset.h"

/* Parse text, expecting success. */
static experiment *parse_ok(const char *text)
{
	experiment *e = NULL;
	st_err err = {0};
	int rc = exp_parse(text, strlen(text), "t.ini", &e, &err);
	cr_assert_eq(rc, 0, "parse failed: %s", err.msg);
	cr_assert_not_null(e);
	return e;
}

/* Parse text, expecting code and a message that starts with prefix and
 * contains what. */
static void parse_bad(const char *text, int code, const char *prefix, const char *what)
{
	experiment *e = NULL;
	st_err err = {0};
	int rc = exp_parse(text, strlen(text), "t.ini", &e, &err);
	cr_assert_eq(rc, code, "rc %d (want %d) for:\n%s\nmessage: %s", rc, code, text, err.msg);
	cr_assert_null(e);
	cr_assert_eq(strncmp(err.msg, prefix, strlen(prefix)), 0,
		     "message '%s' does not start with '%s'", err.msg, prefix);
	cr_assert_not_null(strstr(err.msg, what), "message '%s' lacks '%s'", err.msg, what);
}

/* The value of variable name in c's environment ("(unset)" for an unset, NULL when absent). */
static const char *env_of(const exp_config *c, const char *name)
{
	for (size_t i = 0; i < c->nenv; i++)
		if (strcmp(c->env[i].name, name) == 0)
			return c->env[i].value ? c->env[i].value : "(unset)";
	return NULL;
}

static const char full[] = "# A full example: comments, blanks, both sections.\n"
			   "; another comment\n"
			   "[sweep]\n"
			   "command = mpiexec -n 2 p2p_lat -m 0:4096 -i 1000\n"
			   "trials = 15\n"
			   "seed = 42\n"
			   "env = UCX_NET_DEVICES=eth0\n"
			   "env = COMMON=1\n"
			   "interface = eth0\n"
			   "adaptive-rx = off\n"
			   "\n"
			   "  [config]  \n"
			   "label = rx88\n"
			   "rx-frames = 88\n"
			   "env = COMMON=2\n"
			   "\n"
			   "[config]\n"
			   "label = rx1\n"
			   "rx-frames = 1\n"
			   "rx-usecs = 0\n"
			   "unset = COMMON\n"
			   "env = EMPTY=\n"
			   "\n"
			   "[ config ]\r\n"
			   "label=app.x_1+2\r\n"
			   "command = mpirun -np 4 ./cg.C.x\r\n"
			   "benchmark = cg.C\r\n"
			   "interface = ib0\r\n"
			   "adaptive-rx = on\r\n"
			   "tx-frames = 7\r\n"
			   "tx-usecs = 9\r\n"
			   "adaptive-tx = yes\r\n";

Test(experiment, full_example)
{
	experiment *e = parse_ok(full);
	cr_assert_eq(e->trials, 15);
	cr_assert(e->seed_set);
	cr_assert_eq(e->seed, 42);
	cr_assert_eq(e->nconfigs, 3);

	const exp_config *a = &e->configs[0], *b = &e->configs[1], *c = &e->configs[2];
	cr_assert_str_eq(a->label, "rx88");
	cr_assert_eq(a->line, 12);
	cr_assert_eq(a->label_line, 13);
	cr_assert_eq(a->argc, 8);
	cr_assert_str_eq(a->argv[0], "mpiexec");
	cr_assert_str_eq(a->argv[3], "p2p_lat");
	cr_assert_str_eq(a->argv[7], "1000");
	cr_assert_null(a->argv[8]);
	cr_assert_eq(a->command_line, 4);
	cr_assert_null(a->benchmark);
	/* [sweep] env first, the configuration's value replaces it in place. */
	cr_assert_eq(a->nenv, 2);
	cr_assert_str_eq(a->env[0].name, "UCX_NET_DEVICES");
	cr_assert_str_eq(a->env[1].name, "COMMON");
	cr_assert_str_eq(a->env[1].value, "2");
	cr_assert_str_eq(a->coal.ifname, "eth0");
	cr_assert_eq(a->coal.rx_frames, 88);
	cr_assert_eq(a->coal.rx_usecs, -1);
	cr_assert_eq(a->coal.adaptive_rx, 0);
	cr_assert_eq(a->coal.tx_frames, -1);
	cr_assert_eq(a->coal.adaptive_tx, -1);

	cr_assert_str_eq(b->label, "rx1");
	cr_assert_str_eq(env_of(b, "COMMON"), "(unset)");
	cr_assert_str_eq(env_of(b, "EMPTY"), "");
	cr_assert_str_eq(env_of(b, "UCX_NET_DEVICES"), "eth0");
	cr_assert_eq(b->coal.rx_frames, 1);
	cr_assert_eq(b->coal.rx_usecs, 0);

	cr_assert_str_eq(c->label, "app.x_1+2");
	cr_assert_eq(c->line, 24);
	cr_assert_eq(c->command_line, 26);
	cr_assert_str_eq(c->argv[3], "./cg.C.x");
	cr_assert_str_eq(c->benchmark, "cg.C");
	cr_assert_str_eq(c->coal.ifname, "ib0");
	cr_assert_eq(c->coal.adaptive_rx, 1);
	cr_assert_eq(c->coal.tx_frames, 7);
	cr_assert_eq(c->coal.tx_usecs, 9);
	cr_assert_eq(c->coal.adaptive_tx, 1);
	cr_assert_str_eq(env_of(c, "COMMON"), "1");
	exp_destroy(e);
}

Test(experiment, minimal_without_sweep_section)
{
	experiment *e = parse_ok("[config]\nlabel = a\ncommand = true\n");
	cr_assert_eq(e->trials, 0);
	cr_assert_eq(e->seed_set, 0);
	cr_assert_eq(e->nconfigs, 1);
	cr_assert_eq(e->configs[0].nenv, 0);
	cr_assert_null(e->configs[0].coal.ifname);
	exp_destroy(e);
}

Test(experiment, no_final_newline_and_interface_without_settings)
{
	experiment *e = parse_ok("[sweep]\ninterface = eth0\ncommand = true\n[config]\nlabel = a");
	cr_assert_str_eq(e->configs[0].coal.ifname, "eth0");
	cr_assert_eq(e->configs[0].coal.rx_frames, -1);
	exp_destroy(e);
}

/* Each bad file: its code, its FILE:LINE prefix and the gist of the message. */
Test(experiment, bad_files)
{
	parse_bad("", ST_EFORMAT, "t.ini: ", "no [config] section");
	parse_bad("# only a comment\n[sweep]\ncommand = true\n", ST_EFORMAT,
		  "t.ini: ", "no [config] section");
	parse_bad("[sweep]\ncommand = true\nfoo = 1\n[config]\nlabel = a\n", ST_EFORMAT,
		  "t.ini:3: ", "unknown key 'foo'");
	parse_bad("[config]\nlabel = a\ncommand = true\nrx_frames = 3\n", ST_EFORMAT,
		  "t.ini:4: ", "did you mean 'rx-frames'");
	parse_bad("[sweep]\ncommand = true\n\n[config]\nenv = A=1\n", ST_EFORMAT,
		  "t.ini:4: ", "no label");
	parse_bad("[config]\nlabel = a\ncommand = true\n[config]\nlabel = b\ncommand = true\n"
		  "[config]\nlabel = a\ncommand = true\n",
		  ST_EFORMAT, "t.ini:8: ", "label 'a' is used twice (also on line 2)");
	parse_bad("command = true\n", ST_EFORMAT, "t.ini:1: ", "before any section");
	parse_bad("[configs]\n", ST_EFORMAT, "t.ini:1: ", "unknown section [configs]");
	parse_bad("[config x]\n", ST_EFORMAT, "t.ini:1: ", "label = x");
	parse_bad("[config\n", ST_EFORMAT, "t.ini:1: ", "must end with ']'");
	parse_bad("[sweep]\n[config]\n[sweep]\n", ST_EFORMAT,
		  "t.ini:3: ", "second [sweep] section (the first is on line 1)");
	parse_bad("[config]\nlabel = a\njust words\n", ST_EFORMAT,
		  "t.ini:3: ", "expected 'key = value'");
	parse_bad("[config]\nlabel = a\n = 3\n", ST_EFORMAT, "t.ini:3: ", "without a key");
	parse_bad("[config]\nlabel = a\nlabel = b\ncommand = true\n", ST_EFORMAT,
		  "t.ini:3: ", "'label' given twice in this section (first on line 2)");
	parse_bad("[config]\nlabel =\ncommand = true\n", ST_EVALUE, "t.ini:2: ", "empty value");
	parse_bad("[sweep]\nlabel = a\n[config]\nlabel = b\ncommand = true\n", ST_EFORMAT,
		  "t.ini:2: ", "'label' does not belong in [sweep]");
	parse_bad("[config]\nlabel = a\ncommand = true\ntrials = 3\n", ST_EFORMAT,
		  "t.ini:4: ", "'trials' does not belong in [config]");
	parse_bad("[config]\nlabel = a\n", ST_EFORMAT, "t.ini:1: ", "has no command");
	parse_bad("[config]\nlabel = a b\ncommand = true\n", ST_EVALUE,
		  "t.ini:2: ", "not usable as a file name");
	parse_bad("[config]\nlabel = -a\ncommand = true\n", ST_EVALUE,
		  "t.ini:2: ", "not usable as a file name");
	parse_bad("[config]\nlabel = sweep\ncommand = true\n", ST_EVALUE,
		  "t.ini:2: ", "'sweep' is reserved");
	parse_bad("[config]\nlabel = a\ncommand = \"true\n", ST_EVALUE,
		  "t.ini:3: ", "quote is not closed");
	parse_bad("[config]\nlabel = a\ncommand = true | cat\n", ST_EVALUE,
		  "t.ini:3: ", "would need a shell");
	parse_bad("[config]\nlabel = a\ncommand = X=1 true\n", ST_EVALUE,
		  "t.ini:3: ", "write 'env = X=1' instead");
	parse_bad("[config]\nlabel = a\ncommand = mpiexec -n 2 ./p2p_lat --json x.json\n",
		  ST_EVALUE, "t.ini:3: ", "leave out --json");
	parse_bad("[config]\nlabel = a\ncommand = coll_lat --label=x\n", ST_EVALUE,
		  "t.ini:3: ", "leave out --label");
	parse_bad("[config]\nlabel = a\ncommand = true\nrx-frames = 1\n", ST_EFORMAT,
		  "t.ini:1: ", "names no interface");
	parse_bad("[config]\nlabel = a\ncommand = true\ninterface = eth0\nrx-frames = -1\n",
		  ST_EVALUE, "t.ini:5: ", "rx-frames: '-1' is not a whole number");
	parse_bad("[config]\nlabel = a\ncommand = true\ninterface = eth0\nrx-usecs = 4294967296\n",
		  ST_EVALUE, "t.ini:5: ", "not a whole number from 0 to 4294967295");
	parse_bad("[config]\nlabel = a\ncommand = true\ninterface = eth0\nadaptive-rx = maybe\n",
		  ST_EVALUE, "t.ini:5: ", "not on or off");
	parse_bad("[config]\nlabel = a\ncommand = true\ninterface = a/b\n", ST_EVALUE,
		  "t.ini:4: ", "not a network interface name");
	parse_bad("[config]\nlabel = a\ncommand = true\ninterface = abcdefghijklmnop\n", ST_EVALUE,
		  "t.ini:4: ", "not a network interface name");
	parse_bad("[config]\nlabel = a\ncommand = true\nenv = 1X=2\n", ST_EVALUE,
		  "t.ini:4: ", "expected NAME=VALUE");
	parse_bad("[config]\nlabel = a\ncommand = true\nenv = NOEQUALS\n", ST_EVALUE,
		  "t.ini:4: ", "expected NAME=VALUE");
	parse_bad("[config]\nlabel = a\ncommand = true\nenv = A=1\nunset = A\n", ST_EVALUE,
		  "t.ini:5: ", "variable A is set twice in this section (also on line 4)");
	parse_bad("[config]\nlabel = a\ncommand = true\nenv = A=1\nenv = A=2\n", ST_EVALUE,
		  "t.ini:5: ", "variable A is set twice");
	parse_bad("[config]\nlabel = a\ncommand = true\nunset = A-B\n", ST_EVALUE,
		  "t.ini:4: ", "not a variable name");
	parse_bad("[config]\nlabel = a\ncommand = true\nbenchmark = a/b\n", ST_EVALUE,
		  "t.ini:4: ", "without '/'");
	parse_bad("[sweep]\ntrials = 0\n[config]\nlabel = a\ncommand = true\n", ST_EVALUE,
		  "t.ini:2: ", "trials: '0'");
	parse_bad("[sweep]\ntrials = 100001\n[config]\nlabel = a\ncommand = true\n", ST_EVALUE,
		  "t.ini:2: ", "from 1 to 100000");
	parse_bad("[sweep]\nseed = x\n[config]\nlabel = a\ncommand = true\n", ST_EVALUE,
		  "t.ini:2: ", "seed: 'x'");
	parse_bad("[sweep]\nseed = 4294967296\n[config]\nlabel = a\ncommand = true\n", ST_EVALUE,
		  "t.ini:2: ", "from 0 to 4294967295");
	/* A NUL byte: not a text file. */
	static const char nul[] = "[config]\nlabel = a\0\ncommand = true\n";
	experiment *e = NULL;
	st_err err = {0};
	cr_assert_eq(exp_parse(nul, sizeof nul - 1, "t.ini", &e, &err), ST_EFORMAT);
	cr_assert_not_null(strstr(err.msg, "t.ini:2: a NUL byte"), "%s", err.msg);
}

Test(experiment, missing_file)
{
	experiment *e = NULL;
	st_err err = {0};
	cr_assert_eq(exp_read("/nonexistent/dir/x.ini", &e, &err), ST_EIO);
	cr_assert_null(e);
	cr_assert_str_eq(err.msg, "/nonexistent/dir/x.ini: cannot open: No such file or directory");
}

Test(experiment, read_file)
{
	char path[] = "/tmp/sriovstat-exp-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	FILE *f = fdopen(fd, "w");
	cr_assert_not_null(f);
	fputs(full, f);
	fclose(f);
	experiment *e = NULL;
	st_err err = {0};
	int rc = exp_read(path, &e, &err);
	unlink(path);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_str_eq(e->name, path);
	cr_assert_eq(e->nconfigs, 3);
	exp_destroy(e);
}

/* ---- command lines ---- */

/* Split s and compare with the expected words (NULL-terminated). */
static void split_is(const char *s, const char *const *want)
{
	char **argv = NULL;
	size_t argc = 0;
	char why[256] = "";
	cr_assert_eq(exp_split_command(s, &argv, &argc, why, sizeof why), 0, "'%s': %s", s, why);
	size_t n = 0;
	while (want[n])
		n++;
	cr_assert_eq(argc, n, "'%s': %zu words, want %zu", s, argc, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(argv[i], want[i], "'%s' word %zu", s, i);
	cr_assert_null(argv[n]);
	exp_free_argv(argv);
}

/* Expect s to be refused with a reason containing what. */
static void split_bad(const char *s, const char *what)
{
	char **argv = NULL;
	size_t argc = 0;
	char why[256] = "";
	cr_assert_eq(exp_split_command(s, &argv, &argc, why, sizeof why), -1, "'%s' accepted", s);
	cr_assert_not_null(strstr(why, what), "'%s': '%s' lacks '%s'", s, why, what);
}

Test(command, split)
{
	split_is("a", (const char *const[]){"a", NULL});
	split_is("  mpiexec\t-n 2   ./p2p_lat  ",
		 (const char *const[]){"mpiexec", "-n", "2", "./p2p_lat", NULL});
	split_is("sh -c 'echo a | cat; exit 3'",
		 (const char *const[]){"sh", "-c", "echo a | cat; exit 3", NULL});
	split_is("x \"a \\\"b\\\" \\\\ c\" d",
		 (const char *const[]){"x", "a \"b\" \\ c", "d", NULL});
	split_is("x a\\ b \\| ''", (const char *const[]){"x", "a b", "|", "", NULL});
	split_is("x pre'mid'\"post\"", (const char *const[]){"x", "premidpost", NULL});
	/* No expansion: $HOME and * reach the program as they are. */
	split_is("echo $HOME *.c ~", (const char *const[]){"echo", "$HOME", "*.c", "~", NULL});
	/* A = after the first word is an argument. */
	split_is("env A=1 true", (const char *const[]){"env", "A=1", "true", NULL});
	split_is("'A=1' true", (const char *const[]){"A=1", "true", NULL});
}

Test(command, split_refused)
{
	split_bad("", "empty");
	split_bad("   ", "empty");
	split_bad("a 'b", "' quote is not closed");
	split_bad("a \"b", "\" quote is not closed");
	split_bad("a b\\", "backslash at the end");
	split_bad("a > out", "'>' would need a shell");
	split_bad("a < in", "'<'");
	split_bad("a && b", "'&'");
	split_bad("a; b", "';'");
	split_bad("a `b`", "'`'");
	split_bad("a $(b)", "'$'");
	split_bad("a ${B}", "'$'");
	split_bad("A=1 b", "write 'env = A=1' instead");
}

Test(command, kinds)
{
	char *a[] = {"mpiexec", "-n", "2", "/opt/x/bin/p2p_lat", "-m", "8", NULL};
	char *b[] = {"coll_lat", NULL};
	char *c[] = {"mpirun", "-np", "4", "./cg.C.x", NULL};
	char *d[] = {"p2p_latency", NULL};
	char *e[] = {"srun", "-n", "2", "p2p_bw", "--mode", "bibw", NULL};
	char *f[] = {"mpiexec", "-n", "2", "/usr/bin/verbs_bw", NULL};
	cr_assert_eq(exp_benchmark_index(a), 3);
	cr_assert_eq(exp_command_kind(a), EXP_BENCHMARK);
	cr_assert_eq(exp_benchmark_index(b), 0);
	cr_assert_eq(exp_command_kind(c), EXP_APPLICATION);
	cr_assert_eq(exp_benchmark_index(d), -1);
	cr_assert_eq(exp_benchmark_index(e), 3);
	cr_assert_eq(exp_benchmark_index(f), 3);
}

/* A stand-in for a PATH search: only these words are programs. */
static int fake_is_program(const char *w)
{
	return strcmp(w, "./cg.C.x") == 0 || strcmp(w, "numactl") == 0 ||
	       strcmp(w, "graph500") == 0;
}

Test(command, program_index)
{
	char *plain[] = {"./cg.C.x", "arg", NULL};
	char *mpi[] = {"mpirun", "-np", "4", "--host", "node1", "./cg.C.x", NULL};
	char *nested[] = {"srun", "-N", "2", "numactl", "-C", "0", "graph500", "20", NULL};
	char *none[] = {"mpiexec", "-n", "2", NULL};
	char *path_launcher[] = {"/usr/bin/mpiexec.hydra", "-n", "2", "./cg.C.x", NULL};
	cr_assert_eq(exp_program_index(plain, fake_is_program), 0);
	cr_assert_eq(exp_program_index(mpi, fake_is_program), 5);
	cr_assert_eq(exp_program_index(nested, fake_is_program), 6);
	cr_assert_eq(exp_program_index(none, fake_is_program), -1);
	cr_assert_eq(exp_program_index(path_launcher, fake_is_program), 3);
	/* Without a test: the first word that is neither an option nor a number. */
	char *simple[] = {"mpiexec", "-n", "2", "./a.out", NULL};
	cr_assert_eq(exp_program_index(simple, NULL), 3);
}

Test(command, is_executable)
{
	cr_assert(exp_is_executable("sh"));
	cr_assert(exp_is_executable("/bin/sh"));
	cr_assert_not(exp_is_executable("/etc/passwd"));
	cr_assert_not(exp_is_executable("/tmp"));
	cr_assert_not(exp_is_executable("sriovstat-no-such-program"));
	cr_assert_not(exp_is_executable(""));
}

Test(command, labels)
{
	cr_assert(exp_label_ok("a"));
	cr_assert(exp_label_ok("rx88"));
	cr_assert(exp_label_ok("UCX_TLS-sm.self+2"));
	cr_assert(exp_label_ok("sweep2"));
	cr_assert_not(exp_label_ok(""));
	cr_assert_not(exp_label_ok("sweep"));
	cr_assert_not(exp_label_ok(".hidden"));
	cr_assert_not(exp_label_ok("-x"));
	cr_assert_not(exp_label_ok("a/b"));
	cr_assert_not(exp_label_ok("a b"));
	cr_assert_not(exp_label_ok("a,b"));
	char longest[EXP_LABEL_MAX + 2];
	memset(longest, 'x', sizeof longest);
	longest[EXP_LABEL_MAX] = '\0';
	cr_assert(exp_label_ok(longest));
	longest[EXP_LABEL_MAX] = 'x';
	longest[EXP_LABEL_MAX + 1] = '\0';
	cr_assert_not(exp_label_ok(longest));
}

/* ---- the plan ---- */

/* Each round of a plan is a permutation of the configurations. */
static void check_rounds(const size_t *order, size_t n, unsigned trials)
{
	for (unsigned r = 0; r < trials; r++) {
		unsigned seen[64] = {0};
		for (size_t i = 0; i < n; i++) {
			size_t c = order[(size_t)r * n + i];
			cr_assert_lt(c, n);
			seen[c]++;
		}
		for (size_t c = 0; c < n; c++)
			cr_assert_eq(seen[c], 1, "round %u holds configuration %zu %u times", r, c,
				     seen[c]);
	}
}

Test(plan, rounds_are_permutations_and_reproducible)
{
	size_t a[5 * 40], b[5 * 40];
	st_err err = {0};
	cr_assert_eq(exp_plan(5, 40, 12345, a, &err), 0);
	check_rounds(a, 5, 40);
	cr_assert_eq(exp_plan(5, 40, 12345, b, &err), 0);
	cr_assert_eq(memcmp(a, b, sizeof a), 0, "the same seed gave another order");
	cr_assert_eq(exp_plan(5, 40, 12346, b, &err), 0);
	cr_assert_neq(memcmp(a, b, sizeof a), 0, "another seed gave the same 40 rounds");
	/* The rounds are not all the same order (interleaved, not blocked). */
	int differ = 0;
	for (unsigned r = 1; r < 40; r++)
		differ |= memcmp(a, a + r * 5, 5 * sizeof *a) != 0;
	cr_assert(differ);
}

Test(plan, longer_plan_extends_shorter)
{
	size_t shorter[3 * 5], longer[3 * 12];
	st_err err = {0};
	cr_assert_eq(exp_plan(3, 5, 7, shorter, &err), 0);
	cr_assert_eq(exp_plan(3, 12, 7, longer, &err), 0);
	cr_assert_eq(memcmp(shorter, longer, sizeof shorter), 0);
}

Test(plan, one_configuration)
{
	size_t o[4];
	st_err err = {0};
	cr_assert_eq(exp_plan(1, 4, 9, o, &err), 0);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(o[i], 0);
	cr_assert_eq(exp_plan(0, 4, 9, o, &err), ST_EUSAGE);
	cr_assert_eq(exp_plan(2, 0, 9, o, &err), ST_EUSAGE);
}

/* Over many rounds each configuration takes each place about equally often:
 * counts are Binomial(R, 1/n); allow 5 standard deviations. */
Test(plan, places_are_balanced)
{
	enum { N = 4, R = 4000 };
	static size_t o[N * R];
	st_err err = {0};
	cr_assert_eq(exp_plan(N, R, 2024, o, &err), 0);
	unsigned count[N][N] = {{0}};
	for (unsigned r = 0; r < R; r++)
		for (size_t i = 0; i < N; i++)
			count[o[(size_t)r * N + i]][i]++;
	double mean = (double)R / N, sd = sqrt(R * (1.0 / N) * (1 - 1.0 / N));
	for (size_t c = 0; c < N; c++)
		for (size_t i = 0; i < N; i++)
			cr_assert_lt(
				fabs(count[c][i] - mean), 5 * sd,
				"configuration %zu at place %zu: %u times (expected about %.0f)", c,
				i, count[c][i], mean);
}

/* ---- resuming ---- */

Test(resume, nothing_done_runs_everything)
{
	size_t o[3 * 4];
	unsigned char todo[3 * 4];
	unsigned done[3] = {0, 0, 0};
	st_err err = {0};
	cr_assert_eq(exp_plan(3, 4, 1, o, &err), 0);
	cr_assert_eq(exp_todo(o, 3, 4, done, todo), 12);
	for (int p = 0; p < 12; p++)
		cr_assert_eq(todo[p], 1);
}

Test(resume, partial_sweep_runs_the_missing_rounds)
{
	enum { N = 3, T = 5 };
	size_t o[N * T];
	unsigned char todo[N * T];
	unsigned done[N] = {2, 5, 0};
	st_err err = {0};
	cr_assert_eq(exp_plan(N, T, 77, o, &err), 0);
	size_t n = exp_todo(o, N, T, done, todo);
	cr_assert_eq(n, (T - 2) + 0 + T);
	for (unsigned r = 0; r < T; r++)
		for (size_t i = 0; i < N; i++) {
			size_t p = (size_t)r * N + i, c = o[p];
			int want = (c == 0 && r >= 2) || (c == 2);
			cr_assert_eq(todo[p], want, "round %u config %zu", r, c);
		}
}

Test(resume, finished_or_over_full_runs_nothing)
{
	size_t o[2 * 3];
	unsigned char todo[2 * 3];
	unsigned done[2] = {3, 7};
	st_err err = {0};
	cr_assert_eq(exp_plan(2, 3, 5, o, &err), 0);
	cr_assert_eq(exp_todo(o, 2, 3, done, todo), 0);
	for (int p = 0; p < 6; p++)
		cr_assert_eq(todo[p], 0);
}

/* ---- grids and node settings ---- */

/* The setting key of c, or NULL. */
static const char *setting_of(const exp_config *c, const char *key)
{
	for (size_t i = 0; i < c->nsettings; i++)
		if (strcmp(c->settings[i].key, key) == 0)
			return c->settings[i].value;
	return NULL;
}

Test(grid, product_in_order_with_labels_and_substitution)
{
	experiment *e = parse_ok("[sweep]\n"
				 "command = p2p_lat -m 8\n"
				 "interface = ib0\n"
				 "[config]\n"
				 "label = base\n"
				 "[config]\n"
				 "label = vm-rx{rx-frames}-{mode}\n"
				 "rx-frames = 1, 88\n"
				 "mode = poll, event\n"
				 "env = MODE={mode}\n"
				 "sysctl = net.core.busy_poll={poll}\n"
				 "poll = 50\n"
				 "command = echo {mode} {unknown}\n");
	cr_assert_eq(e->nconfigs, 5);
	static const char *const labels[] = {"base", "vm-rx1-poll", "vm-rx1-event", "vm-rx88-poll",
					     "vm-rx88-event"};
	for (size_t i = 0; i < 5; i++)
		cr_assert_str_eq(e->configs[i].label, labels[i]);
	const exp_config *c = &e->configs[3];
	cr_assert_eq(c->coal.rx_frames, 88);
	cr_assert_str_eq(c->coal.ifname, "ib0");
	cr_assert_str_eq(env_of(c, "MODE"), "poll");
	cr_assert_str_eq(setting_of(c, "sysctl:net.core.busy_poll"), "50");
	cr_assert_str_eq(c->argv[1], "poll");
	cr_assert_str_eq(c->argv[2], "{unknown}", "names that are no list stay as written");
	cr_assert_eq(c->line, 6);
	cr_assert_eq(e->configs[0].coal.rx_frames, -1);
	exp_destroy(e);
}

Test(grid, quoted_items_and_one_value)
{
	experiment *e = parse_ok("[config]\n"
				 "label = {net}\n"
				 "command = true\n"
				 "net = shm, \"tcp\"\n"
				 "tls = \"sm,self\"\n"
				 "env = UCX_TLS={tls}\n");
	cr_assert_eq(e->nconfigs, 2);
	cr_assert_str_eq(e->configs[1].label, "tcp");
	cr_assert_str_eq(env_of(&e->configs[1], "UCX_TLS"), "sm,self");
	exp_destroy(e);
}

Test(grid, refusals)
{
	parse_bad("[config]\nlabel = x\ncommand = true\nrx-frames = 1, 88\ninterface = a\n",
		  ST_EVALUE, "t.ini:4: ", "a list needs a label template naming it");
	parse_bad(
		"[config]\nlabel = x-{mode}\ncommand = true\nrx-frames = 1, 88\ninterface = a\nmode = a, b\n",
		ST_EVALUE, "t.ini:2: ", "does not name {rx-frames}");
	parse_bad("[config]\nlabel = x-{mdoe}\ncommand = true\nmode = a, b\n", ST_EVALUE,
		  "t.ini:2: ", "{mdoe} is no list or variable");
	parse_bad("[config]\nlabel = x\ncommand = true\nmode = a\n", ST_EFORMAT,
		  "t.ini:4: ", "unknown key 'mode'");
	parse_bad("[config]\nlabel = x-{mode}\ncommand = true\nmode = a,, b\n", ST_EVALUE,
		  "t.ini:4: ", "an empty value in the list");
	parse_bad(
		"[config]\nlabel = x-{a}-{b}-{c}\ncommand = true\n"
		"a = 1,2,3,4,5,6,7,8,9,10\nb = 1,2,3,4,5,6,7,8,9,10\nc = 1,2,3,4,5,6,7,8,9,10,11\n",
		ST_EVALUE, "t.ini:1: ", "more than 1000 configurations");
	parse_bad(
		"[config]\nlabel = x-{rx-frames}\ncommand = true\ninterface = a\nrx-frames = 1, x\n",
		ST_EVALUE, "t.ini:", "rx-frames: 'x' is not a whole number");
	parse_bad("[config]\nlabel = x-{mode}\ncommand = true\nmode = a, a\n", ST_EFORMAT,
		  "t.ini:2: ", "label 'x-a' is used twice");
}

Test(nodes, keys_and_settings)
{
	experiment *e = parse_ok("[sweep]\n"
				 "nodes = vm[1-2],other\n"
				 "reach = ssh -p 2222\n"
				 "command = true\n"
				 "sysctl = net.core.busy_poll=50\n"
				 "[config]\n"
				 "label = a\n"
				 "setting = coalesce:ib0:adaptive-rx=yes\n"
				 "sysctl = net.core.busy_poll=  0 \n");
	cr_assert_str_eq(e->nodes, "vm[1-2],other");
	cr_assert_str_eq(e->reach, "ssh -p 2222");
	cr_assert_eq(e->configs[0].nsettings, 2);
	cr_assert_str_eq(setting_of(&e->configs[0], "sysctl:net.core.busy_poll"), "0");
	cr_assert_str_eq(setting_of(&e->configs[0], "coalesce:ib0:adaptive-rx"), "on");
	exp_destroy(e);
	parse_bad("[sweep]\nnodes = n[3-1]\n[config]\nlabel = a\ncommand = true\n", ST_EVALUE,
		  "t.ini:2: ", "nodes: 'n[3-1]'");
	parse_bad("[sweep]\nreach = rsh {host}\n[config]\nlabel = a\ncommand = true\n", ST_EVALUE,
		  "t.ini:2: ", "a command template holding {node}");
	parse_bad("[sweep]\nreach = ssh\n[config]\nlabel = a\ncommand = true\n", ST_EFORMAT,
		  "t.ini:2: ", "'reach' without 'nodes'");
	parse_bad("[config]\nlabel = a\ncommand = true\nsetting = gpu:clock=3\n", ST_EVALUE,
		  "t.ini:4: ", "unknown setting 'gpu:clock'");
	parse_bad("[config]\nlabel = a\ncommand = true\nsetting = coalesce:ib0:rx-frames=-1\n",
		  ST_EVALUE, "t.ini:4: ", "is not a whole number");
	parse_bad("[config]\nlabel = a\ncommand = true\nsysctl = net.core.busy_poll\n", ST_EVALUE,
		  "t.ini:4: ", "expected NAME=VALUE");
}

Test(nodes, node_lists)
{
	char **names, why[256];
	size_t n;
	cr_assert_eq(ns_expand("n[1-3,7] rack[01-02]-x", &names, &n, why, sizeof why), 0, "%s",
		     why);
	cr_assert_eq(n, 6);
	static const char *const want[] = {"n1", "n2", "n3", "n7", "rack01-x", "rack02-x"};
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(names[i], want[i]);
	ns_free_names(names, n);
	cr_assert_eq(ns_expand("a,b,a", &names, &n, why, sizeof why), -1);
	cr_assert_not_null(strstr(why, "named twice"));
	cr_assert_eq(ns_expand("a[1-2", &names, &n, why, sizeof why), -1);
	cr_assert_eq(ns_expand("a;b", &names, &n, why, sizeof why), -1);
	char *enc = ns_encode("sysctl:net.ipv4.tcp_rmem=4096 87380 6291456%'");
	cr_assert_str_eq(enc, "sysctl:net.ipv4.tcp_rmem=4096%2087380%206291456%25%27");
	char *dec = ns_decode(enc);
	cr_assert_str_eq(dec, "sysctl:net.ipv4.tcp_rmem=4096 87380 6291456%'");
	free(enc);
	free(dec);
	cr_assert_null(ns_decode("a%2"));
	cr_assert_null(ns_decode("a%00"));
}
