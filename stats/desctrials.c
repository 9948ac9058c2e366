/* SPDX-License-Identifier: BSD-3-Clause */
/* desctrials.c: trials described together (st_describe_trials_u64, desc.h):
 * the pooled description of st_describe_segs_u64 and each trial's own
 * quantiles, with one counting pass over the samples serving both.
 *
 * Keys: a value's distance d from the pooled minimum maps to d itself below
 * 2^KEY_BITS, and above to a key keeping d's KEY_BITS leading bits (the
 * layout of HDR histograms). Keys follow the order of values, and a key
 * below 2^KEY_BITS holds one value: the bulk of latency samples (in ns,
 * within 4 us of the fastest) has keys of one value each, so most order
 * statistics come straight from the counts. Only a wanted key spanning
 * several values (the far tail) costs a second pass, over that trial (or
 * over all trials for a pooled rank), gathering and sorting its values. A
 * trial's counts are added into the pooled counts while they are in cache. */
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "desc_int.h"

#define KEY_BITS 12

/* At most this many ranks in one selection: a trial's quantiles (two ranks
 * each) or a pooled description. */
#define MAX_RANKS (2 * (ST_MAX_PCT + 2))

/* The key of distance d. */
static inline size_t key_of(uint64_t d)
{
	if (d < ((uint64_t)1 << KEY_BITS))
		return (size_t)d;
	int s = 64 - __builtin_clzll(d) - KEY_BITS;
	return ((size_t)s << (KEY_BITS - 1)) + (size_t)(d >> s);
}

/* The smallest distance of key k; *shift the log2 of its width. */
static uint64_t key_low(size_t k, int *shift)
{
	*shift = 0;
	if (k < ((size_t)1 << KEY_BITS))
		return k;
	int s = (int)(k >> (KEY_BITS - 1)) - 1;
	*shift = s;
	return (uint64_t)(k - ((size_t)s << (KEY_BITS - 1))) << s;
}

