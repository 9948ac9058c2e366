/* SPDX-License-Identifier: BSD-3-Clause */
/* test_verbs_xchg.c: the packed bootstrap record of verbs_lat. */
#include <criterion/criterion.h>
#include <string.h>

#include "verbs_xchg.h"

static const uint8_t gid1[16] = {0xfe, 0x80, 0,    0,    0,    0,    0,    0,
				 0x00, 0x02, 0xc9, 0x03, 0x00, 0xa1, 0xb2, 0xc1};

/* A record as an InfiniBand read test would send it. */
static verbs_xchg sample(void)
{
	verbs_xchg x;
	memset(&x, 0, sizeof x);
	x.test = 1;
	x.mode = 1;
	x.link_layer = VERBS_LL_INFINIBAND;
	x.port = 1;
	x.mtu = 5;
	x.lid = 0x0003;
	x.qpn = 0x00012a;
	x.psn = 0x3c1d2e;
	x.rkey = 0x1234abcd;
	x.addr = 0x00007f0012345000ull;
	x.len = 0x800000;
	memcpy(x.gid, gid1, 16);
	x.max_size = 0x800000;
	return x;
}

Test(verbs_xchg, layout_is_big_endian_and_fixed)
{
	/* Written out by hand from the layout in verbs_xchg.h. */
	static const unsigned char want[VERBS_XCHG_LEN] = {
		'S',  'V',  'X',  1,                            /* magic, version */
		1,    1,    1,    1,                            /* test, mode, link layer, port */
		5,    0,    0x00, 0x03,                         /* MTU, flags, LID */
		0x00, 0x00, 0x01, 0x2a,                         /* QPN */
		0x00, 0x3c, 0x1d, 0x2e,                         /* PSN */
		0x12, 0x34, 0xab, 0xcd,                         /* rkey */
		0x00, 0x00, 0x7f, 0x00, 0x12, 0x34, 0x50, 0x00, /* address */
		0,    0,    0,    0,    0,    0x80, 0,    0,    /* length */
		0xfe, 0x80, 0,    0,    0,    0,    0,    0,    0x00, 0x02, 0xc9, 0x03, 0x00,
		0xa1, 0xb2, 0xc1, 0,    0,    0,    0,    0,    0x80, 0,    0, /* largest size */
	};
	unsigned char got[VERBS_XCHG_LEN];
	verbs_xchg x = sample();
	verbs_xchg_pack(&x, got);
	cr_assert_arr_eq(got, want, VERBS_XCHG_LEN);
}

Test(verbs_xchg, round_trip)
{
	unsigned char b[VERBS_XCHG_LEN];
	st_err e = {0};
	char *err = e.msg;
	verbs_xchg x = sample(), y;
	x.link_layer = VERBS_LL_ETHERNET;
	x.flags = VERBS_XCHG_GRH;
	x.qpn = 0xffffff;
	x.psn = 0;
	x.addr = ~0ull;
	verbs_xchg_pack(&x, b);
	cr_assert_eq(verbs_xchg_unpack(b, sizeof b, &y, &e), 0, "%s", err);
	cr_assert_eq(memcmp(&x, &y, sizeof x), 0);
}

Test(verbs_xchg, qpn_and_psn_keep_24_bits)
{
	unsigned char b[VERBS_XCHG_LEN];
	st_err e = {0};
	char *err = e.msg;
	verbs_xchg x = sample(), y;
	x.psn = 0xab123456;
	verbs_xchg_pack(&x, b);
	cr_assert_eq(verbs_xchg_unpack(b, sizeof b, &y, &e), 0, "%s", err);
	cr_assert_eq(y.psn, 0x123456);
}

/* Unpack b after changing byte at to v; expect an error containing want. */
static void corrupt(int at, unsigned char v, const char *want)
{
	unsigned char b[VERBS_XCHG_LEN];
	st_err e = {0};
	char *err = e.msg;
	verbs_xchg x = sample(), y;
	verbs_xchg_pack(&x, b);
	b[at] = v;
	cr_assert_eq(verbs_xchg_unpack(b, sizeof b, &y, &e), ST_EFORMAT, "byte %d = %u accepted",
		     at, v);
	cr_assert(strstr(err, want) != NULL, "'%s' lacks '%s'", err, want);
}

