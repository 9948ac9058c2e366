/* SPDX-License-Identifier: BSD-3-Clause */
/* sweep.c: sriovstat sweep: run the configurations of an experiment file as
 * interleaved, randomized trials, one trial file per label, with interrupt
 * coalescing applied before each trial and restored after it (also after a
 * failure, an error or SIGINT/SIGTERM/SIGHUP). Resumable from the files. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "coalesce.h"
#include "experiment.h"
#include "report.h"
#include "sweep.h"
#include "sweepnodes.h"
#include "swmsg.h"
#include "sysset.h"

#define SWEEP_FORMAT "sriovstat-sweep"
#define SWEEP_VERSION 1
/* Seconds between forwarding a signal to a trial and killing it outright. */
#define SWEEP_KILL_AFTER 10
/* Lines of a failed trial's output quoted on stderr. */
#define SWEEP_TAIL_LINES 10

static const char sweep_help[] =
	"Usage: sriovstat sweep [OPTION]... EXPERIMENT\n"
	"Run the configurations of an experiment file (doc/experiment.md) as trials\n"
	"interleaved in a randomized order: every round runs each configuration once,\n"
	"in a seeded random order. Each configuration's trials go to OUT/LABEL.json\n"
	"(p2p_lat, coll_lat and verbs_lat get --label and --json; any other command is\n"
	"timed as a whole, one sample per trial); its output goes to OUT/LABEL.log.\n"
	"Interrupt coalescing is applied before a trial and restored after it, also\n"
	"when the trial fails or the sweep is interrupted. Running the same sweep\n"
	"again continues with the trials that are missing.\n"
	"\n"
	"Options:\n"
	"  -n, --trials N        trials per configuration (default: 'trials' in [sweep])\n"
	"  -o, --out DIR         folder of the trial files, logs and sweep.json (required;\n"
	"                        created when missing)\n"
	"  -s, --seed S          seed of the order, 0 to 4294967295 (default: the file's\n"
	"                        'seed', the one a resumed sweep recorded, or a new one)\n"
	"      --dry-run         print the plan (configurations, order, what is to run)\n"
	"                        and exit without running or writing anything\n"
	"      --on-error MODE   when a trial fails: stop (default) or continue\n"
	"  -t, --timeout SEC     stop a trial that runs longer than SEC seconds (SIGTERM,\n"
	"                        SIGKILL 10 s later); it fails, unless our benchmark\n"
	"                        wrote its trial before hanging (default 0: no limit)\n"
	"      --no-summary      do not print 'sriovstat summary' of the files at the end\n"
	"  -q, --quiet           no progress line (shown only when stderr is a terminal)\n"
	"  -h, --help            show this help and exit\n"
	"\n"
	"Exit status: 0 all planned trials ran, 1 invalid experiment or output folder,\n"
	"a failed trial or a failed restore, 2 usage error, 128+N stopped by signal N\n"
	"(130 SIGINT, 143 SIGTERM).\n";

/* ---- signals: the handler only records and forwards ---- */

static volatile sig_atomic_t sw_signal;     /* first SIGINT/SIGTERM/SIGHUP, or 0 */
static volatile sig_atomic_t sw_alarm;      /* SIGALRM arrived */
static volatile sig_atomic_t sw_child_pgid; /* process group of the running trial, or 0 */

/* Record the signal and pass it on to the trial's process group. */
static void on_signal(int sig)
{
	int saved = errno;
	if (!sw_signal)
		sw_signal = sig;
	if (sw_child_pgid > 0)
		kill(-(pid_t)sw_child_pgid, sig);
	errno = saved;
}

/* Note the escalation timer. */
static void on_alarm(int sig)
{
	(void)sig;
	sw_alarm = 1;
}

static const int sw_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NSIGNALS (sizeof sw_signals / sizeof sw_signals[0])

/* Install (or, with restore, put back) the handlers. */
static void signals_install(struct sigaction *old, int restore)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: waitpid must return EINTR */
	for (size_t i = 0; i < NSIGNALS; i++) {
		if (restore) {
			sigaction(sw_signals[i], &old[i], NULL);
		} else {
			sa.sa_handler = on_signal;
			sigaction(sw_signals[i], &sa, &old[i]);
		}
	}
	if (restore) {
		sigaction(SIGALRM, &old[NSIGNALS], NULL);
	} else {
		sa.sa_handler = on_alarm;
		sigaction(SIGALRM, &sa, &old[NSIGNALS]);
	}
}

/* The name of a signal for messages. */
static const char *signame(int sig)
{
	switch (sig) {
	case SIGINT: return "SIGINT";
	case SIGTERM: return "SIGTERM";
	case SIGHUP: return "SIGHUP";
	case SIGKILL: return "SIGKILL";
	case SIGSEGV: return "SIGSEGV";
	case SIGABRT: return "SIGABRT";
	case SIGBUS: return "SIGBUS";
	default: return strsignal(sig);
	}
}

/* ---- small helpers ---- */

/* Clear a progress line on a terminal before a message. */
static void clear_line(void)
{
	if (isatty(STDERR_FILENO)) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

/* A new string from a format, or NULL. */
static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* Seconds on the monotonic clock. */
static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}


/* A duration as H:MM:SS or M:SS. */
static const char *hms(double s, char *buf, size_t len)
{
	if (!(s >= 0))
		s = 0;
	long t = (long)(s + 0.5);
	if (t >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
	return buf;
}

/* Print argv to f as a command line a shell would split back the same way. */
static void print_argv(FILE *f, char *const *argv)
{
	char *line = exp_shell_line(argv);
	fputs(line ? line : "(out of memory)", f);
	free(line);
}

/* A JSON array of strings. */
static json_object *jstrings(char *const *argv)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; argv[i]; i++)
		json_object_array_add(a, json_object_new_string(argv[i]));
	return a;
}

/* Write a JSON document to path atomically; 0, or -1 with a message. */
static int write_json_atomic(const char *path, json_object *doc)
{
	st_err err;
	if (st_write_json_atomic(path, doc, &err) < 0) {
		report_error("%s", err.msg);
		return -1;
	}
	return 0;
}

/* mkdir -p. 0 or -1 with errno. */
static int mkdir_p(const char *dir)
{
	char *p = strdup(dir);
	if (!p)
		return -1;
	for (char *q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*q = '/';
	}
	int rc = mkdir(p, 0777);
	int e = errno;
	free(p);
	if (rc < 0 && e != EEXIST) {
		errno = e;
		return -1;
	}
	struct stat st;
	if (stat(dir, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* ---- the sweep's state ---- */

/* Coalescing of one configuration, as applied. */
typedef struct sw_coal_state {
	int active;          /* settings were changed and not yet restored */
	char ifname[32];
	coal_settings orig;  /* as read before the trial */
} sw_coal_state;

/* One configuration at run time. */
typedef struct sw_config {
	const exp_config *c;
	enum exp_kind kind;
	char *file;          /* OUT/LABEL.json */
	char *log;           /* OUT/LABEL.log */
	char **argv;         /* as executed, NULL-terminated (owned strings) */
	char *bench_name;    /* benchmark name of application trials */
	unsigned done;       /* complete trials in the file */
	int *rounds;         /* the sweep rounds they record (done entries at most) */
	size_t nrounds;
	int last_number;     /* largest trial number in the file */
	unsigned ran, failed;
	double seconds;      /* spent in this session's trials */
} sw_config;

typedef struct sweep {
	experiment *e;
	const char *exp_path;
	char *out;           /* as given */
	char *out_abs;       /* absolute, once it exists */
	char *state_path;    /* OUT/sweep.json */
	unsigned trials;
	uint64_t seed;
	const char *seed_from;
	int on_error_continue;
	unsigned timeout;    /* --timeout seconds per trial, 0: none */
	int summary;
	int dry_run;
	sw_config *cfg;
	size_t n;
	size_t *order;
	unsigned char *todo;
	size_t ntodo;
	json_object *state;  /* the sweep.json document */
	json_object *session;/* this run's entry in state.sessions */
	int lock_fd;
	int quiet;           /* --quiet */
	int progress;        /* a progress line: stderr is a terminal, not --quiet */
	double t0;
	size_t ran, failed;
	int restore_failed;
	swn *nodes;          /* node settings (sweepnodes.h), or NULL */
} sweep;

/* Release a sweep's resources. */
static void sweep_free(sweep *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->cfg[i].file);
		free(s->cfg[i].log);
		exp_free_argv(s->cfg[i].argv);
		free(s->cfg[i].bench_name);
		free(s->cfg[i].rounds);
	}
	free(s->cfg);
	free(s->order);
	free(s->todo);
	free(s->out);
	free(s->out_abs);
	free(s->state_path);
	json_object_put(s->state);
	exp_destroy(s->e);
	swn_destroy(s->nodes);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
}

/* The directory sriovstat itself runs from (for our benchmarks), or NULL. */
static char *self_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return strdup(buf);
}

