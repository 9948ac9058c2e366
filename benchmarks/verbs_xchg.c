/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_xchg.c: the packed bootstrap record of verbs_lat. */
#include <stdio.h>
#include <string.h>

#include "verbs_xchg.h"

/* Store v big-endian in n bytes at p. */
static void put_be(unsigned char *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

/* Read an n-byte big-endian integer at p. */
static uint64_t get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Pack a record. */
void verbs_xchg_pack(const verbs_xchg *x, unsigned char *out)
{
	memset(out, 0, VERBS_XCHG_LEN);
	memcpy(out, "SVX", 3);
	out[3] = VERBS_XCHG_VERSION;
	out[4] = x->test;
	out[5] = x->mode;
	out[6] = x->link_layer;
	out[7] = x->port;
	out[8] = x->mtu;
	out[9] = x->flags;
	put_be(out + 10, x->lid, 2);
	put_be(out + 12, x->qpn & 0xffffff, 4);
	put_be(out + 16, x->psn & 0xffffff, 4);
	put_be(out + 20, x->rkey, 4);
	put_be(out + 24, x->addr, 8);
	put_be(out + 32, x->len, 8);
	memcpy(out + 40, x->gid, 16);
	put_be(out + 56, x->max_size, 8);
}

/* Unpack and validate a record. */
int verbs_xchg_unpack(const unsigned char *in, size_t len, verbs_xchg *x, st_err *err)
{
	memset(x, 0, sizeof *x);
	if (len != VERBS_XCHG_LEN || memcmp(in, "SVX", 3) != 0)
		return st_seterr(
			err, ST_EFORMAT,
			"the peer's connection record is not a verbs_lat record (%zu bytes)", len);
	if (in[3] != VERBS_XCHG_VERSION)
		return st_seterr(
			err, ST_EFORMAT,
			"the peer's connection record has version %u, this verbs_lat speaks %u "
			"(mixed sriovstat versions?)",
			in[3], VERBS_XCHG_VERSION);
	x->test = in[4];
	x->mode = in[5];
	x->link_layer = in[6];
	x->port = in[7];
	x->mtu = in[8];
	x->flags = in[9];
	x->lid = (uint16_t)get_be(in + 10, 2);
	uint64_t qpn = get_be(in + 12, 4), psn = get_be(in + 16, 4);
	x->rkey = (uint32_t)get_be(in + 20, 4);
	x->addr = get_be(in + 24, 8);
	x->len = get_be(in + 32, 8);
	memcpy(x->gid, in + 40, 16);
	x->max_size = get_be(in + 56, 8);
	if (qpn == 0 || qpn > 0xffffff || psn > 0xffffff)
		return st_seterr(err, ST_EFORMAT,
				 "the peer's connection record holds QP number 0x%llx, PSN 0x%llx",
				 (unsigned long long)qpn, (unsigned long long)psn);
	x->qpn = (uint32_t)qpn;
	x->psn = (uint32_t)psn;
	if (verbs_mtu_bytes(x->mtu) == 0)
		return st_seterr(err, ST_EFORMAT, "the peer's connection record holds MTU code %u",
				 x->mtu);
	if (x->link_layer != VERBS_LL_INFINIBAND && x->link_layer != VERBS_LL_ETHERNET)
		return st_seterr(err, ST_EFORMAT,
				 "the peer's connection record holds link layer %u", x->link_layer);
	if (x->port == 0 || x->test > 4 || x->mode > 1)
		return st_seterr(err, ST_EFORMAT,
				 "the peer's connection record holds port %u, test %u, mode %u",
				 x->port, x->test, x->mode);
	return 0;
}

/* Whether every byte of the GID is zero. */
static int gid_is_zero(const uint8_t gid[16])
{
	for (int i = 0; i < 16; i++)
		if (gid[i])
			return 0;
	return 1;
}

/* Check that two records can be connected. */
int verbs_xchg_compatible(const verbs_xchg *l, const verbs_xchg *r, st_err *err)
{
	static const char *const ll[] = {"?", "InfiniBand", "Ethernet (RoCE)"};
	if (l->test != r->test || l->mode != r->mode)
		return st_seterr(
			err, ST_EUSAGE,
			"the two ranks were started with different --test or --mode (give both "
			"the same options)");
	if (l->max_size != r->max_size)
		return st_seterr(
			err, ST_EUSAGE,
			"the two ranks were started with different sizes (%llu and %llu bytes "
			"at most; give both the same -m)",
			(unsigned long long)l->max_size, (unsigned long long)r->max_size);
	if (l->link_layer != r->link_layer)
		return st_seterr(err, ST_EMISMATCH,
				 "the ports do not match: this one is %s, the peer's is %s",
				 ll[l->link_layer < 3 ? l->link_layer : 0],
				 ll[r->link_layer < 3 ? r->link_layer : 0]);
	if (r->link_layer == VERBS_LL_ETHERNET || (l->flags & VERBS_XCHG_GRH)) {
		if (gid_is_zero(r->gid))
			return st_seterr(
				err, ST_EMISMATCH,
				"the peer's GID is empty (on RoCE pick a populated entry with "
				"--gid-index)");
	} else if (r->lid == 0) {
		return st_seterr(err, ST_EMISMATCH,
				 "the peer's port has LID 0 (no subnet manager has configured it; "
				 "start opensm or check the fabric)");
	}
	if (r->len < l->max_size)
		return st_seterr(
			err, ST_EUSAGE,
			"size %llu is larger than the peer's registered buffer (%llu bytes)",
			(unsigned long long)l->max_size, (unsigned long long)r->len);
	return 0;
}

/* MTU bytes of an ibv_mtu code. */
int verbs_mtu_bytes(int mtu)
{
	return mtu >= 1 && mtu <= 5 ? 128 << mtu : 0;
}

/* GID in colon-separated 16-bit groups. */
void verbs_gid_str(const uint8_t gid[16], char *buf, size_t len)
{
	snprintf(buf, len,
		 "%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x", gid[0],
		 gid[1], gid[2], gid[3], gid[4], gid[5], gid[6], gid[7], gid[8], gid[9], gid[10],
		 gid[11], gid[12], gid[13], gid[14], gid[15]);
}

/* A perftest-like line: LID, QPN, PSN, RKey, VAddr, GID. */
void verbs_xchg_str(const verbs_xchg *x, char *buf, size_t len)
{
	char g[48];
	verbs_gid_str(x->gid, g, sizeof g);
	snprintf(buf, len, "LID 0x%04x QPN 0x%06x PSN 0x%06x RKey 0x%08x VAddr 0x%016llx GID %s",
		 x->lid, x->qpn, x->psn, x->rkey, (unsigned long long)x->addr, g);
}

/* A 24-bit PSN from a seed (splitmix64 finalizer). */
uint32_t verbs_psn(uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (uint32_t)(z & 0xffffff);
}
