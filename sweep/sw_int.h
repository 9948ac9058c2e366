/* SPDX-License-Identifier: BSD-3-Clause */
/* sw_int.h: the sweep runner's own state and the calls between its files
 * (not part of the library's interface, sweep.h):
 *   sweep.c     open, start, the loop over the plan, close
 *   files.c     the output folder: argv and files per configuration,
 *               trials present, the lock
 *   state.c     sweep.json
 *   settings.c  coalescing and node settings applied and restored
 *   trial.c     one trial: apply, run, classify, record
 *   supervise.c the trial's process: fork/exec, wait, escalate, strays
 *   sigstate.c  the signal handlers and their volatile state
 *   progress.c  the progress line, ETA, a failed trial's log tail
 *   dryrun.c    --dry-run */
#ifndef SRIOVSTAT_SW_INT_H
#define SRIOVSTAT_SW_INT_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "coalesce.h"
#include "experiment.h"
#include "sterr.h"
#include "sweep.h"
#include "sweepnodes.h"

#define SWEEP_FORMAT  "sriovstat-sweep"
#define SWEEP_VERSION 1
/* Seconds between forwarding a signal to a trial and killing it outright. */
#define SWEEP_KILL_AFTER 10
/* Lines of a failed trial's output quoted on stderr. */
#define SWEEP_TAIL_LINES 10

/* Coalescing of one configuration, as applied. */
typedef struct sw_coal_state {
	int active; /* settings were changed and not yet restored */
	char ifname[32];
	coal_settings orig; /* as read before the trial */
} sw_coal_state;

/* One configuration at run time. */
typedef struct sw_config {
	const exp_config *c;
	enum exp_kind kind;
	char *file;       /* OUT/LABEL.json */
	char *log;        /* OUT/LABEL.log */
	char **argv;      /* as executed, NULL-terminated (owned strings) */
	char *bench_name; /* benchmark name of application trials */
	unsigned done;    /* complete trials in the file */
	int *rounds;      /* the sweep rounds they record (done entries at most) */
	size_t nrounds;
	int last_number; /* largest trial number in the file */
	unsigned ran, failed;
	double seconds; /* spent in this session's trials */
} sw_config;

struct sweep {
	experiment *e;
	const char *exp_path;
	char *out;        /* as given */
	char *out_abs;    /* absolute, once it exists */
	char *state_path; /* OUT/sweep.json */
	unsigned trials;
	uint64_t seed;
	const char *seed_from;
	int on_error_continue;
	unsigned timeout; /* --timeout seconds per trial, 0: none */
	int dry_run;
	sw_progress_fn progress; /* the progress line, or NULL */
	sw_config *cfg;
	size_t n;
	size_t *order;
	unsigned char *todo;
	size_t ntodo;
	json_object *state;   /* the sweep.json document */
	json_object *session; /* this run's entry in state.sessions */
	int lock_fd;
	double t0;
	size_t ran, failed;
	int restore_failed;
	swn *nodes; /* node settings (sweepnodes.h), or NULL */
};

/* How a trial went (sw_run_trial). */
enum { SW_TRIAL_OK, SW_TRIAL_FAILED, SW_TRIAL_FATAL, SW_TRIAL_INTERRUPTED };

/* The outcome of one trial's command. */
typedef struct sw_result {
	int started;     /* the command was started */
	int exec_errno;  /* it could not be started: errno of execvp */
	int status;      /* waitpid status */
	int interrupted; /* the sweep got a signal meanwhile */
	int timed_out;   /* stopped after --timeout */
	double seconds;
	uint64_t ns;        /* wall clock of the command */
	char message[1024]; /* why it failed */
} sw_result;

/* files.c */
char *sw_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int sw_mkdir_p(const char *dir);
int sw_take_lock(sweep *s, st_err *err);
void sw_config_clear(sw_config *sc);
int sw_prepare_all(sweep *s, st_err *err);
int sw_count_trials(sw_config *sc, st_err *err);
unsigned sw_record_round(const sw_config *sc, unsigned planned);

/* state.c */
json_object *sw_jstrings(char *const *argv);
json_object *sw_env_json(const exp_config *c);
int sw_load_state(sweep *s, uint64_t *recorded_seed, int *have_seed, st_err *err);
int sw_save_state(sweep *s, st_err *err);
int sw_save_state_or_say(sweep *s);
int sw_begin_state(sweep *s, st_err *err);
void sw_end_state(sweep *s, const char *status);

/* settings.c */
json_object *sw_coal_wanted_json(const exp_coal *c);
int sw_coal_apply(sweep *s, const exp_coal *want, sw_coal_state *st, json_object **applied,
		  char *why, size_t whylen);
int sw_coal_restore(sweep *s, const exp_coal *want, sw_coal_state *st);
int sw_check_pending(sweep *s, st_err *err);
int sw_nodes_apply(sweep *s, size_t ci, json_object **applied, char *why, size_t whylen);
int sw_nodes_restore(sweep *s, size_t ci);
int sw_restore_pending_nodes(sweep *s, st_err *err);

/* apptrial.c */
int sw_write_application_trial(const sweep *s, const sw_config *sc, const char *start, size_t place,
			       unsigned round, uint64_t ns, json_object *coal, json_object *nodes,
			       int *number, st_err *err);

/* trial.c: SW_TRIAL_*. */
int sw_run_trial(sweep *s, size_t place);

/* supervise.c */
void sw_clear_line(void);
void sw_run_command(const sw_config *sc, int logfd, unsigned timeout, unsigned round,
		    const char *node_keys, sw_result *r);

/* sigstate.c */
#define SW_NSIGNALS    3                 /* SIGINT, SIGTERM, SIGHUP */
#define SW_NSIGACTIONS (SW_NSIGNALS + 1) /* and SIGALRM */
void sw_sig_install(struct sigaction old[SW_NSIGACTIONS]);
void sw_sig_restore(const struct sigaction old[SW_NSIGACTIONS]);
void sw_sig_child_defaults(void);
int sw_sig_caught(void);
int sw_sig_alarm_take(void);
void sw_sig_alarm_clear(void);
void sw_sig_forward_to(pid_t pgid);

/* progress.c */
double sw_now(void);
void sw_print_argv(FILE *f, char *const *argv);
void sw_progress(const sweep *s, size_t place, size_t nth, const sw_config *sc);
void sw_progress_clear(const sweep *s);
void sw_print_tail(const char *log, off_t from);

#endif
