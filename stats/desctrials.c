/* SPDX-License-Identifier: BSD-3-Clause */
/* desctrials.c: trials described together (st_describe_trials_u64, desc.h):
 * the pooled description of st_describe_segs_u64, each trial's own
 * quantiles and means, reading each trial from memory once.
 *
 * A trial is first scanned (minimum, maximum, and exact integer sums of its
 * values' distances from the first value: the pooled mean and sd are then
 * st_describe_segs_u64's to the bit, and each trial's means
 * st_mean_u64's), then, while it is still in cache, its values are counted
 * by key. Keys: a value's distance d from a base (the first trial's
 * minimum) maps to d itself below 2^KEY_BITS, and above to a key keeping
 * d's KEY_BITS leading bits (the layout of HDR histograms); values below
 * the base get the mirror image. Keys follow the order of values, and a key
 * near the base holds one value: the bulk of latency samples (in ns, within
 * 4 us of the fastest) has keys of one value each, so most order statistics
 * come straight from the counts. Only a wanted key spanning several values
 * (the far tail) costs another pass, over that trial (or over all trials for
 * a pooled rank), gathering and sorting that key's values. A trial's counts
 * are added into the pooled counts, which cost no pass of their own. */
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "desc_int.h"

#define KEY_BITS 12

/* Keys of distances from the base: key_of(UINT64_MAX) + 1 of them. */
#define HALF_KEYS (((size_t)(64 - KEY_BITS) << (KEY_BITS - 1)) + ((size_t)1 << KEY_BITS))
#define NKEYS     (2 * HALF_KEYS)

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

/* The key of value x: HALF_KEYS + key_of(x - base) at or above the base,
 * the mirror image below. */
static inline size_t vkey(uint64_t x, uint64_t base)
{
	if (x >= base)
		return HALF_KEYS + key_of(x - base);
	return HALF_KEYS - 1 - key_of(base - x - 1);
}

/* The smallest value of key k (meaningful when *shift is 0: the key's one
 * value). */
static uint64_t vkey_low(size_t k, uint64_t base, int *shift)
{
	if (k >= HALF_KEYS)
		return base + key_low(k - HALF_KEYS, shift);
	uint64_t low = key_low(HALF_KEYS - 1 - k, shift);
	return base - 1 - low - (((uint64_t)1 << *shift) - 1);
}

/* Counted keys: starts st[lo .. hi] (exclusive prefix sums) of n values. */
typedef struct keyed {
	const size_t *st;
	size_t lo, hi, n;
	uint64_t base;
} keyed;

