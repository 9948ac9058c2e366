/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_mem.h: message buffers.
 *
 * The kernels' send and receive buffers start on a page boundary, as OSU
 * Micro-Benchmarks and perftest allocate theirs. The placement is part of
 * what is measured: a 16 KiB message from an address 16 bytes past a page
 * spans five pages instead of four, which the zero-copy paths of shared
 * memory transports (CMA, XPMEM, KNEM) pin and map page by page, and equal
 * offsets of source and destination within a page decide whether copies hit
 * 4 KiB aliasing. malloc gives large blocks 16 bytes past a page; with it
 * p2p_bw measured 11% below osu_bw from 16 KiB to 64 KiB here
 * (bench/README.md, bw_osu.sh). */
#ifndef SRIOVSTAT_BENCH_MEM_H
#define SRIOVSTAT_BENCH_MEM_H

#include <stddef.h>

/* bytes (at least 1) starting on a page boundary, or NULL; free() it. */
void *bench_msg_alloc(size_t bytes);

#endif
