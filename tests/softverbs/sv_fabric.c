/* SPDX-License-Identifier: BSD-3-Clause */
/* sv_fabric.c: softverbs' shared fabric, profiles, faults, completions,
 * wake-ups and the exit report (sv.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sv.h"

#define SV_MAGIC 0x53567631u

sv_proc sv;

static const sv_profile profiles[] = {
	{"pf", SV_MAX_INLINE_PF, 3, 0x0002c90300a1b2c0ull},
	{"vf", 0, 7, 0x00140500c0bb4a22ull},
};

/* The value of fault NAME in SOFTVERBS_FAULT, or 0. */
static uint64_t fault_of(const char *spec, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = spec; p && *p;) {
		if (strncmp(p, name, n) == 0 && p[n] == '=')
			return strtoull(p + n + 1, NULL, 10);
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return 0;
}

/* Check SOFTVERBS_FAULT names only known faults; 0 or -1. */
static int faults_ok(const char *spec)
{
	static const char *const known[] = {"post_send", "post_recv", "wc_error", "lost_async"};
	for (const char *p = spec; p && *p;) {
		size_t len = strcspn(p, ",");
		int ok = 0;
		for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
			size_t k = strlen(known[i]);
			if (len > k + 1 && strncmp(p, known[i], k) == 0 && p[k] == '=')
				ok = 1;
		}
		if (!ok) {
			fprintf(stderr, "softverbs: SOFTVERBS_FAULT: unknown fault '%.*s'\n",
				(int)len, p);
			return -1;
		}
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

/* The exit report: live objects and waits. */
static void report(void)
{
	if (!sv.f)
		return;
	char path[512];
	snprintf(path, sizeof path, "%s/report.%d", sv.dir, (int)getpid());
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f,
		"pid %d profile %s lists %d contexts %d pds %d mrs %d channels %d cqs %d qps %d "
		"srqs %d async_unacked %d cq_event_calls %llu cq_event_wall_ns %llu "
		"cq_event_cpu_ns %llu polls %llu empty_polls %llu srq_limit_events %llu\n",
		(int)getpid(), sv.prof->name, sv.lists, sv.ctxs, sv.pds, sv.mrs, sv.chans, sv.cqs,
		sv.qps, sv.srqs, sv.async_unacked, (unsigned long long)sv.cq_event_calls,
		(unsigned long long)sv.cq_event_wall_ns, (unsigned long long)sv.cq_event_cpu_ns,
		(unsigned long long)sv.polls, (unsigned long long)sv.empty_polls,
		(unsigned long long)sv.srq_limit_events);
	fclose(f);
}

void sv_released(void)
{
	if (!sv.lists && !sv.ctxs && !sv.pds && !sv.mrs && !sv.chans && !sv.cqs && !sv.qps &&
	    !sv.srqs)
		report();
}

/* Map the fabric file, creating and initializing it under flock. */
static sv_fabric *map_fabric(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/fabric", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	struct stat st;
	sv_fabric *f = NULL;
	if (flock(fd, LOCK_EX) == 0 && fstat(fd, &st) == 0 &&
	    (st.st_size == (off_t)sizeof *f || ftruncate(fd, (off_t)sizeof *f) == 0)) {
		void *p = mmap(NULL, sizeof *f, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED) {
			f = p;
			if (f->magic != SV_MAGIC) {
				pthread_mutexattr_t a;
				pthread_mutexattr_init(&a);
				pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
				pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
				pthread_mutex_init(&f->lock, &a);
				pthread_mutexattr_destroy(&a);
				f->next_qpn = 0x48;
				f->next_key = 0x1000;
				f->magic = SV_MAGIC;
			}
		}
	}
	int e = errno;
	flock(fd, LOCK_UN); /* explicitly: the mapping keeps the file open */
	close(fd);
	errno = e;
	return f;
}

