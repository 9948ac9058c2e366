/* SPDX-License-Identifier: BSD-3-Clause */
/* loop_overhead: what per-iteration recording costs, with no communication.
 *
 *   loop_overhead [-n ITERATIONS] [-r REPEATS]
 *
 * Times a loop around an empty operation (a function the compiler may not
 * inline or elide) four ways:
 *   (a) bare: one clock read before and one after the whole loop;
 *   (b) p2p_lat's loop: one clock read and one store per iteration into a
 *       preallocated array (consecutive stamps give the samples);
 *   (c) coll_lat's loop: two clock reads around the operation and one store
 *       per iteration;
 *   (d) OSU 7.4's loop (osu_latency and the collectives): the same as (c)
 *       with MPI_Wtime, OSU's timer, instead of the benchmarks' clock.
 * (a) to (c) use bench_now_ns (clock_gettime(CLOCK_MONOTONIC)). Each repeat
 * runs the four and bench_timer_calibrate (the timer cost every trial
 * records) back to back in a rotating order, so drift and other load on this
 * shared machine hit them alike. Prints medians and quartiles over the
 * repeats of ns per iteration, in wall-clock time (CLOCK_MONOTONIC around the
 * loop) and in this thread's CPU time (CLOCK_THREAD_CPUTIME_ID, blind to time
 * spent waiting for a core); the paired differences from (a); and the median
 * sample each style records for the empty operation: the floor that every
 * recorded latency carries. MPI is initialized only for MPI_Wtime (a
 * singleton: no launcher needed). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_timer.h"
#include "desc.h"

enum { M_BARE, M_P2P, M_COLL, M_WTIME, M_CALIB, M_COUNT };

static const char *const method_names[] = {
	"(a) bare loop: one read before, one after",
	"(b) p2p_lat: one read + one store per iteration",
	"(c) coll_lat: two reads + one store per iteration",
	"(d) OSU 7.4: two MPI_Wtime + one store per iteration",
};

/* The empty operation: a real call with a compiler barrier inside. */
static __attribute__((noinline)) void empty_op(void)
{
	__asm__ __volatile__("" ::: "memory");
}

/* This thread's CPU time in ns. */
static uint64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Keeps the recorded values alive so no store can be optimized away. */
static volatile double sink;

/* Median of the n values in v, in ns (v is overwritten). */
static double median_u64(uint64_t *v, size_t n)
{
	st_sort_u64(v, n);
	return st_quantile_sorted_u64(v, n, 0.5);
}

/* Run one method over n iterations: wall and CPU ns per iteration, and the
 * median of the samples the method records for an operation that costs
 * nothing (its floor; NAN for the bare loop, which records none). buf holds
 * n + 1 values, dbuf n. */
static void run_method(int m, uint64_t n, uint64_t *buf, double *dbuf, double *wall, double *cpu,
		       double *floor_ns)
{
	uint64_t c0 = cpu_ns(), w0 = bench_now_ns();
	switch (m) {
	case M_BARE:
		for (uint64_t i = 0; i < n; i++)
			empty_op();
		break;
	case M_P2P:
		buf[0] = bench_now_ns();
		for (uint64_t i = 1; i <= n; i++) {
			empty_op();
			buf[i] = bench_now_ns();
		}
		break;
	case M_COLL:
		for (uint64_t i = 0; i < n; i++) {
			uint64_t t0 = bench_now_ns();
			empty_op();
			buf[i] = bench_now_ns() - t0;
		}
		break;
	case M_WTIME:
		for (uint64_t i = 0; i < n; i++) {
			double t0 = MPI_Wtime();
			empty_op();
			dbuf[i] = MPI_Wtime() - t0;
		}
		break;
	}
	uint64_t w1 = bench_now_ns(), c1 = cpu_ns();
	*wall = (double)(w1 - w0) / (double)n;
	*cpu = (double)(c1 - c0) / (double)n;
	*floor_ns = NAN;
	switch (m) {
	case M_P2P:
		for (uint64_t i = 0; i < n; i++)
			buf[i] = buf[i + 1] - buf[i];
		*floor_ns = median_u64(buf, (size_t)n);
		break;
	case M_COLL: *floor_ns = median_u64(buf, (size_t)n); break;
	case M_WTIME:
		sink = dbuf[n / 2];
		for (uint64_t i = 0; i < n; i++)
			buf[i] = (uint64_t)llround(dbuf[i] * 1e9);
		*floor_ns = median_u64(buf, (size_t)n);
		break;
	}
}