/* Whether a configuration's environment changes PATH. */
static int env_sets_path(const exp_config *c)
{
	for (size_t i = 0; i < c->nenv; i++)
		if (strcmp(c->env[i].name, "PATH") == 0)
			return 1;
	return 0;
}

/* Make the argv a configuration runs with: our benchmark named without a
 * directory is taken from sriovstat's own directory when it is there, and
 * gets --label and --json; 0 or REPORT_EXIT_DATA after a message. */
static int prepare_config(sweep *s, sw_config *sc, const char *selfdir)
{
	const exp_config *c = sc->c;
	const char *dir = s->out_abs ? s->out_abs : s->out;
	sc->kind = exp_command_kind(c->argv);
	sc->file = xasprintf("%s/%s.json", dir, c->label);
	sc->log = xasprintf("%s/%s.log", dir, c->label);
	size_t extra = sc->kind == EXP_BENCHMARK ? 4 : 0;
	sc->argv = calloc(c->argc + extra + 1, sizeof *sc->argv);
	if (!sc->file || !sc->log || !sc->argv)
		goto oom;
	int bi = exp_benchmark_index(c->argv);
	for (size_t i = 0; i < c->argc; i++) {
		const char *w = c->argv[i];
		char *copy = NULL;
		if ((int)i == bi && !strchr(w, '/') && selfdir) {
			char *cand = xasprintf("%s/%s", selfdir, w);
			if (cand && exp_is_executable(cand))
				copy = cand;
			else
				free(cand);
		}
		if (!copy && !(copy = strdup(w)))
			goto oom;
		sc->argv[i] = copy;
	}
	if (sc->kind == EXP_BENCHMARK) {
		sc->argv[c->argc] = strdup("--label");
		sc->argv[c->argc + 1] = strdup(c->label);
		sc->argv[c->argc + 2] = strdup("--json");
		sc->argv[c->argc + 3] = strdup(sc->file);
		for (size_t i = 0; i < 4; i++)
			if (!sc->argv[c->argc + i])
				goto oom;
	} else {
		const char *name = c->benchmark;
		if (!name) {
			int pi = exp_program_index(c->argv, exp_is_executable);
			const char *w = c->argv[pi >= 0 ? pi : 0];
			const char *b = strrchr(w, '/');
			name = b ? b + 1 : w;
		}
		if (!(sc->bench_name = strdup(name)))
			goto oom;
	}
	/* A command that cannot start fails here, before any trial runs. */
	if (!env_sets_path(c) && !exp_is_executable(sc->argv[0])) {
		report_error("%s:%d: command '%s' (configuration '%s'): %s", s->exp_path,
			     c->command_line, sc->argv[0], c->label,
			     strchr(sc->argv[0], '/') ? "not an executable file" : "not found in PATH");
		return REPORT_EXIT_DATA;
	}
	return 0;
oom:
	report_error("out of memory");
	return REPORT_EXIT_DATA;
}

/* Prepare every configuration (again, once the output folder exists). */
static int prepare_all(sweep *s)
{
	char *selfdir = self_dir();
	int rc = 0;
	for (size_t i = 0; i < s->n && rc == 0; i++) {
		sw_config *sc = &s->cfg[i];
		free(sc->file);
		free(sc->log);
		exp_free_argv(sc->argv);
		free(sc->bench_name);
		free(sc->rounds);
		unsigned done = sc->done;
		int last = sc->last_number;
		memset(sc, 0, sizeof *sc);
		sc->c = &s->e->configs[i];
		sc->done = done;
		sc->last_number = last;
		rc = prepare_config(s, sc, selfdir);
	}
	free(selfdir);
	return rc;
}