int sv_attach(void)
{
	if (sv.f)
		return 0;
	const char *dir = getenv("SOFTVERBS_DIR");
	const char *prof = getenv("SOFTVERBS_PROFILE");
	if (!dir || !*dir) {
		fprintf(stderr, "softverbs: SOFTVERBS_DIR is not set: no device\n");
		errno = ENODEV;
		return -1;
	}
	const sv_profile *p = NULL;
	for (size_t i = 0; i < sizeof profiles / sizeof *profiles; i++)
		if (prof && strcmp(prof, profiles[i].name) == 0)
			p = &profiles[i];
	if (!p) {
		fprintf(stderr, "softverbs: SOFTVERBS_PROFILE must be pf or vf\n");
		errno = ENODEV;
		return -1;
	}
	const char *spec = getenv("SOFTVERBS_FAULT");
	if (faults_ok(spec) < 0) {
		errno = EINVAL;
		return -1;
	}
	sv.fault_post_send = fault_of(spec, "post_send");
	sv.fault_post_recv = fault_of(spec, "post_recv");
	sv.fault_wc_error = fault_of(spec, "wc_error");
	sv.fault_lost_async = fault_of(spec, "lost_async");
	const char *d = getenv("SOFTVERBS_DELAY_US");
	sv.delay_us = d ? (unsigned)strtoul(d, NULL, 10) : 0;
	snprintf(sv.dir, sizeof sv.dir, "%s", dir);
	sv.prof = p;
	sv.pid = getpid();
	sv_fabric *f = map_fabric(dir);
	if (!f) {
		fprintf(stderr, "softverbs: cannot map %s/fabric: %s\n", dir, strerror(errno));
		return -1;
	}
	/* Let the peer's process_vm_writev in under Yama's ptrace_scope 1. */
	prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
	sv.f = f;
	atexit(report);
	return 0;
}

void sv_lock(void)
{
	if (pthread_mutex_lock(&sv.f->lock) == EOWNERDEAD)
		pthread_mutex_consistent(&sv.f->lock);
}

void sv_unlock(void)
{
	pthread_mutex_unlock(&sv.f->lock);
}

/* Write one record to the named pipe path without blocking; 0 or -1. */
static int pipe_write(const char *path, const void *rec, size_t len)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, rec, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

void sv_async(int ctx, enum ibv_event_type type, int kind, int idx)
{
	uint64_t n = ++sv.f->n_async;
	if (sv.fault_lost_async && n == sv.fault_lost_async)
		return; /* injected: this event is never delivered */
	char path[512];
	snprintf(path, sizeof path, "%s/async.%d", sv.dir, ctx);
	sv_async_msg m = {(int)type, kind, idx};
	pipe_write(path, &m, sizeof m);
}

void sv_push_wc(int c, const struct ibv_wc *wc, int qp, uint64_t seq)
{
	sv_cq_rec *cq = &sv.f->cq[c];
	if (!cq->used)
		return;
	if (cq->tail - cq->head >= (uint32_t)cq->cqe) {
		if (!cq->overrun)
			sv_async(cq->ctx, IBV_EVENT_CQ_ERR, 2, c);
		cq->overrun = 1;
		return;
	}
	uint32_t slot = cq->tail % SV_CQ_RING;
	cq->wc[slot] = *wc;
	cq->qp[slot] = qp;
	cq->seq[slot] = seq;
	cq->tail++;
	if (cq->armed && cq->chan >= 0) {
		cq->armed = 0;
		char path[512];
		snprintf(path, sizeof path, "%s/chan.%d", sv.dir, cq->chan);
		int32_t idx = c;
		pipe_write(path, &idx, sizeof idx);
	}
}

void sv_qp_to_error(int q)
{
	sv_qp_rec *qp = &sv.f->qp[q];
	qp->state = IBV_QPS_ERR;
	for (; qp->head != qp->tail; qp->head++) {
		const sv_rwr *w = &qp->wr[qp->head % SV_WQ_RING];
		struct ibv_wc wc;
		memset(&wc, 0, sizeof wc);
		wc.wr_id = w->wr_id;
		wc.status = IBV_WC_WR_FLUSH_ERR;
		wc.opcode = IBV_WC_RECV;
		wc.qp_num = qp->qpn;
		sv_push_wc(qp->recv_cq, &wc, -1, 0);
	}
}
