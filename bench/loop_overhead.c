/* loop_overhead: what per-iteration recording costs, with no MPI in the way.
 *
 *   loop_overhead [-n ITERATIONS] [-r REPEATS]
 *
 * Times a loop around an empty operation (a function the compiler may not
 * inline or elide) three ways, with the benchmarks' own clock
 * (bench_now_ns, clock_gettime(CLOCK_MONOTONIC)):
 *   (a) bare: one clock read before and one after the whole loop;
 *   (b) p2p_lat's loop: one clock read and one store per iteration into a
 *       preallocated array (consecutive stamps give the samples);
 *   (c) coll_lat's loop, also OSU 7.4's osu_latency and collectives: two
 *       clock reads around the operation and one store per iteration.
 * Each repeat runs (a), (b), (c) and bench_timer_calibrate (the timer cost
 * every trial records) back to back in a rotating order, so drift and other
 * load on this shared machine hit all four alike. Prints medians over the
 * repeats of ns per iteration, in wall-clock time (CLOCK_MONOTONIC around
 * the loop) and in this thread's CPU time (CLOCK_THREAD_CPUTIME_ID, blind to
 * time spent waiting for a core), and the paired differences (b)-(a) and
 * (c)-(a) against one and two calibrated timer reads. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_timer.h"
#include "desc.h"

enum { M_BARE, M_P2P, M_COLL, M_CALIB, M_COUNT };

static const char *const method_names[] = {
	"(a) bare loop: one read before, one after",
	"(b) p2p_lat: one read + one store per iteration",
	"(c) coll_lat/OSU 7.4: two reads + one store per iteration",
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
static volatile uint64_t sink;

/* Run one method over n iterations: wall and CPU ns per iteration, and the
 * median of the samples the method records for an operation that costs
 * nothing (its floor; NAN for the bare loop, which records none). */
static void run_method(int m, uint64_t n, uint64_t *buf, double *wall, double *cpu,
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
	}
	uint64_t w1 = bench_now_ns(), c1 = cpu_ns();
	sink = buf[n / 2];
	*wall = (double)(w1 - w0) / (double)n;
	*cpu = (double)(c1 - c0) / (double)n;
	*floor_ns = NAN;
	if (m == M_BARE)
		return;
	if (m == M_P2P)
		for (uint64_t i = 0; i < n; i++)
			buf[i] = buf[i + 1] - buf[i];
	st_sort_u64(buf, (size_t)n);
	*floor_ns = st_quantile_sorted_u64(buf, (size_t)n, 0.5);
}