/* Count the complete trials in a configuration's file. */
static int count_trials(sw_config *sc)
{
	sc->done = 0;
	sc->last_number = 0;
	sc->nrounds = 0;
	if (access(sc->file, F_OK) < 0) {
		if (errno == ENOENT)
			return 0;
		report_error("%s: %s", sc->file, strerror(errno));
		return REPORT_EXIT_DATA;
	}
	trial_file *tf = NULL;
	st_err err = {0};
	if (trial_file_read(sc->file, TRIAL_READ_NO_SAMPLES, &tf, &err) < 0) {
		report_error("%s (the sweep does not overwrite it; move it away or use another --out)",
			     err.msg);
		return REPORT_EXIT_DATA;
	}
	if (strcmp(tf->label, sc->c->label) != 0) {
		report_error("%s holds label \"%s\", not \"%s\": use another --out", sc->file, tf->label,
			     sc->c->label);
		trial_file_destroy(tf);
		return REPORT_EXIT_DATA;
	}
	int *rounds = realloc(sc->rounds, (tf->ntrials ? tf->ntrials : 1) * sizeof *rounds);
	if (!rounds) {
		trial_file_destroy(tf);
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	sc->rounds = rounds;
	for (size_t i = 0; i < tf->ntrials; i++) {
		int r = trial_sweep_round(&tf->trials[i]);
		if (tf->trials[i].complete) {
			sc->done++;
			if (r)
				sc->rounds[sc->nrounds++] = r;
		}
		if (tf->trials[i].number > sc->last_number)
			sc->last_number = tf->trials[i].number;
	}
	trial_file_destroy(tf);
	return 0;
}

/* Whether sc's file holds a complete trial of round r. */
static int has_round(const sw_config *sc, unsigned r)
{
	for (size_t i = 0; i < sc->nrounds; i++)
		if ((unsigned)sc->rounds[i] == r)
			return 1;
	return 0;
}

/* The round to record for a trial of sc run in round planned: that round,
 * unless the file holds it already (a sweep resumed after a failed trial
 * plans by counts), then the smallest round the file lacks, so that every
 * round stays once in the file and compare can pair trials by round. */
static unsigned record_round(const sw_config *sc, unsigned planned)
{
	if (!has_round(sc, planned))
		return planned;
	unsigned r = 1;
	while (has_round(sc, r))
		r++;
	return r;
}

/* Whether a configuration changes interrupt coalescing. */
static int coal_changes(const exp_coal *c)
{
	return c->ifname && (c->rx_frames >= 0 || c->rx_usecs >= 0 || c->adaptive_rx >= 0 ||
			     c->tx_frames >= 0 || c->tx_usecs >= 0 || c->adaptive_tx >= 0);
}

/* The coalescing a configuration asks for as JSON (null when none). */
static json_object *coal_wanted_json(const exp_coal *c)
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

/* The environment changes of a configuration as JSON {NAME: value or null}. */
static json_object *env_json(const exp_config *c)
{
	json_object *o = json_object_new_object();
	for (size_t i = 0; i < c->nenv; i++)
		json_object_object_add(o, c->env[i].name,
				       c->env[i].value ? json_object_new_string(c->env[i].value) : NULL);
	return o;
}

/* What identifies a configuration: a resumed sweep must have the same. */
static json_object *config_identity(const sw_config *sc)
{
	const exp_config *c = sc->c;
	json_object *o = json_object_new_object();
	json_object_object_add(o, "label", json_object_new_string(c->label));
	json_object_object_add(o, "command", jstrings(c->argv));
	json_object_object_add(o, "env", env_json(c));
	json_object_object_add(o, "coalescing", coal_wanted_json(&c->coal));
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
	json_object_object_add(o, "kind", json_object_new_string(
						  sc->kind == EXP_BENCHMARK ? "benchmark" : "application"));
	json_object_object_add(o, "argv", jstrings(sc->argv));
	const char *b = strrchr(sc->file, '/');
	json_object_object_add(o, "file", json_object_new_string(b ? b + 1 : sc->file));
	return o;
}

/* Read OUT/sweep.json if present into s->state; check it fits this sweep. */
static int load_state(sweep *s, uint64_t *recorded_seed, int *have_seed)
{
	*have_seed = 0;
	if (access(s->state_path, F_OK) < 0)
		return 0;
	json_object *doc = json_object_from_file(s->state_path);
	json_object *x;
	if (!doc || !json_object_is_type(doc, json_type_object) ||
	    !json_object_object_get_ex(doc, "format", &x) ||
	    strcmp(json_object_get_string(x), SWEEP_FORMAT) != 0) {
		report_error("%s: not a sweep record (%s); use another --out", s->state_path,
			     doc ? "no \"format\": \"" SWEEP_FORMAT "\"" : json_util_get_last_err());
		json_object_put(doc);
		return REPORT_EXIT_DATA;
	}
	if (json_object_object_get_ex(doc, "seed", &x) && json_object_is_type(x, json_type_int)) {
		*recorded_seed = (uint64_t)json_object_get_int64(x);
		*have_seed = 1;
	}
	json_object *cfgs;
	if (!json_object_object_get_ex(doc, "configs", &cfgs) ||
	    !json_object_is_type(cfgs, json_type_array)) {
		report_error("%s: no \"configs\" array; use another --out", s->state_path);
		json_object_put(doc);
		return REPORT_EXIT_DATA;
	}
	size_t nrec = json_object_array_length(cfgs);
	if (nrec != s->n) {
		report_error("%s records %zu configurations, %s has %zu: resume only the same experiment (use another --out for a new one)",
			     s->state_path, nrec, s->exp_path, s->n);
		json_object_put(doc);
		return REPORT_EXIT_DATA;
	}
	for (size_t i = 0; i < s->n; i++) {
		json_object *mine = config_identity(&s->cfg[i]);
		json_object *rec = json_object_array_get_idx(cfgs, i);
		const char *differs = NULL;
		json_object_object_foreach(mine, k, v)
		{
			json_object *rv = NULL;
			if (!json_object_object_get_ex(rec, k, &rv) || !json_object_equal(v, rv)) {
				differs = k;
				break;
			}
		}
		if (differs) {
			json_object *lab = NULL;
			json_object_object_get_ex(rec, "label", &lab);
			report_error("%s records another experiment: its configuration %zu ('%s') differs in its %s from the [config] on line %d of %s; "
				     "resume only the same experiment (use another --out for a new one)",
				     s->state_path, i + 1, lab ? json_object_get_string(lab) : "?",
				     differs, s->cfg[i].c->line, s->exp_path);
		}
		json_object_put(mine);
		if (differs) {
			json_object_put(doc);
			return REPORT_EXIT_DATA;
		}
	}
	s->state = doc;
	return 0;
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
		n += (size_t)snprintf(buf + n, len - n, " rx-frames %u", o->rx_max_coalesced_frames);
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
	json_object_object_add(o, "settings", coal_wanted_json(want));
	json_object_object_add(o, "original", coal_to_json(&st->orig));
	json_object_object_add(o, "restore_command", json_object_new_string(line));
	return o;
}

/* Save the state document. */
static int save_state(sweep *s)
{
	return write_json_atomic(s->state_path, s->state) < 0 ? REPORT_EXIT_DATA : 0;
}

/* Put back a configuration's original coalescing; loud when it cannot. */
static int coal_restore(sweep *s, const exp_coal *want, sw_coal_state *st)
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
	fprintf(stderr,
		"\n%s: error: ****************************************************************\n"
		"%s: error: COULD NOT RESTORE the interrupt coalescing of %s: %s\n"
		"%s: error: restore it by hand, as root:\n"
		"%s: error:     %s\n"
		"%s: error: ****************************************************************\n",
		report_progname, report_progname, st->ifname, err.msg, report_progname, report_progname,
		line, report_progname);
	s->restore_failed = 1;
	return REPORT_EXIT_DATA;
}

/* Apply a configuration's coalescing (the original is kept in st).
 * 0, or -1 with the reason in why. */
