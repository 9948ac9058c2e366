/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_xchg.h: what the two ranks of verbs_lat tell each other before the
 * first verbs operation (LID, GID, QP number, PSN, buffer address, rkey, ...),
 * as a fixed 64-byte record in network byte order, so that ranks built by
 * different compilers or on different architectures agree. MPI only carries
 * the bytes. Pure code: no verbs, no MPI.
 *
 * Layout (offsets in bytes, big-endian integers):
 *    0  magic "SVX" and version 1     4  test   5  mode   6  link layer   7  port
 *    8  path MTU (enum ibv_mtu)       9  flags (bit 0: GRH needed)       10  LID (16)
 *   12  QP number (24 bits)          16  PSN (24 bits)                   20  rkey
 *   24  buffer address (64)          32  buffer length (64)              40  GID (16 bytes)
 *   56  largest message size (64) */
#ifndef SRIOVSTAT_VERBS_XCHG_H
#define SRIOVSTAT_VERBS_XCHG_H

#include <stddef.h>
#include <stdint.h>

#include "sterr.h"

#define VERBS_XCHG_LEN     64
#define VERBS_XCHG_VERSION 1

/* Link layers, as libibverbs numbers them (IBV_LINK_LAYER_*). */
enum { VERBS_LL_INFINIBAND = 1, VERBS_LL_ETHERNET = 2 };

/* Flags. */
enum { VERBS_XCHG_GRH = 1 };

typedef struct verbs_xchg {
	uint8_t test, mode; /* enum verbs_test, enum verbs_mode: both ranks must agree */
	uint8_t link_layer; /* VERBS_LL_* */
	uint8_t port;
	uint8_t mtu;   /* enum ibv_mtu: 1 (256) .. 5 (4096) */
	uint8_t flags; /* VERBS_XCHG_GRH: address the peer through its GID */
	uint16_t lid;
	uint32_t qpn, psn; /* 24-bit values */
	uint32_t rkey;
	uint64_t addr, len; /* the peer-writable buffer */
	uint8_t gid[16];
	uint64_t max_size; /* the largest message this rank will move */
} verbs_xchg;

/* Pack x into out[VERBS_XCHG_LEN]. */
void verbs_xchg_pack(const verbs_xchg *x, unsigned char *out);

/* Unpack and validate a record (magic, version, field ranges). 0, or
 * ST_EFORMAT with err. */
int verbs_xchg_unpack(const unsigned char *in, size_t len, verbs_xchg *x, st_err *err);

/* Whether a local and a remote record can be connected: same test and mode,
 * same link layer, a LID on InfiniBand without GRH, a GID when one is needed,
 * and a remote buffer that holds the largest size. 0; ST_EMISMATCH with err
 * when the fabric is at fault (link layers, LID, GID); ST_EUSAGE with err when
 * the options are (test, mode or sizes differ between the ranks, a size
 * larger than the peer's registered buffer). */
int verbs_xchg_compatible(const verbs_xchg *local, const verbs_xchg *remote, st_err *err);

/* The MTU in bytes of an enum ibv_mtu value (0 when not one). */
int verbs_mtu_bytes(int mtu);

/* A GID in the usual colon form "fe80:0000:0000:0000:0002:c903:00a1:b2c1" (40 bytes). */
void verbs_gid_str(const uint8_t gid[16], char *buf, size_t len);

/* One line describing a record, perftest style, for the "#" header. */
void verbs_xchg_str(const verbs_xchg *x, char *buf, size_t len);

/* A fresh 24-bit packet sequence number from a seed (e.g. pid and time). */
uint32_t verbs_psn(uint64_t seed);

#endif