/* Median and quartiles of n values (sorted in place). */
static void quartiles(double *v, size_t n, double q[3])
{
	st_sort_f64(v, n);
	q[0] = st_quantile_sorted_f64(v, n, 0.25);
	q[1] = st_quantile_sorted_f64(v, n, 0.5);
	q[2] = st_quantile_sorted_f64(v, n, 0.75);
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
				fprintf(stderr, "loop_overhead: error: -n %s: expected 1 to 1e8\n", optarg);
				return 2;
			}
			break;
		case 'r':
			if (!(repeats = parse_count(optarg, 100000))) {
				fprintf(stderr, "loop_overhead: error: -r %s: expected 1 to 100000\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "loop_overhead: error: see --help\n");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "loop_overhead: error: unexpected argument %s\n", argv[optind]);
		return 2;
	}

	uint64_t *buf = malloc(((size_t)n + 1) * sizeof *buf);
	double *wall = malloc((size_t)repeats * M_COUNT * sizeof *wall);
	double *cpu = malloc((size_t)repeats * M_COUNT * sizeof *cpu);
	double *dw = malloc((size_t)repeats * 2 * sizeof *dw);
	double *dc = malloc((size_t)repeats * 2 * sizeof *dc);
	double *fl = malloc((size_t)repeats * M_COUNT * sizeof *fl);
	if (!buf || !wall || !cpu || !dw || !dc || !fl) {
		fprintf(stderr, "loop_overhead: error: out of memory\n");
		return 1;
	}
	/* Page faults stay out of the timed loops. */
	memset(buf, 0, ((size_t)n + 1) * sizeof *buf);

	bench_timer_info ti;
	for (uint64_t r = 0; r < repeats; r++) {
		for (int k = 0; k < M_COUNT; k++) {
			int m = (int)((r + (uint64_t)k) % M_COUNT);
			size_t at = (size_t)m * repeats + r;
			if (m == M_CALIB) {
				bench_timer_calibrate(&ti);
				wall[at] = cpu[at] = fl[at] = ti.overhead_ns;
			} else {
				run_method(m, n, buf, &wall[at], &cpu[at], &fl[at]);
			}
		}
		for (int d = 0; d < 2; d++) {
			size_t i = (size_t)(d + 1) * repeats + r;
			dw[(size_t)d * repeats + r] = wall[i] - wall[r];
			dc[(size_t)d * repeats + r] = cpu[i] - cpu[r];
		}
	}

	printf("# loop_overhead: %llu iterations per loop, %llu repeats in rotating order; "
	       "median [q1..q3] over repeats\n",
	       (unsigned long long)n, (unsigned long long)repeats);
	printf("# timer: %s, resolution %.0f ns\n", ti.name, ti.resolution_ns);
	printf("%-58s %24s %24s\n", "# ns per iteration", "wall-clock", "thread CPU time");
	double qw[3], qc[3];
	for (int m = 0; m < M_CALIB; m++) {
		quartiles(&wall[(size_t)m * repeats], (size_t)repeats, qw);
		quartiles(&cpu[(size_t)m * repeats], (size_t)repeats, qc);
		printf("%-58s %8.2f [%6.2f..%6.2f] %8.2f [%6.2f..%6.2f]\n", method_names[m], qw[1],
		       qw[0], qw[2], qc[1], qc[0], qc[2]);
	}
	double qt[3];
	quartiles(&wall[(size_t)M_CALIB * repeats], (size_t)repeats, qt);
	printf("%-58s %8.2f [%6.2f..%6.2f]\n", "timer read (bench_timer_calibrate, as in every trial)",
	       qt[1], qt[0], qt[2]);
	static const char *const diff_names[] = {"(b)-(a): added per iteration by p2p_lat",
						 "(c)-(a): added per iteration by coll_lat/OSU"};
	for (int d = 0; d < 2; d++) {
		quartiles(&dw[(size_t)d * repeats], (size_t)repeats, qw);
		quartiles(&dc[(size_t)d * repeats], (size_t)repeats, qc);
		printf("%-58s %8.2f [%6.2f..%6.2f] %8.2f [%6.2f..%6.2f]\n", diff_names[d], qw[1], qw[0],
		       qw[2], qc[1], qc[0], qc[2]);
	}
	quartiles(&dw[0], (size_t)repeats, qw);
	quartiles(&dw[repeats], (size_t)repeats, qc);
	printf("# (b)-(a) = %.2f timer reads; (c)-(a) = %.2f timer reads (wall-clock medians; "
	       "a timer read = %.2f ns)\n",
	       qw[1] / qt[1], qc[1] / qt[1], qt[1]);
	double qf[3];
	static const char *const floor_names[] = {"(b) p2p_lat: stamp differences",
						  "(c) coll_lat/OSU 7.4: read-to-read intervals"};
	printf("# median recorded sample for the empty operation (the floor every sample carries):\n");
	for (int m = M_P2P; m <= M_COLL; m++) {
		quartiles(&fl[(size_t)m * repeats], (size_t)repeats, qf);
		printf("%-58s %8.2f [%6.2f..%6.2f] = %.2f timer reads\n", floor_names[m - M_P2P], qf[1],
		       qf[0], qf[2], qf[1] / qt[1]);
	}
	printf("# p2p_lat's sample is half a round trip, so it carries half of (b)-(a): %.2f ns\n",
	       qw[1] / 2);
	free(fl);
	free(buf);
	free(wall);
	free(cpu);
	free(dw);
	free(dc);
	return 0;
}