/* The last key k with st[k] <= r: where rank r lies (st: ascending starts). */
static size_t key_of_rank(const size_t *st, size_t nk, size_t r)
{
	size_t lo = 0, hi = nk - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (st[mid] <= r)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Gather the values of the segments whose keys are wide[0 .. nw) into buf
 * (key wide[w]'s at off[w]), and sort each key's values. mark: one entry
 * per key, all SIZE_MAX, and so again on return. */
static int gather_keys(const uint64_t *const *segs, const size_t *lens, size_t nseg, uint64_t mn,
		       const size_t *wide, const size_t *off, const size_t *cnt, size_t nw,
		       size_t *mark, uint64_t *buf)
{
	for (size_t w = 0; w < nw; w++)
		mark[wide[w]] = off[w];
	for (size_t s = 0; s < nseg; s++) {
		const uint64_t *v = segs[s];
		for (size_t i = 0; i < lens[s]; i++) {
			size_t *m = &mark[key_of(v[i] - mn)];
			if (*m != SIZE_MAX)
				buf[(*m)++] = v[i];
		}
	}
	int rc = 0;
	for (size_t w = 0; w < nw; w++) {
		mark[wide[w]] = SIZE_MAX;
		if (rc == 0)
			rc = st_sort_u64(buf + off[w], cnt[w]);
	}
	return rc;
}

/* out[i] = the r[i]-th smallest (0-based) of the segments' values, whose
 * keys start at st[0 .. nk) (exclusive prefix sums of counts; total n). */
static int select_ranks(const uint64_t *const *segs, const size_t *lens, size_t nseg, uint64_t mn,
			const size_t *st, size_t nk, size_t n, const size_t *r, size_t nr,
			uint64_t *out, size_t *mark)
{
	size_t kb[MAX_RANKS], wide[MAX_RANKS], off[MAX_RANKS], cnt[MAX_RANKS], nw = 0, need = 0;
	for (size_t i = 0; i < nr; i++) {
		int shift;
		kb[i] = key_of_rank(st, nk, r[i]);
		uint64_t low = key_low(kb[i], &shift);
		out[i] = mn + low;
		if (shift == 0)
			continue;
		size_t w = 0;
		while (w < nw && wide[w] != kb[i])
			w++;
		if (w == nw) {
			wide[nw] = kb[i];
			cnt[nw] = (kb[i] + 1 < nk ? st[kb[i] + 1] : n) - st[kb[i]];
			off[nw] = need;
			need += cnt[nw++];
		}
	}
	if (nw == 0)
		return 0;
	uint64_t *buf = malloc(need * sizeof *buf);
	if (!buf)
		return ST_ENOMEM;
	int rc = gather_keys(segs, lens, nseg, mn, wide, off, cnt, nw, mark, buf);
	for (size_t i = 0; i < nr && rc == 0; i++) {
		size_t w = 0;
		while (w < nw && wide[w] != kb[i])
			w++;
		if (w < nw)
			out[i] = buf[off[w] + (r[i] - st[kb[i]])];
	}
	free(buf);
	return rc;
}

/* Count segment v's keys into cnt (then its exclusive prefix sums), adding
 * the counts to pool. */
static void count_keys(const uint64_t *v, size_t len, uint64_t mn, size_t *cnt, size_t *pool,
		       size_t nk)
{
	memset(cnt, 0, nk * sizeof *cnt);
	for (size_t i = 0; i < len; i++)
		cnt[key_of(v[i] - mn)]++;
	size_t sum = 0;
	for (size_t k = 0; k < nk; k++) {
		size_t c = cnt[k];
		pool[k] += c;
		cnt[k] = sum;
		sum += c;
	}
}

/* Quantiles q[0 .. nq) of one segment from its key starts, into out. */
static int seg_quantiles(const uint64_t *v, size_t len, uint64_t mn, const size_t *st, size_t nk,
			 const double *q, size_t nq, double *out, size_t *mark)
{
	size_t r[MAX_RANKS], nrk[ST_MAX_PCT + 2], nr = 0;
	uint64_t x[MAX_RANKS];
	for (size_t j = 0; j < nq; j++) {
		nrk[j] = ds_type7_ranks(len, q[j], r + nr);
		nr += nrk[j];
	}
	int rc = select_ranks(&v, &len, 1, mn, st, nk, len, r, nr, x, mark);
	for (size_t j = 0, at = 0; rc == 0 && j < nq; at += nrk[j], j++)
		out[j] = ds_type7_value(len, q[j], x + at);
	return rc;
}

/* Check the arguments of st_describe_trials_u64; the number of values. */
static int trials_check(const size_t *lens, size_t nseg, const double *q, size_t nq, size_t *n,
			st_err *err)
{
	*n = 0;
	for (size_t s = 0; s < nseg; s++) {
		if (lens[s] == 0)
			return st_seterr(err, ST_EVALUE, "trial %zu holds no values", s + 1);
		*n += lens[s];
	}
	if (nq > ST_MAX_PCT + 2)
		return st_seterr(err, ST_EUSAGE, "at most %d quantiles per trial, not %zu",
				 ST_MAX_PCT + 2, nq);
	for (size_t j = 0; j < nq; j++)
		if (!(q[j] >= 0.0 && q[j] <= 1.0))
			return st_seterr(err, ST_EVALUE, "quantile %g is not in [0, 1]", q[j]);
	return 0;
}

/* Describe trials together: each one's quantiles and the pooled description. */
int st_describe_trials_u64(const uint64_t *const *segs, const size_t *lens, size_t nseg,
			   const double *q, size_t nq, double *seg_q, const double *pct_at,
			   size_t npct, double level, st_desc *out, st_err *err)
{
	size_t n;
	int rc = trials_check(lens, nseg, q, nq, &n, err);
	if (rc == 0)
		rc = ds_describe_check(n, pct_at, npct, level, err);
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	uint64_t mn, mx;
	ds_segs_scan(segs, lens, nseg, &out->n, &mn, &mx, &out->mean, &out->sd);
	out->min = (double)mn;
	out->max = (double)mx;
	size_t nk = key_of(mx - mn) + 1;
	size_t *pool = calloc(nk, sizeof *pool), *cnt = malloc(nk * sizeof *cnt);
	size_t *mark = malloc(nk * sizeof *mark);
	rc = pool && cnt && mark ? 0 : ST_ENOMEM;
	for (size_t k = 0; rc == 0 && k < nk; k++)
		mark[k] = SIZE_MAX;
	for (size_t s = 0; s < nseg && rc == 0; s++) {
		count_keys(segs[s], lens[s], mn, cnt, pool, nk);
		if (nq)
			rc = seg_quantiles(segs[s], lens[s], mn, cnt, nk, q, nq, seg_q + s * nq,
					   mark);
	}
	if (rc == 0) {
		size_t sum = 0, ranks[DS_POOLED_RANKS], nrk[ST_MAX_PCT + 1];
		uint64_t x[DS_POOLED_RANKS];
		for (size_t k = 0; k < nk; k++) {
			size_t c = pool[k];
			pool[k] = sum;
			sum += c;
		}
		size_t nr = ds_pooled_ranks(n, pct_at, npct, level, out, ranks, nrk);
		rc = select_ranks(segs, lens, nseg, mn, pool, nk, n, ranks, nr, x, mark);
		if (rc == 0)
			ds_pooled_fill(n, nrk, x, level, out);
	}
	free(pool);
	free(cnt);
	free(mark);
	if (rc)
		return st_seterr(err, ST_ENOMEM, "out of memory selecting among %zu samples", n);
	return 0;
}