Test(verbs_xchg, unpack_refuses_bad_records)
{
	corrupt(0, 'X', "not a verbs_lat record");
	corrupt(3, 2, "version 2, this verbs_lat speaks 1");
	corrupt(12, 1, "QP number 0x100012a"); /* QPN above 24 bits */
	corrupt(16, 1, "PSN 0x13c1d2e");
	corrupt(8, 0, "MTU code 0");
	corrupt(8, 6, "MTU code 6");
	corrupt(6, 3, "link layer 3");
	corrupt(7, 0, "port 0");
	corrupt(4, 9, "test 9");
	unsigned char b[VERBS_XCHG_LEN] = {0};
	st_err e = {0};
	char *err = e.msg;
	verbs_xchg y;
	cr_assert_eq(verbs_xchg_unpack(b, 10, &y, &e), ST_EFORMAT);
	cr_assert(strstr(err, "(10 bytes)") != NULL, "%s", err);
	verbs_xchg x = sample();
	x.qpn = 0;
	verbs_xchg_pack(&x, b);
	cr_assert_eq(verbs_xchg_unpack(b, sizeof b, &y, &e), ST_EFORMAT);
}

Test(verbs_xchg, compatibility)
{
	st_err e = {0};
	char *err = e.msg;
	verbs_xchg l = sample(), r = sample();
	cr_assert_eq(verbs_xchg_compatible(&l, &r, &e), 0, "%s", err);

	r = sample(), r.mode = 0;
	cr_assert_eq(verbs_xchg_compatible(&l, &r, &e), ST_EUSAGE);
	cr_assert(strstr(err, "different --test or --mode") != NULL, "%s", err);
	r = sample(), r.max_size = 4096;
	cr_assert_eq(verbs_xchg_compatible(&l, &r, &e), ST_EUSAGE);
	cr_assert(strstr(err, "different sizes (8388608 and 4096 bytes at most") != NULL, "%s",
		  err);
	r = sample(), r.len = 4096; /* peer registered less than our largest size */
	cr_assert_eq(verbs_xchg_compatible(&l, &r, &e), ST_EUSAGE);
	cr_assert(strstr(err,
			 "size 8388608 is larger than the peer's registered buffer (4096 bytes)"),
		  "%s", err);

	r = sample(), r.link_layer = VERBS_LL_ETHERNET;
	cr_assert_eq(verbs_xchg_compatible(&l, &r, &e), ST_EMISMATCH);
	cr_assert(strstr(err, "this one is InfiniBand, the peer's is Ethernet (RoCE)") != NULL,
		  "%s", err);
	r = sample(), r.lid = 0;
	cr_assert_eq(verbs_xchg_compatible(&l, &r, &e), ST_EMISMATCH);
	cr_assert(strstr(err, "LID 0") != NULL, "%s", err);

	/* RoCE: LIDs are 0, the GID is what matters. */
	l.link_layer = r.link_layer = VERBS_LL_ETHERNET;
	r = sample(), r.link_layer = VERBS_LL_ETHERNET, r.lid = 0;
	cr_assert_eq(verbs_xchg_compatible(&l, &r, &e), 0, "%s", err);
	memset(r.gid, 0, 16);
	cr_assert_eq(verbs_xchg_compatible(&l, &r, &e), ST_EMISMATCH);
	cr_assert(strstr(err, "GID is empty") != NULL, "%s", err);
}

Test(verbs_xchg, strings_and_helpers)
{
	char b[256];
	verbs_gid_str(gid1, b, sizeof b);
	cr_assert_str_eq(b, "fe80:0000:0000:0000:0002:c903:00a1:b2c1");
	verbs_xchg x = sample();
	verbs_xchg_str(&x, b, sizeof b);
	cr_assert_str_eq(b, "LID 0x0003 QPN 0x00012a PSN 0x3c1d2e RKey 0x1234abcd VAddr "
			    "0x00007f0012345000 GID fe80:0000:0000:0000:0002:c903:00a1:b2c1");
	cr_assert_eq(verbs_mtu_bytes(1), 256);
	cr_assert_eq(verbs_mtu_bytes(3), 1024);
	cr_assert_eq(verbs_mtu_bytes(5), 4096);
	cr_assert_eq(verbs_mtu_bytes(0), 0);
	cr_assert_eq(verbs_mtu_bytes(6), 0);
	/* PSNs: 24 bits, and different seeds give different values. */
	uint32_t a = verbs_psn(1), c = verbs_psn(2);
	cr_assert_leq(a, 0xffffff);
	cr_assert_leq(c, 0xffffff);
	cr_assert_neq(a, c);
	cr_assert_eq(verbs_psn(1), a, "deterministic for a seed");
}
