/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_opts.h: verbs_lat's own options (--test, --mode, --inline, --srq,
 * --srq-limit, --ib-dev, --ib-port, --gid-index, --tx-depth, --rx-depth)
 * on top of the shared benchmark options, and the whole-command checks that
 * need no device. Pure: no verbs, no MPI, no printing, so it is unit-tested
 * here and built without libibverbs too. The checks that need the device
 * (unknown device or port, a port that is down, inline beyond what the device
 * grants, sizes beyond the port's max_msg_sz) are in verbs_rc.c. */
#ifndef SRIOVSTAT_VERBS_OPTS_H
#define SRIOVSTAT_VERBS_OPTS_H

#include <stddef.h>

#include "bench_opts.h"

/* The operations verbs_lat measures; verbs_test_name gives the trial's op. */
enum verbs_test {
	VERBS_WRITE,        /* "write": RDMA write ping-pong, half round trip */
	VERBS_READ,         /* "read": RDMA read, whole operation */
	VERBS_SEND,         /* "send": send/receive ping-pong, half round trip */
	VERBS_ATOMIC_FADD,  /* "atomic-fadd": 8-byte fetch-and-add, whole operation */
	VERBS_ATOMIC_CSWAP, /* "atomic-cswap": 8-byte compare-and-swap, whole operation */
};

/* How completions are awaited. */
enum verbs_mode {
	VERBS_POLL,  /* busy-poll the CQ (and, for write, the last byte of the buffer) */
	VERBS_EVENT, /* block on a completion channel (ibv_req_notify_cq/ibv_get_cq_event) */
};

/* The default smallest size (perftest's: 2 bytes). */
#define VERBS_DEFAULT_MIN_SIZE 2
/* Largest --inline accepted before asking a device (no HCA grants near this). */
#define VERBS_INLINE_LIMIT 4096
/* Largest --tx-depth / --rx-depth accepted before asking a device. */
#define VERBS_DEPTH_LIMIT 65536
/* Longest device name (libibverbs' IBV_SYSFS_NAME_MAX is 64 with the NUL). */
#define VERBS_DEV_NAME_MAX 64

typedef struct verbs_opts {
	enum verbs_test test;
	enum verbs_mode mode;
	int inline_size; /* --inline N; -1: the device's maximum (write, send), 0 otherwise */
	int srq;         /* --srq: receives through a shared receive queue (send) */
	int srq_limit;   /* --srq-limit N; 0: not armed */
	char ib_dev[VERBS_DEV_NAME_MAX]; /* --ib-dev; "": the first device with an active port */
	int ib_port;                     /* --ib-port; 0: the first active port */
	int gid_index;                   /* --gid-index; -1: none on InfiniBand, picked on RoCE */
	int tx_depth;                    /* --tx-depth: send queue entries */
	int rx_depth;                    /* --rx-depth: receive queue (or SRQ) entries */
	int inline_given, test_given, mode_given, tx_depth_given, rx_depth_given;
	int bw; /* verbs_bw: write, read and send only */
	/* perftest's spellings, applied to the shared options by the check:
	 * --size N (-m N:N), --all (-m 2:8M), --iters N (-i N). */
	uint64_t pt_size, pt_iters;
	int pt_size_given, pt_all, pt_iters_given;
} verbs_opts;

/* verbs_lat's defaults: write, poll, inline = device maximum, tx 16, rx 64. */
void verbs_opts_defaults(verbs_opts *v);

/* Fill p with verbs_lat's description (name, sizes, iterations, 2 ranks)
 * whose option handler and check write into v (set to the defaults). */
void verbs_prog_init(bench_prog *p, verbs_opts *v);

/* verbs_bw's description: perftest's ib_*_bw defaults (65536 bytes, 5000
 * iterations, --tx-depth 128, --rx-depth 512), write, read or send. */
void verbs_bw_prog_init(bench_prog *p, verbs_opts *v);

/* The trial's op for a test: "write", "read", "send", "atomic-fadd", "atomic-cswap". */
const char *verbs_test_name(enum verbs_test t);

/* "poll" or "event". */
const char *verbs_mode_name(enum verbs_mode m);

/* Whether t is one of the two atomics (8 bytes, whole-operation samples). */
int verbs_test_is_atomic(enum verbs_test t);

/* Whether t is a ping-pong (write, send: samples are half round trips). */
int verbs_test_is_pingpong(enum verbs_test t);

#endif