/* The last key k in [lo, hi] with st[k] <= r: where rank r lies. */
static size_t key_of_rank(const keyed *kd, size_t r)
{
	size_t lo = kd->lo, hi = kd->hi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (kd->st[mid] <= r)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Gather the values of the segments whose keys are wide[0 .. nw) into buf
 * (key wide[w]'s at off[w]), and sort each key's values. mark: scratch, one
 * entry per key. */
static int gather_keys(const uint64_t *const *segs, const size_t *lens, size_t nseg,
		       const keyed *kd, const size_t *wide, const size_t *off, const size_t *cnt,
		       size_t nw, size_t *mark, uint64_t *buf)
{
	for (size_t k = kd->lo; k <= kd->hi; k++)
		mark[k] = SIZE_MAX;
	for (size_t w = 0; w < nw; w++)
		mark[wide[w]] = off[w];
	for (size_t s = 0; s < nseg; s++) {
		const uint64_t *v = segs[s];
		for (size_t i = 0; i < lens[s]; i++) {
			size_t *m = &mark[vkey(v[i], kd->base)];
			if (*m != SIZE_MAX)
				buf[(*m)++] = v[i];
		}
	}
	int rc = 0;
	for (size_t w = 0; w < nw && rc == 0; w++)
		rc = st_sort_u64(buf + off[w], cnt[w]);
	return rc;
}

/* out[i] = the r[i]-th smallest (0-based) of the segments' values, counted
 * in kd. */
static int select_ranks(const uint64_t *const *segs, const size_t *lens, size_t nseg,
			const keyed *kd, const size_t *r, size_t nr, uint64_t *out, size_t *mark)
{
	size_t kb[MAX_RANKS], wide[MAX_RANKS], off[MAX_RANKS], cnt[MAX_RANKS], nw = 0, need = 0;
	for (size_t i = 0; i < nr; i++) {
		int shift;
		kb[i] = key_of_rank(kd, r[i]);
		out[i] = vkey_low(kb[i], kd->base, &shift);
		if (shift == 0)
			continue;
		size_t w = 0;
		while (w < nw && wide[w] != kb[i])
			w++;
		if (w == nw) {
			wide[nw] = kb[i];
			cnt[nw] = (kb[i] < kd->hi ? kd->st[kb[i] + 1] : kd->n) - kd->st[kb[i]];
			off[nw] = need;
			need += cnt[nw++];
		}
	}
	if (nw == 0)
		return 0;
	uint64_t *buf = malloc(need * sizeof *buf);
	if (!buf)
		return ST_ENOMEM;
	int rc = gather_keys(segs, lens, nseg, kd, wide, off, cnt, nw, mark, buf);
	for (size_t i = 0; i < nr && rc == 0; i++) {
		size_t w = 0;
		while (w < nw && wide[w] != kb[i])
			w++;
		if (w < nw)
			out[i] = buf[off[w] + (r[i] - kd->st[kb[i]])];
	}
	free(buf);
	return rc;
}

/* What the scan of one trial found. */
typedef struct scan {
	uint64_t mn, mx;
	int exact; /* every value within 2^31 of ref: the sums are exact */
#ifdef __SIZEOF_INT128__
	__int128 a1, a1_head; /* sums of x - ref: all, the first head values */
	unsigned __int128 a2; /* sum of (x - ref)^2 */
#endif
} scan;

/* Scan v (head: the length of its first part) against ref. */
static void scan_trial(const uint64_t *v, size_t len, size_t head, uint64_t ref, scan *sc)
{
	memset(sc, 0, sizeof *sc);
	sc->mn = UINT64_MAX;
#ifdef __SIZEOF_INT128__
	ds_sums_add(v, head, ref, &sc->mn, &sc->mx, &sc->a1, &sc->a2);
	sc->a1_head = sc->a1;
	ds_sums_add(v + head, len - head, ref, &sc->mn, &sc->mx, &sc->a1, &sc->a2);
	const uint64_t lim = (uint64_t)1 << 31;
	sc->exact = (sc->mx < ref ? ref - sc->mx : sc->mx - ref) < lim &&
		    (sc->mn < ref ? ref - sc->mn : sc->mn - ref) < lim;
#else
	for (size_t i = 0; i < len; i++) {
		sc->mn = v[i] < sc->mn ? v[i] : sc->mn;
		sc->mx = v[i] > sc->mx ? v[i] : sc->mx;
	}
#endif
}

/* What st_describe_trials_u64 tells of v: extremes, and the means
 * st_mean_u64 gives of v, its first head values and the rest. */
static void trial_info(const uint64_t *v, size_t len, size_t head, uint64_t ref, const scan *sc,
		       st_trial_info *ti)
{
	ti->min = sc->mn;
	ti->max = sc->mx;
	ti->head = head;
#ifdef __SIZEOF_INT128__
	__int128 all = sc->a1 + (__int128)len * ref, first = sc->a1_head + (__int128)head * ref;
	if (sc->exact && all <= (__int128)UINT64_MAX) {
		uint64_t rest = (uint64_t)(all - first);
		ti->mean = (double)((long double)(uint64_t)all / len);
		ti->head_mean = head ? (double)((long double)(uint64_t)first / head) : 0.0;
		ti->rest_mean = len - head ? (double)((long double)rest / (len - head)) : 0.0;
		return;
	}
#endif
	ti->mean = st_mean_u64(v, len);
	ti->head_mean = st_mean_u64(v, head);
	ti->rest_mean = st_mean_u64(v + head, len - head);
}

/* The trial's keys from its lowest to its highest: count them into cnt,
 * then make cnt their exclusive prefix sums; add the counts to pool, whose
 * keys [*zlo, *zhi] are set (zeroed here as the range grows). */
static void count_keys(const uint64_t *v, size_t len, const keyed *kd, size_t *cnt, size_t *pool,
		       size_t *zlo, size_t *zhi)
{
	size_t lo = kd->lo, hi = kd->hi;
	memset(cnt + lo, 0, (hi - lo + 1) * sizeof *cnt);
	if (*zlo > *zhi) {
		memset(pool + lo, 0, (hi - lo + 1) * sizeof *pool);
		*zlo = lo;
		*zhi = hi;
	}
	if (lo < *zlo) {
		memset(pool + lo, 0, (*zlo - lo) * sizeof *pool);
		*zlo = lo;
	}
	if (hi > *zhi) {
		memset(pool + *zhi + 1, 0, (hi - *zhi) * sizeof *pool);
		*zhi = hi;
	}
	for (size_t i = 0; i < len; i++)
		cnt[vkey(v[i], kd->base)]++;
	size_t sum = 0;
	for (size_t k = lo; k <= hi; k++) {
		size_t c = cnt[k];
		pool[k] += c;
		cnt[k] = sum;
		sum += c;
	}
}

/* Quantiles q[0 .. nq) of one trial from its counted keys, into out. */
static int seg_quantiles(const uint64_t *v, size_t len, const keyed *kd, const double *q, size_t nq,
			 double *out, size_t *mark)
{
	size_t r[MAX_RANKS], nrk[ST_MAX_PCT + 2], nr = 0;
	uint64_t x[MAX_RANKS];
	for (size_t j = 0; j < nq; j++) {
		nrk[j] = ds_type7_ranks(len, q[j], r + nr);
		nr += nrk[j];
	}
	int rc = select_ranks(&v, &len, 1, kd, r, nr, x, mark);
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

/* The pooled scan (ds_segs_scan's results, from the trials' sums when they
 * are exact) and order statistics. */
static int pooled(const uint64_t *const *segs, const size_t *lens, size_t nseg, const scan *all,
		  const keyed *kd, size_t *pool, size_t *mark, const double *pct_at, size_t npct,
		  double level, st_desc *out)
{
	size_t n = kd->n;
	out->min = (double)all->mn;
	out->max = (double)all->mx;
#ifdef __SIZEOF_INT128__
	if (all->exact) {
		out->n = n;
		ds_scan_finish(n, segs[0][0], (long double)all->a1, (long double)all->a2,
			       &out->mean, &out->sd);
	}
#endif
	if (!all->exact) {
		uint64_t mn, mx;
		ds_segs_scan(segs, lens, nseg, &out->n, &mn, &mx, &out->mean, &out->sd);
	}
	size_t sum = 0, ranks[DS_POOLED_RANKS], nrk[ST_MAX_PCT + 1];
	uint64_t x[DS_POOLED_RANKS];
	for (size_t k = kd->lo; k <= kd->hi; k++) {
		size_t c = pool[k];
		pool[k] = sum;
		sum += c;
	}
	size_t nr = ds_pooled_ranks(n, pct_at, npct, level, out, ranks, nrk);
	int rc = select_ranks(segs, lens, nseg, kd, ranks, nr, x, mark);
	if (rc == 0)
		ds_pooled_fill(n, nrk, x, level, out);
	return rc;
}

/* Describe trials together: each one's quantiles, extremes and means, and
 * the pooled description. */
int st_describe_trials_u64(const uint64_t *const *segs, const size_t *lens, size_t nseg,
			   const double *q, size_t nq, double *seg_q, size_t head_div,
			   void (*each)(size_t s, const st_trial_info *ti, void *arg), void *arg,
			   const double *pct_at, size_t npct, double level, st_desc *out,
			   st_err *err)
{
	size_t n;
	int rc = trials_check(lens, nseg, q, nq, &n, err);
	if (rc == 0)
		rc = ds_describe_check(n, pct_at, npct, level, err);
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	size_t *pool = malloc(NKEYS * sizeof *pool), *cnt = malloc(NKEYS * sizeof *cnt);
	size_t *mark = malloc(NKEYS * sizeof *mark), zlo = 1, zhi = 0;
	scan all = {.mn = UINT64_MAX, .mx = 0, .exact = 1};
	uint64_t ref = segs[0][0];
	keyed kd = {cnt, 0, 0, 0, 0};
	rc = pool && cnt && mark ? 0 : ST_ENOMEM;
	for (size_t s = 0; s < nseg && rc == 0; s++) {
		scan sc;
		size_t head = head_div ? lens[s] / head_div : 0;
		scan_trial(segs[s], lens[s], head, ref, &sc);
		if (s == 0)
			kd.base = sc.mn;
		if (each) {
			st_trial_info ti;
			trial_info(segs[s], lens[s], head, ref, &sc, &ti);
			each(s, &ti, arg);
		}
		all.mn = sc.mn < all.mn ? sc.mn : all.mn;
		all.mx = sc.mx > all.mx ? sc.mx : all.mx;
		all.exact &= sc.exact;
#ifdef __SIZEOF_INT128__
		all.a1 += sc.a1;
		all.a2 += sc.a2;
#endif
		kd.lo = vkey(sc.mn, kd.base);
		kd.hi = vkey(sc.mx, kd.base);
		kd.n = lens[s];
		count_keys(segs[s], lens[s], &kd, cnt, pool, &zlo, &zhi);
		if (nq)
			rc = seg_quantiles(segs[s], lens[s], &kd, q, nq, seg_q + s * nq, mark);
	}
	keyed pk = {pool, zlo, zhi, n, kd.base};
	if (rc == 0)
		rc = pooled(segs, lens, nseg, &all, &pk, pool, mark, pct_at, npct, level, out);
	free(pool);
	free(cnt);
	free(mark);
	if (rc)
		return st_seterr(err, ST_ENOMEM, "out of memory selecting among %zu samples", n);
	return 0;
}