/* Quartiles of n values (sorted in place): q[0] q1, q[1] median, q[2] q3. */
static void quartiles(double *v, size_t n, double q[3])
{
	st_sort_f64(v, n);
	q[0] = st_quantile_sorted_f64(v, n, 0.25);
	q[1] = st_quantile_sorted_f64(v, n, 0.5);
	q[2] = st_quantile_sorted_f64(v, n, 0.75);
}

/* Print a row: a name, then median [q1..q3] of each non-NULL series. */
static void row(const char *name, double *a, double *b, size_t n)
{
	double q[3];
	printf("%-56s", name);
	quartiles(a, n, q);
	printf(" %8.2f [%6.2f..%6.2f]", q[1], q[0], q[2]);
	if (b) {
		quartiles(b, n, q);
		printf(" %8.2f [%6.2f..%6.2f]", q[1], q[0], q[2]);
	}
	printf("\n");
}

/* The median of n values (sorted in place). */
static double median_f64(double *v, size_t n)
{
	st_sort_f64(v, n);
	return st_quantile_sorted_f64(v, n, 0.5);
}

/* A positive count from an option argument, or 0 when invalid. */
static uint64_t parse_count(const char *s, uint64_t max)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v == 0 || v > max)
		return 0;
	return v;
}

/* The --help text. */
static void usage(FILE *f)
{
	fprintf(f, "Usage: loop_overhead [-n ITERATIONS] [-r REPEATS]\n"
		   "Cost of per-iteration latency recording around an empty operation.\n\n"
		   "  -n, --iterations N   iterations per timed loop (default 10000, p2p_lat's)\n"
		   "  -r, --repeats N      repeats; medians are over them (default 301)\n"
		   "  -h, --help           this text\n\n"
		   "Exit status: 0 ok, 1 out of memory, 2 usage error.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"iterations", required_argument, NULL, 'n'},
		{"repeats", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	uint64_t n = 10000, repeats = 301;
	int opt;
	while ((opt = getopt_long(argc, argv, "n:r:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (!(n = parse_count(optarg, 100000000))) {
				fprintf(stderr, "loop_overhead: error: -n %s: expected 1 to 1e8\n",
					optarg);
				return 2;
			}
			break;
		case 'r':
			if (!(repeats = parse_count(optarg, 100000))) {
				fprintf(stderr,
					"loop_overhead: error: -r %s: expected 1 to 100000\n",
					optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: fprintf(stderr, "loop_overhead: error: see --help\n"); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "loop_overhead: error: unexpected argument %s\n", argv[optind]);
		return 2;
	}

	size_t per = (size_t)repeats * M_COUNT;
	uint64_t *buf = malloc(((size_t)n + 1) * sizeof *buf);
	double *dbuf = malloc((size_t)n * sizeof *dbuf);
	double *wall = malloc(per * sizeof *wall), *cpu = malloc(per * sizeof *cpu);
	double *fl = malloc(per * sizeof *fl);
	double *dw = malloc(per * sizeof *dw), *dc = malloc(per * sizeof *dc);
	if (!buf || !dbuf || !wall || !cpu || !fl || !dw || !dc) {
		fprintf(stderr, "loop_overhead: error: out of memory\n");
		return 1;
	}
	/* Page faults stay out of the timed loops. */
	memset(buf, 0, ((size_t)n + 1) * sizeof *buf);
	memset(dbuf, 0, (size_t)n * sizeof *dbuf);
	MPI_Init(&argc, &argv);

	bench_timer_info ti;
	for (uint64_t r = 0; r < repeats; r++) {
		for (int k = 0; k < M_COUNT; k++) {
			int m = (int)((r + (uint64_t)k) % M_COUNT);
			size_t at = (size_t)m * repeats + r;
			if (m == M_CALIB) {
				bench_timer_calibrate(&ti);
				wall[at] = cpu[at] = fl[at] = ti.overhead_ns;
			} else {
				run_method(m, n, buf, dbuf, &wall[at], &cpu[at], &fl[at]);
			}
		}
		/* Paired differences from the bare loop, and (d)'s floor over (c)'s. */
		for (int m = M_P2P; m <= M_WTIME; m++) {
			size_t at = (size_t)m * repeats + r;
			dw[at] = wall[at] - wall[r];
			dc[at] = cpu[at] - cpu[r];
		}
		dw[r] = fl[(size_t)M_WTIME * repeats + r] - fl[(size_t)M_COLL * repeats + r];
	}
	double wtick = MPI_Wtick();
	MPI_Finalize();

	double read_ns = median_f64(&wall[(size_t)M_CALIB * repeats], (size_t)repeats);
	double wtime_extra = median_f64(dw, (size_t)repeats);
	/* CPU time: steadier than wall-clock time on a loaded machine. */
	double d_p2p = median_f64(&dc[(size_t)M_P2P * repeats], (size_t)repeats);
	double d_coll = median_f64(&dc[(size_t)M_COLL * repeats], (size_t)repeats);
	double fl_p2p = median_f64(&fl[(size_t)M_P2P * repeats], (size_t)repeats);
	double fl_coll = median_f64(&fl[(size_t)M_COLL * repeats], (size_t)repeats);
	double fl_osu = median_f64(&fl[(size_t)M_WTIME * repeats], (size_t)repeats);

	printf("# loop_overhead: %llu iterations per loop, %llu repeats in rotating order; "
	       "median [q1..q3] over repeats\n",
	       (unsigned long long)n, (unsigned long long)repeats);
	printf("# clock: %s, resolution %.0f ns; MPI_Wtick %g s\n", ti.name, ti.resolution_ns,
	       wtick);
	printf("%-56s %24s %24s\n", "# ns per iteration", "wall-clock", "thread CPU time");
	for (int m = M_BARE; m <= M_WTIME; m++)
		row(method_names[m], &wall[(size_t)m * repeats], &cpu[(size_t)m * repeats],
		    (size_t)repeats);
	row("timer read (bench_timer_calibrate, in every trial)", &wall[(size_t)M_CALIB * repeats],
	    NULL, (size_t)repeats);
	static const char *const diff_names[] = {"", "(b)-(a): added per iteration by p2p_lat",
						 "(c)-(a): added per iteration by coll_lat",
						 "(d)-(a): added per iteration by OSU 7.4"};
	for (int m = M_P2P; m <= M_WTIME; m++)
		row(diff_names[m], &dw[(size_t)m * repeats], &dc[(size_t)m * repeats],
		    (size_t)repeats);
	printf("# median recorded sample for the empty operation (the floor in every sample):\n");
	static const char *const floor_names[] = {"", "(b) p2p_lat: differences of stamps",
						  "(c) coll_lat: read-to-read intervals",
						  "(d) OSU 7.4: MPI_Wtime-to-MPI_Wtime intervals"};
	for (int m = M_P2P; m <= M_WTIME; m++)
		row(floor_names[m], &fl[(size_t)m * repeats], NULL, (size_t)repeats);
	printf("# summary: a timer read costs %.1f ns; per iteration p2p_lat adds %.1f ns (%.2f "
	       "reads) of CPU time,\n",
	       read_ns, d_p2p, d_p2p / read_ns);
	printf("# coll_lat %.1f ns (%.2f reads); the floors are %.1f (p2p_lat), %.1f (coll_lat) "
	       "and %.1f ns (OSU);\n",
	       d_coll, d_coll / read_ns, fl_p2p, fl_coll, fl_osu);
	printf("# OSU's MPI_Wtime intervals carry %.1f ns more than coll_lat's per sample "
	       "(paired median), %.1f ns more than p2p_lat's per half round trip\n",
	       wtime_extra, (fl_osu - fl_p2p) / 2);
	free(buf);
	free(dbuf);
	free(wall);
	free(cpu);
	free(fl);
	free(dw);
	free(dc);
	return 0;
}