static int coal_apply(sweep *s, const exp_coal *want, sw_coal_state *st, json_object **applied,
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
		snprintf(why, whylen,
			 "%s does not support interrupt coalescing (its driver answers \"Operation not supported\"): the settings of this configuration cannot be applied",
			 want->ifname);
		return -1;
	}
	coal_settings w = st->orig;
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
	/* Record what to restore before changing anything. */
	st->active = 1;
	json_object_object_add(s->state, "pending_restore", pending_json(want, st));
	if (save_state(s) != 0) {
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

/* Print the last lines of a log from offset on stderr. */
static void print_tail(const char *log, off_t from)
{
	int fd = open(log, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	off_t end = lseek(fd, 0, SEEK_END);
	off_t start = end - 4096 > from ? end - 4096 : from;
	if (start < 0)
		start = 0;
	char buf[4097];
	ssize_t n = end > start ? pread(fd, buf, (size_t)(end - start), start) : 0;
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	int lines = 0;
	char *p = buf + n;
	if (p > buf && p[-1] == '\n')
		p--;
	while (p > buf) {
		if (p[-1] == '\n' && ++lines == SWEEP_TAIL_LINES)
			break;
		p--;
	}
	fprintf(stderr, "%s: sweep: the trial's last output (all of it is in %s):\n",
		report_progname, log);
	for (char *q = p; *q;) {
		char *nl = strchr(q, '\n');
		size_t l = nl ? (size_t)(nl - q) : strlen(q);
		fprintf(stderr, "  | %.*s\n", (int)l, q);
		q += l + (nl ? 1 : 0);
	}
}

/* The outcome of one trial. */
typedef struct sw_result {
	int started;         /* the command was started */
	int exec_errno;      /* it could not be started: errno of execvp */
	int status;          /* waitpid status */
	int interrupted;     /* the sweep got a signal meanwhile */
	int timed_out;       /* stopped after --timeout */
	double seconds;
	uint64_t ns;         /* wall clock of the command */
	char message[1024];  /* why it failed */
} sw_result;

/* The processes left behind by trials: the sweep is their subreaper, so
 * orphans of a trial become its children. Fills pids; returns the count. */
static size_t list_children(pid_t *pids, size_t max)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%ld/children", (long)getpid());
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = 0;
	long v;
	while (n < max && fscanf(f, "%ld", &v) == 1)
		pids[n++] = (pid_t)v;
	fclose(f);
	return n;
}

/* Reap the zombies among the sweep's children. */
static void reap(void)
{
	int st;
	while (waitpid(-1, &st, WNOHANG) > 0)
		;
}

/* Stop whatever a trial left running (it would disturb the next trial):
 * SIGTERM, up to 2 s of grace, then SIGKILL. */
static void stop_strays(const char *label)
{
	pid_t pids[256];
	reap();
	size_t n = list_children(pids, 256);
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		char path[64], comm[64] = "?";
		snprintf(path, sizeof path, "/proc/%ld/comm", (long)pids[i]);
		FILE *f = fopen(path, "r");
		if (f) {
			if (fgets(comm, sizeof comm, f))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
		clear_line();
		report_warning("sweep: process %ld (%s) outlived the trial of '%s': stopping it",
			       (long)pids[i], comm, label);
		kill(pids[i], SIGTERM);
	}
	for (int t = 0; t < 40; t++) {
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
		reap();
		if ((n = list_children(pids, 256)) == 0)
			return;
	}
	for (int round = 0; round < 10 && (n = list_children(pids, 256)) > 0; round++) {
		for (size_t i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
		reap();
	}
}

/* Start the command of a trial with its environment, output to the log, in
 * its own process group; wait for it, forwarding signals. */
static void run_command(sw_config *sc, int logfd, unsigned timeout, unsigned round,
			const char *node_keys, sw_result *r)
{
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		snprintf(r->message, sizeof r->message, "pipe: %s", strerror(errno));
		return;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(r->message, sizeof r->message, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		/* The child: own process group, default signals, no terminal input. */
		setpgid(0, 0);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		for (size_t i = 0; i < NSIGNALS; i++)
			signal(sw_signals[i], SIG_DFL);
		signal(SIGALRM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0 && devnull != 0) {
			dup2(devnull, 0);
			close(devnull);
		}
		dup2(logfd, 1);
		dup2(logfd, 2);
		/* An interrupted trial is run again: the benchmarks write nothing
		 * of it (they keep it as incomplete otherwise; harness.h). */
		setenv("SRIOVSTAT_INCOMPLETE", "drop", 1);
		/* Our benchmarks record the round, so that compare pairs trials of
		 * the same round (harness.c). */
		char rs[16];
		snprintf(rs, sizeof rs, "%u", round);
		setenv("SRIOVSTAT_SWEEP_ROUND", rs, 1);
		/* Each node's fingerprint records these settings (sysset.h). */
		if (node_keys)
			setenv(SSET_ENV, node_keys, 1);
		for (size_t i = 0; i < sc->c->nenv; i++) {
			const exp_env *v = &sc->c->env[i];
			if (v->value)
				setenv(v->name, v->value, 1);
			else
				unsetenv(v->name);
		}
		execvp(sc->argv[0], sc->argv);
		int e = errno;
		ssize_t w = write(pfd[1], &e, sizeof e);
		(void)w;
		_exit(127);
	}
	setpgid(pid, pid);
	sw_child_pgid = pid;
	if (sw_signal)
		kill(-pid, sw_signal);
	close(pfd[1]);
	r->started = 1;
	int e = 0;
	ssize_t got;
	do
		got = read(pfd[0], &e, sizeof e);
	while (got < 0 && errno == EINTR);
	close(pfd[0]);
	if (got == (ssize_t)sizeof e)
		r->exec_errno = e;

	/* Stopping: 0 running, 1 asked to stop (signal forwarded or timeout), 2 killed. */
	int phase = 0;
	sw_alarm = 0;
	if (timeout > 0)
		alarm(timeout);
	for (;;) {
		pid_t w = waitpid(pid, &r->status, 0);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			snprintf(r->message, sizeof r->message, "waitpid: %s", strerror(errno));
			r->status = -1;
			break;
		}
		if (sw_signal && phase == 0) {
			/* The handler forwarded the signal; give the trial time to stop. */
			sw_alarm = 0;
			alarm(SWEEP_KILL_AFTER);
			phase = 1;
		} else if (sw_alarm && phase == 0) {
			sw_alarm = 0;
			r->timed_out = 1;
			clear_line();
			fprintf(stderr, "%s: warning: sweep: %s: the trial did not end within --timeout %u s: sending SIGTERM\n",
				report_progname, sc->c->label, timeout);
			kill(-pid, SIGTERM);
			alarm(SWEEP_KILL_AFTER);
			phase = 1;
		} else if (sw_alarm && phase == 1) {
			sw_alarm = 0;
			fprintf(stderr, "%s: warning: sweep: %s: the trial did not stop within %d s of %s: sending SIGKILL\n",
				report_progname, sc->c->label, SWEEP_KILL_AFTER,
				sw_signal ? signame(sw_signal) : "SIGTERM");
			kill(-pid, SIGKILL);
			phase = 2;
		}
	}
	alarm(0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* Leave nothing of a stopped trial behind in its process group. */
	if (sw_signal || r->timed_out)
		kill(-pid, SIGKILL);
	sw_child_pgid = 0;
	stop_strays(sc->c->label);
	r->interrupted = sw_signal != 0;
	r->ns = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000ull + (uint64_t)t1.tv_nsec -
		(uint64_t)t0.tv_nsec;
	r->seconds = (double)r->ns * 1e-9;
}

/* The trial of an application run: one wall-clock sample. */
static int record_application(sweep *s, sw_config *sc, const sw_result *r, const char *start,
			      size_t place, unsigned round, json_object *coal, json_object *nodes,
			      int *number)
{
	st_err err = {0};
	trial *t = trial_create(sc->bench_name, "");
	if (!t) {
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	uint64_t ns = r->ns;
	if (!trial_add_size(t, 0, 1, 0, &ns, NULL, 1, &err)) {
		report_error("%s", err.msg);
		trial_destroy(t);
		return REPORT_EXIT_DATA;
	}
	json_object *m = t->meta;
	char host[256] = "";
	gethostname(host, sizeof host - 1);
	json_object_object_add(m, "start", json_object_new_string(start));
	json_object_object_add(m, "command", jstrings(sc->argv));
	json_object_object_add(m, "exit_status", json_object_new_int(0));
	json_object_object_add(m, "environment", env_json(sc->c));
	json_object_object_add(m, "host", json_object_new_string(host));
	json_object *tm = json_object_new_object();
	json_object_object_add(tm, "name", json_object_new_string("CLOCK_MONOTONIC"));
	json_object_object_add(tm, "what",
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
	int rc = trial_file_append(sc->file, sc->c->label, t, &err);
	*number = t->number;
	trial_destroy(t);
	if (rc < 0) {
		report_error("%s", err.msg);
		return REPORT_EXIT_DATA;
	}
	return 0;
}

/* Describe how a command ended. */
static void describe_status(const sw_result *r, char *buf, size_t len)
{
	if (r->exec_errno)
		snprintf(buf, len, "cannot start: %s", strerror(r->exec_errno));
	else if (r->status < 0)
		snprintf(buf, len, "lost track of it");
	else if (WIFEXITED(r->status))
		snprintf(buf, len, "exit status %d", WEXITSTATUS(r->status));
	else if (WIFSIGNALED(r->status))
		snprintf(buf, len, "killed by %s", signame(WTERMSIG(r->status)));
	else
		snprintf(buf, len, "ended with status 0x%x", (unsigned)r->status);
}

/* The estimated time left, from this session's trials. */
static double eta(const sweep *s, size_t from)
{
	double total = 0;
	unsigned runs = 0;
	for (size_t i = 0; i < s->n; i++) {
		total += s->cfg[i].seconds;
		runs += s->cfg[i].ran + s->cfg[i].failed;
	}
	if (runs == 0)
		return -1;
	double left = 0;
	for (size_t p = from; p < (size_t)s->trials * s->n; p++) {
		if (!s->todo[p])
			continue;
		const sw_config *c = &s->cfg[s->order[p]];
		unsigned k = c->ran + c->failed;
		left += k ? c->seconds / k : total / runs;
	}
	return left;
}

/* The progress line before a trial (a terminal only). */
static void progress(const sweep *s, size_t place, size_t nth, const sw_config *sc)
{
	if (!s->progress)
		return;
	char a[32], b[32];
	double left = eta(s, place);
	fprintf(stderr, "\r\033[Ksweep: trial %zu of %zu: %s %u of %u, %s elapsed%s%s", nth,
		s->ntodo, sc->c->label, (unsigned)(place / s->n + 1), s->trials,
		hms(now_s() - s->t0, a, sizeof a), left >= 0 ? ", about " : "",
		left >= 0 ? hms(left, b, sizeof b) : "");
	if (left >= 0)
		fputs(" left", stderr);
	fflush(stderr);
}

/* Clear the progress line before other output. */
static void progress_clear(const sweep *s)
{
	if (s->progress) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

/* Put configuration ci's node settings back; -1 when it fails (loudly). */
static int nodes_restore(sweep *s, size_t ci)
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
static int nodes_apply(sweep *s, size_t ci, json_object **applied, char *why, size_t whylen)
{
	json_object_object_add(s->state, "pending_node_restore", swn_pending(s->nodes, ci));
	if (save_state(s) != 0) {
		snprintf(why, whylen, "cannot record the nodes' settings in %s", s->state_path);
		return 1;
	}
	if (swn_apply(s->nodes, ci, applied, why, whylen) == 0)
		return 0;
	return nodes_restore(s, ci) == 0 ? -1 : 1;
}

/* Run the trial at a place of the plan. Returns 0 when it succeeded, 1 when
 * it failed (the sweep may go on), or an exit code to stop with. */
static int run_trial(sweep *s, size_t place)
{
	sw_config *sc = &s->cfg[s->order[place]];
	const exp_config *c = sc->c;
	sw_result r;
	memset(&r, 0, sizeof r);
	char start[64];
	st_iso8601_now(start, sizeof start);
	unsigned round = (unsigned)(place / s->n + 1);
	unsigned rec_round = record_round(sc, round); /* what the trial records */

	json_object *run = json_object_new_object();
	json_object_object_add(run, "place", json_object_new_int64((int64_t)place + 1));
	json_object_object_add(run, "round", json_object_new_int64(round));
	json_object_object_add(run, "label", json_object_new_string(c->label));
	json_object_object_add(run, "start", json_object_new_string(start));
	json_object *runs;
	json_object_object_get_ex(s->state, "runs", &runs);
	json_object_array_add(runs, run);
	json_object_object_add(run, "result", json_object_new_string("running"));
	if (save_state(s) != 0)
		return REPORT_EXIT_DATA;

	int fatal = 0;
	sw_coal_state cs = {0};
	json_object *applied = NULL, *node_applied = NULL;
	int logfd = -1, rc_nodes = 0;
	off_t log_from = 0;
	int before = sc->last_number;

	if (s->nodes && (rc_nodes = nodes_apply(s, s->order[place], &node_applied, r.message,
						sizeof r.message)) != 0) {
		if (rc_nodes > 0)
			fatal = REPORT_EXIT_DATA;
		goto done;
	}
	if (coal_changes(&c->coal) && !s->nodes) {
		if (coal_apply(s, &c->coal, &cs, &applied, r.message, sizeof r.message) < 0) {
			if (coal_restore(s, &c->coal, &cs) != 0)
				fatal = REPORT_EXIT_DATA;
			goto done;
		}
	}
	logfd = open(sc->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (logfd < 0) {
		snprintf(r.message, sizeof r.message, "cannot open %s: %s", sc->log, strerror(errno));
		fatal = REPORT_EXIT_DATA;
		goto restore;
	}
	log_from = lseek(logfd, 0, SEEK_END);
	{
		FILE *lf = fdopen(dup(logfd), "a");
		if (lf) {
			fprintf(lf, "### sriovstat sweep: %s, round %u of %u, place %zu of %zu, %s\n### ",
				c->label, round, s->trials, place + 1, (size_t)s->trials * s->n, start);
			for (size_t i = 0; i < c->nenv; i++)
				fprintf(lf, c->env[i].value ? "%s=%s " : "%s(unset) ", c->env[i].name,
					c->env[i].value ? c->env[i].value : "");
			print_argv(lf, sc->argv);
			fputc('\n', lf);
			fclose(lf);
		}
	}
	if (sw_signal)
		r.interrupted = 1; /* stop before starting anything */
	else
		run_command(sc, logfd, s->timeout, rec_round,
			    s->nodes ? swn_keys(s->nodes) : NULL, &r);
	close(logfd);
restore:
	if (coal_restore(s, &c->coal, &cs) != 0)
		fatal = REPORT_EXIT_DATA;
	if (s->nodes && nodes_restore(s, s->order[place]) != 0)
		fatal = REPORT_EXIT_DATA;
done:;
	/* How it went. */
	int ok = 0, number = 0;
	const char *result;
	char how[256] = "";
	if (r.started)
		describe_status(&r, how, sizeof how);
	if (r.interrupted) {
		result = "interrupted";
	} else if (!r.started) {
		result = "not run";
	} else if (r.timed_out) {
		/* Our benchmark may have written its trial and hung after it
		 * (in MPI_Finalize, say): the trial is whole and counts. */
		unsigned had = sc->done;
		result = "failed";
		snprintf(r.message, sizeof r.message, "did not end within --timeout %u s (%s)",
			 s->timeout, how);
		if (sc->kind == EXP_BENCHMARK) {
			int rc = count_trials(sc);
			if (rc) {
				fatal = rc;
			} else if (sc->last_number > before && sc->done > had) {
				ok = 1;
				result = "ok";
				number = sc->last_number;
				clear_line();
				report_warning("sweep: %s, round %u: trial %d was written, then the command hung until --timeout: the trial counts",
					       c->label, round, number);
			}
		}
	} else if (r.exec_errno || r.status < 0 || !WIFEXITED(r.status) ||
		   WEXITSTATUS(r.status) != 0) {
		result = "failed";
		snprintf(r.message, sizeof r.message, "%s", how);
	} else if (sc->kind == EXP_APPLICATION) {
		int rc = record_application(s, sc, &r, start, place, rec_round, applied,
					    node_applied, &number);
		if (rc) {
			fatal = rc;
			result = "failed";
			snprintf(r.message, sizeof r.message, "could not record the trial in %s",
				 sc->file);
		} else {
			/* Read the file again, as for our benchmarks' trials. */
			ok = 1;
			result = "ok";
			int rc2 = count_trials(sc);
			if (rc2)
				fatal = rc2;
		}
	} else {
		/* Our benchmark wrote its trial: check that it is there. */
		unsigned had = sc->done;
		int rc = count_trials(sc);
		if (rc) {
			fatal = rc;
			result = "failed";
		} else if (sc->last_number <= before || sc->done <= had) {
			result = "failed";
			snprintf(r.message, sizeof r.message,
				 "exit status 0 but no new complete trial in %s (does the command pass its arguments on to %s?)",
				 sc->file, c->argv[exp_benchmark_index(c->argv)]);
		} else {
			ok = 1;
			result = "ok";
			number = sc->last_number;
		}
	}
	json_object_object_add(run, "result", json_object_new_string(result));
	if (number)
		json_object_object_add(run, "trial", json_object_new_int(number));
	if (r.started) {
		char secs[32];
		snprintf(secs, sizeof secs, "%.3f", r.seconds);
		json_object_object_add(run, "seconds", json_object_new_double_s(r.seconds, secs));
		if (!r.exec_errno && r.status >= 0 && WIFEXITED(r.status))
			json_object_object_add(run, "exit_status",
					       json_object_new_int(WEXITSTATUS(r.status)));
		else if (!r.exec_errno && r.status >= 0 && WIFSIGNALED(r.status))
			json_object_object_add(run, "signal",
					       json_object_new_string(signame(WTERMSIG(r.status))));
	}
	if (r.timed_out)
		json_object_object_add(run, "timed_out", json_object_new_boolean(1));
	if (applied)
		json_object_object_add(run, "coalescing", applied);
	if (node_applied)
		json_object_object_add(run, "node_settings", node_applied);
	if (!ok && r.message[0])
		json_object_object_add(run, "message", json_object_new_string(r.message));

	sc->seconds += r.seconds;
	if (ok) {
		sc->ran++;
		s->ran++;
	} else if (!r.interrupted) {
		sc->failed++;
		s->failed++;
		progress_clear(s);
		report_error("sweep: %s, round %u: %s", c->label, round, r.message);
		if (r.started && !r.exec_errno)
			print_tail(sc->log, log_from);
	}
	if (save_state(s) != 0 && !fatal)
		fatal = REPORT_EXIT_DATA;
	if (fatal)
		return fatal;
	if (r.interrupted)
		return 128 + sw_signal;
	return ok ? 0 : 1;
}

/* ---- the plan, printed ---- */

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
	} else {
		const struct ethtool_coalesce *e = &now.ec;
		printf("  (now: adaptive-rx %s rx-usecs %u rx-frames %u tx-usecs %u tx-frames %u)\n",
		       e->use_adaptive_rx_coalesce ? "on" : "off", e->rx_coalesce_usecs,
		       e->rx_max_coalesced_frames, e->tx_coalesce_usecs, e->tx_max_coalesced_frames);
	}
	return 0;
}

/* --dry-run: what would run, in which order. Returns how many
 * configurations' coalescing could not be applied here. */
static size_t print_plan(const sweep *s, int state_found)
{
	size_t total = (size_t)s->trials * s->n, bad_coal = 0;
	printf("experiment: %s\n", s->exp_path);
	printf("output:     %s%s\n", s->out,
	       state_found ? " (resuming the sweep recorded there)" : "");
	printf("trials:     %u per configuration, %zu configurations, %zu in all\n", s->trials, s->n,
	       total);
	printf("seed:       %" PRIu64 " (%s)\n", s->seed, s->seed_from);
	printf("on error:   %s\n", s->on_error_continue ? "continue" : "stop");
	if (s->timeout)
		printf("timeout:    %u s per trial\n", s->timeout);
	else
		printf("timeout:    none\n");
	if (s->nodes)
		swn_print_nodes(s->nodes);
	printf("\nconfigurations:\n");
	for (size_t i = 0; i < s->n; i++) {
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
		print_argv(stdout, sc->argv);
		printf("\n");
		if (s->nodes)
			swn_print_config(s->nodes, i);
		else if (coal_changes(&sc->c->coal) && print_coal(&sc->c->coal))
			bad_coal++;
	}
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

/* ---- the command ---- */

/* A seed from the system's entropy. */
static uint64_t new_seed(void)
{
	uint32_t v = 0;
	if (getrandom(&v, sizeof v, GRND_NONBLOCK) != (ssize_t)sizeof v) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		v = (uint32_t)(ts.tv_nsec ^ ts.tv_sec ^ ((long)getpid() << 16));
	}
	return v;
}

/* Parse the options into s. 0, 1 for --help done, or REPORT_EXIT_USAGE. */
static int parse_options(sweep *s, int argc, char **argv, int *seed_opt, int *trials_opt)
{
	enum { OPT_DRY_RUN = REPORT_OPT_FIRST_FREE, OPT_ON_ERROR, OPT_NO_SUMMARY };
	static const struct option longopts[] = {
		{"trials", required_argument, NULL, 'n'},
		{"out", required_argument, NULL, 'o'},
		{"seed", required_argument, NULL, 's'},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"on-error", required_argument, NULL, OPT_ON_ERROR},
		{"no-summary", no_argument, NULL, OPT_NO_SUMMARY},
		{"quiet", no_argument, NULL, 'q'},
		{"timeout", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char *const modes[] = {"stop", "continue", NULL};
	int c, m;
	char *end;
	unsigned long long v;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:o:s:t:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (!isdigit((unsigned char)optarg[0]) || *end || errno || v < 1 ||
			    v > EXP_MAX_TRIALS)
				return report_usage("sweep", "--trials: '%s' is not a whole number from 1 to %d",
						    optarg, EXP_MAX_TRIALS);
			s->trials = (unsigned)v;
			*trials_opt = 1;
			break;
		case 'o':
			if (!*optarg)
				return report_usage("sweep", "--out: empty folder name");
			free(s->out);
			s->out = strdup(optarg);
			break;
		case 's':
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (!isdigit((unsigned char)optarg[0]) || *end || errno || v > UINT32_MAX)
				return report_usage("sweep", "--seed: '%s' is not a whole number from 0 to %u",
						    optarg, UINT32_MAX);
			s->seed = v;
			*seed_opt = 1;
			break;
		case 't':
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (!isdigit((unsigned char)optarg[0]) || *end || errno || v > 7 * 24 * 3600)
				return report_usage("sweep", "--timeout: '%s' is not a whole number of seconds from 0 to 604800",
						    optarg);
			s->timeout = (unsigned)v;
			break;
		case OPT_DRY_RUN:
			s->dry_run = 1;
			break;
		case OPT_ON_ERROR:
			if ((m = report_parse_choice("sweep", "--on-error", optarg, modes)) < 0)
				return REPORT_EXIT_USAGE;
			s->on_error_continue = m == 1;
			break;
		case OPT_NO_SUMMARY:
			s->summary = 0;
			break;
		case 'q':
			s->quiet = 1;
			break;
		case 'h':
			fputs(sweep_help, stdout);
			return 1;
		default:
			return report_getopt_error("sweep", c, argv);
		}
	}
	if (argc - optind != 1)
		return report_usage("sweep", "expected one experiment file, got %d", argc - optind);
	if (!s->out)
		return report_usage("sweep", "--out DIR is required (the folder for the trial files)");
	return 0;
}

/* Print `sriovstat summary` of the files that exist. */
static int print_summary(const sweep *s)
{
	char **av = calloc(s->n + 2, sizeof *av);
	if (!av)
		return REPORT_EXIT_DATA;
	int ac = 0;
	av[ac++] = "summary";
	for (size_t i = 0; i < s->n; i++)
		if (access(s->cfg[i].file, F_OK) == 0)
			av[ac++] = s->cfg[i].file;
	av[ac] = NULL;
	int rc = 0;
	if (ac > 1) {
		printf("\n");
		fflush(stdout);
		rc = cmd_summary(ac, av);
	}
	free(av);
	return rc;
}

/* Start (or continue) the state document for this session. */
static int begin_state(sweep *s)
{
	char when[64];
	st_iso8601_now(when, sizeof when);
	if (!s->state) {
		s->state = json_object_new_object();
		json_object_object_add(s->state, "format", json_object_new_string(SWEEP_FORMAT));
		json_object_object_add(s->state, "version", json_object_new_int(SWEEP_VERSION));
		json_object_object_add(s->state, "created", json_object_new_string(when));
		/* Placeholders keep the keys in a readable order. */
		static const char *const keys[] = {"experiment", "seed", "trials", "configs",
						   "order", "pending_restore", "sessions", "runs"};
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			json_object_object_add(s->state, keys[i], NULL);
		json_object_object_add(s->state, "runs", json_object_new_array());
		json_object_object_add(s->state, "sessions", json_object_new_array());
	}
	json_object *o = s->state, *x;
	json_object_object_add(o, "experiment", json_object_new_string(s->exp_path));
	json_object_object_add(o, "seed", json_object_new_int64((int64_t)s->seed));
	json_object_object_add(o, "trials", json_object_new_int64(s->trials));
	json_object *cfgs = json_object_new_array();
	for (size_t i = 0; i < s->n; i++)
		json_object_array_add(cfgs, config_record(&s->cfg[i]));
	json_object_object_add(o, "configs", cfgs);
	json_object *order = json_object_new_array();
	for (unsigned r = 0; r < s->trials; r++) {
		json_object *round = json_object_new_array();
		for (size_t i = 0; i < s->n; i++)
			json_object_array_add(
				round, json_object_new_string(
					       s->cfg[s->order[(size_t)r * s->n + i]].c->label));
		json_object_array_add(order, round);
	}
	json_object_object_add(o, "order", order);
	if (!json_object_object_get_ex(o, "runs", &x) || !json_object_is_type(x, json_type_array))
		json_object_object_add(o, "runs", json_object_new_array());
	if (!json_object_object_get_ex(o, "sessions", &x) ||
	    !json_object_is_type(x, json_type_array)) {
		x = json_object_new_array();
		json_object_object_add(o, "sessions", x);
	}
	s->session = json_object_new_object();
	json_object_object_add(s->session, "start", json_object_new_string(when));
	json_object_object_add(s->session, "to_run", json_object_new_int64((int64_t)s->ntodo));
	json_object_object_add(s->session, "on_error",
			       json_object_new_string(s->on_error_continue ? "continue" : "stop"));
	json_object_object_add(s->session, "timeout", json_object_new_int64(s->timeout));
	json_object_object_add(s->session, "status", json_object_new_string("running"));
	json_object_array_add(x, s->session);
	return save_state(s);
}

/* Close this session's record. */
static void end_state(sweep *s, const char *status)
{
	char when[64];
	st_iso8601_now(when, sizeof when);
	json_object_object_add(s->session, "end", json_object_new_string(when));
	json_object_object_add(s->session, "ran", json_object_new_int64((int64_t)s->ran));
	json_object_object_add(s->session, "failed", json_object_new_int64((int64_t)s->failed));
	json_object_object_add(s->session, "status", json_object_new_string(status));
	save_state(s);
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
static int check_pending(sweep *s)
{
	json_object *p, *cmd, *ifn;
	if (!json_object_object_get_ex(s->state, "pending_restore", &p) || !p)
		return 0;
	json_object_object_get_ex(p, "restore_command", &cmd);
	json_object_object_get_ex(p, "interface", &ifn);
	const char *name = ifn ? json_object_get_string(ifn) : "?";
	if (pending_is_restored(p)) {
		report_warning("sweep: an earlier sweep in %s left the interrupt coalescing of %s to restore; it is back at its original values now",
			       s->out, name);
		json_object_object_add(s->state, "pending_restore", NULL);
		return 0;
	}
	report_error("sweep: an earlier sweep in %s ended without restoring the interrupt coalescing of %s; "
		     "restore it by hand, as root:\n    %s\n"
		     "and run the sweep again (if %s is gone for good, set \"pending_restore\" to null in %s)",
		     s->out, name, cmd ? json_object_get_string(cmd) : "?", name, s->state_path);
	return REPORT_EXIT_DATA;
}

/* Lock the output folder for this sweep (it must exist). */
static int take_lock(sweep *s)
{
	if (s->lock_fd >= 0)
		return 0;
	char *lock = xasprintf("%s/sweep.lock", s->out);
	s->lock_fd = lock ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666) : -1;
	if (s->lock_fd < 0 || flock(s->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			report_error("%s: another sweep is running in this folder", s->out);
		else
			report_error("%s: cannot lock: %s", lock ? lock : s->out, strerror(errno));
		free(lock);
		return REPORT_EXIT_DATA;
	}
	free(lock);
	return 0;
}

/* The node settings of the experiment, if it has any. */
static int setup_nodes(sweep *s)
{
	char tool[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", tool, sizeof tool - 1);
	if (n <= 0) {
		report_error("sweep: cannot find sriovstat's own path (/proc/self/exe): %s",
			     strerror(errno));
		return REPORT_EXIT_DATA;
	}
	tool[n] = '\0';
	st_err err = {0};
	if (swn_create(s->e, tool, &s->nodes, &err) == 0)
		return 0;
	report_error("%s", err.msg);
	return REPORT_EXIT_DATA;
}

/* Put back what an earlier sweep left changed on the nodes (killed, or a
 * node that did not answer): also when nothing is left to run. */
static int restore_pending_nodes(sweep *s)
{
	json_object *p = NULL;
	if (s->state && json_object_object_get_ex(s->state, "pending_node_restore", &p) && p) {
		report_warning("sweep: an earlier sweep in %s ended without restoring node settings: restoring them now",
			       s->out);
		if (swn_restore_pending(s->nodes, p) != 0) {
			report_error("sweep: run the commands above, then the sweep again (or set \"pending_node_restore\" to null in %s)",
				     s->state_path);
			return REPORT_EXIT_DATA;
		}
		json_object_object_add(s->state, "pending_node_restore", NULL);
		if (save_state(s) != 0)
			return REPORT_EXIT_DATA;
	}
	return 0;
}

/* Before any trial: read every node's settings and check each can be
 * changed. A node that cannot stops the sweep here. */
static int check_nodes(sweep *s)
{
	size_t bad = swn_check(s->nodes, 1, 0);
	if (bad) {
		report_error("sweep: %zu node%s cannot be set as the experiment asks (see above); no trial ran",
			     bad, bad == 1 ? "" : "s");
		return REPORT_EXIT_DATA;
	}
	return 0;
}

/* Read the experiment, the output folder and its record; make the plan. */
static int setup(sweep *s, int seed_opt, int trials_opt)
{
	st_err err = {0};
	int rc;
	if (exp_read(s->exp_path, &s->e, &err) < 0) {
		report_error("%s", err.msg);
		return REPORT_EXIT_DATA;
	}
	if (!trials_opt) {
		if (!s->e->trials)
			return report_usage("sweep", "how many trials? give --trials N, or 'trials = N' in the [sweep] section of %s",
					    s->exp_path);
		s->trials = s->e->trials;
	}
	s->n = s->e->nconfigs;
	s->cfg = calloc(s->n, sizeof *s->cfg);
	s->state_path = xasprintf("%s/sweep.json", s->out);
	if (!s->cfg || !s->state_path) {
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	struct stat st;
	if (stat(s->out, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			report_error("--out %s: not a folder", s->out);
			return REPORT_EXIT_DATA;
		}
		s->out_abs = realpath(s->out, NULL);
		if (!s->dry_run && (rc = take_lock(s)) != 0)
			return rc;
	} else if (errno != ENOENT) {
		report_error("--out %s: %s", s->out, strerror(errno));
		return REPORT_EXIT_DATA;
	}
	if ((rc = prepare_all(s)) != 0)
		return rc;
	if ((rc = setup_nodes(s)) != 0)
		return rc;

	/* What is there already. */
	uint64_t recorded = 0;
	int have_recorded = 0;
	if ((rc = load_state(s, &recorded, &have_recorded)) != 0)
		return rc;
	if (seed_opt) {
		s->seed_from = "--seed";
	} else if (s->e->seed_set) {
		s->seed = s->e->seed;
		s->seed_from = "the experiment file";
	} else if (have_recorded) {
		s->seed = recorded;
		s->seed_from = "recorded in sweep.json";
	} else {
		s->seed = new_seed();
		s->seed_from = s->dry_run ? "drawn now: pass --seed to run this order" : "drawn now";
	}
	if (have_recorded && s->seed != recorded) {
		report_error("%s was started with seed %" PRIu64 ", not %" PRIu64 " (%s): resume with the same seed, or use another --out",
			     s->state_path, recorded, s->seed, s->seed_from);
		return REPORT_EXIT_DATA;
	}
	for (size_t i = 0; i < s->n; i++)
		if ((rc = count_trials(&s->cfg[i])) != 0)
			return rc;

	/* The plan. */
	size_t total = (size_t)s->trials * s->n;
	s->order = calloc(total, sizeof *s->order);
	s->todo = calloc(total, 1);
	unsigned *done = calloc(s->n, sizeof *done);
	if (!s->order || !s->todo || !done ||
	    exp_plan(s->n, s->trials, s->seed, s->order, &err) < 0) {
		report_error("out of memory");
		free(done);
		return REPORT_EXIT_DATA;
	}
	for (size_t i = 0; i < s->n; i++)
		done[i] = s->cfg[i].done;
	s->ntodo = exp_todo(s->order, s->n, s->trials, done, s->todo);
	free(done);

	/* Settings an earlier sweep could not put back come first. */
	if (s->state) {
		json_object *p = NULL;
		json_object_object_get_ex(s->state, "pending_restore", &p);
		if ((rc = check_pending(s)) != 0)
			return rc;
		if (p && !s->dry_run && s->ntodo == 0 && save_state(s) != 0)
			return REPORT_EXIT_DATA;
	}
	return 0;
}

/* Run the trials still to run; returns the exit status. */
static int run_all(sweep *s)
{
	struct sigaction old[NSIGNALS + 1];
	size_t total = (size_t)s->trials * s->n, nth = 0;
	int status = 0, rc;
	const char *how = "finished";
	sw_signal = 0;
	sw_alarm = 0;
	sw_child_pgid = 0;
	signals_install(old, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	s->progress = !s->quiet && isatty(STDERR_FILENO);
	s->t0 = now_s();
	for (size_t p = 0; p < total && !sw_signal; p++) {
		if (!s->todo[p])
			continue;
		progress(s, p, ++nth, &s->cfg[s->order[p]]);
		rc = run_trial(s, p);
		if (rc == 0)
			continue;
		if (rc == 1) {
			status = REPORT_EXIT_DATA;
			if (s->on_error_continue)
				continue;
			how = "stopped after a failed trial";
			break;
		}
		status = rc;
		how = "stopped by an error";
		break;
	}
	progress_clear(s);
	if (sw_signal) {
		status = 128 + sw_signal;
		how = sw_signal == SIGINT    ? "interrupted (SIGINT)"
		      : sw_signal == SIGTERM ? "interrupted (SIGTERM)"
					     : "interrupted (SIGHUP)";
	} else if (s->restore_failed) {
		how = "stopped: coalescing could not be restored";
	}
	end_state(s, how);
	prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	signals_install(old, 1);

	char a[32];
	if (sw_signal)
		fprintf(stderr, "%s: sweep: %s after %zu trials in %s; run the same command again to continue\n",
			report_progname, signame(sw_signal), s->ran, hms(now_s() - s->t0, a, sizeof a));
	else if (s->restore_failed)
		fprintf(stderr, "%s: sweep: stopped because interrupt coalescing could not be restored (see above); %zu trials ran\n",
			report_progname, s->ran);
	else if (s->failed)
		fprintf(stderr, "%s: sweep: %s: %zu trials ran, %zu failed (see %s); running the same command again retries the missing ones\n",
			report_progname, strcmp(how, "finished") == 0 ? "done" : how, s->ran,
			s->failed, s->state_path);
	else if (status)
		fprintf(stderr, "%s: sweep: stopped by an error after %zu trials\n", report_progname,
			s->ran);
	else if (s->progress)
		fprintf(stderr, "sweep: %zu trials in %s\n", s->ran, hms(now_s() - s->t0, a, sizeof a));

	if (!sw_signal && !s->restore_failed && s->summary &&
	    (status == 0 || (s->on_error_continue && s->failed))) {
		int src = print_summary(s);
		if (!status && src)
			status = src;
	}
	return status;
}

/* The sweep library's messages, as sriovstat's own. */
static void print_msg(enum sw_msg_kind kind, const char *text)
{
	if (kind == SW_MSG_ERROR)
		report_error("%s", text);
	else if (kind == SW_MSG_WARNING)
		report_warning("%s", text);
	else
		fputs(text, stderr);
}

/* sriovstat sweep. */
int cmd_sweep(int argc, char **argv)
{
	sw_msg_set(print_msg, report_progname);
	sweep s;
	memset(&s, 0, sizeof s);
	s.lock_fd = -1;
	s.summary = 1;
	int seed_opt = 0, trials_opt = 0;
	int rc = parse_options(&s, argc, argv, &seed_opt, &trials_opt);
	if (rc) {
		sweep_free(&s);
		return rc == 1 ? REPORT_EXIT_OK : rc;
	}
	s.exp_path = argv[optind];
	if ((rc = setup(&s, seed_opt, trials_opt)) != 0)
		goto out;
	if (s.dry_run) {
		if (s.nodes && swn_check(s.nodes, 0, 0) > 0)
			rc = REPORT_EXIT_DATA;
		size_t bad = print_plan(&s, s.state != NULL);
		if (bad) {
			report_error("sweep: the coalescing of %zu configuration%s cannot be applied on this machine (see 'now:' above): their trials would fail",
				     bad, bad == 1 ? "" : "s");
			rc = REPORT_EXIT_DATA;
		}
		goto out;
	}
	if (s.nodes && (rc = restore_pending_nodes(&s)) != 0)
		goto out;
	if (s.ntodo == 0) {
		printf("sweep: nothing to do: %s already holds the %u trial%s per configuration asked for\n",
		       s.out, s.trials, s.trials == 1 ? "" : "s");
		goto out;
	}
	if (s.nodes && (rc = check_nodes(&s)) != 0)
		goto out;
	if (mkdir_p(s.out) < 0) {
		report_error("--out %s: cannot create: %s", s.out, strerror(errno));
		rc = REPORT_EXIT_DATA;
		goto out;
	}
	if ((rc = take_lock(&s)) != 0)
		goto out;
	if (!s.out_abs) {
		/* The folder is new: name the files by its absolute path. */
		s.out_abs = realpath(s.out, NULL);
		if ((rc = prepare_all(&s)) != 0)
			goto out;
	}
	if ((rc = begin_state(&s)) != 0)
		goto out;
	rc = run_all(&s);
out:
	sweep_free(&s);
	return rc;
}
