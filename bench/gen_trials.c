/* SPDX-License-Identifier: BSD-3-Clause */
/* gen_trials.c: write a synthetic trial file at the scale of the SR-IOV
 * studies (15 trials x 15 sizes x 100,000 iterations), for timing
 * `sriovstat compare` (bench/compare_speed.sh). Not a test fixture: the
 * values only need to look like latencies (a narrow body, a long tail and
 * rare preemptions), be reproducible from the seed, and differ between two
 * configurations.
 *
 * Model, per trial t, size s (bytes) and iteration i, in ns:
 *   base(s)  = (1000 + 0.08 s) * slowdown + extra
 *   trial    = base(s) * (1 + 0.02 N(0,1))          run-to-run offset
 *   sample   = trial * exp(0.05 N(0,1))             body
 *            + Exp(mean 20 us)       with probability 1e-3  (interrupts)
 *            + U(300 us, 1 ms)       with probability 1e-5  (preemption) */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trial.h"

/* xoshiro256** state (Blackman and Vigna), seeded by splitmix64. */
static uint64_t rng_s[4];

/* One splitmix64 step (seeding). */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Rotate left. */
static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* Next 64 random bits. */
static uint64_t rng_next(void)
{
	uint64_t r = rotl(rng_s[1] * 5, 7) * 9, t = rng_s[1] << 17;
	rng_s[2] ^= rng_s[0];
	rng_s[3] ^= rng_s[1];
	rng_s[1] ^= rng_s[2];
	rng_s[0] ^= rng_s[3];
	rng_s[2] ^= t;
	rng_s[3] = rotl(rng_s[3], 45);
	return r;
}

/* Uniform in (0, 1). */
static double uniform(void)
{
	return ((double)(rng_next() >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal (Box-Muller). */
static double normal(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

/* Usage text. */
static void usage(FILE *out)
{
	fputs("Usage: gen_trials -o OUT.json -l LABEL [--seed N] [--slowdown F] [--extra-ns NS]\n"
	      "                  [--trials N] [--iterations N] [--sizes N]\n"
	      "Write a synthetic trial file: sizes 1, 2, 4, ... bytes, long-tailed latencies.\n"
	      "Defaults: 15 trials, 100000 iterations, 15 sizes, seed 1, slowdown 1, extra 0.\n",
	      out);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"label", required_argument, NULL, 'l'},
		{"seed", required_argument, NULL, 's'},
		{"slowdown", required_argument, NULL, 'f'},
		{"extra-ns", required_argument, NULL, 'e'},
		{"trials", required_argument, NULL, 't'},
		{"iterations", required_argument, NULL, 'n'},
		{"sizes", required_argument, NULL, 'z'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL, *label = NULL;
	uint64_t seed = 1;
	double slowdown = 1.0, extra = 0.0;
	long trials = 15, iters = 100000, nsizes = 15;
	int c;
	while ((c = getopt_long(argc, argv, "o:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'l': label = optarg; break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'f': slowdown = atof(optarg); break;
		case 'e': extra = atof(optarg); break;
		case 't': trials = atol(optarg); break;
		case 'n': iters = atol(optarg); break;
		case 'z': nsizes = atol(optarg); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!out || !label || trials < 1 || iters < 1 || nsizes < 1 || nsizes > 40 ||
	    optind != argc || !(slowdown > 0)) {
		fprintf(stderr, "gen_trials: error: bad arguments (see --help)\n");
		return 2;
	}
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		rng_s[i] = splitmix64(&x);

	st_err err = {0};
	trial_file *tf = trial_file_create(label);
	uint64_t *v = malloc((size_t)iters * sizeof *v);
	if (!tf || !v) {
		fprintf(stderr, "gen_trials: error: out of memory\n");
		return 1;
	}
	for (long t = 0; t < trials; t++) {
		trial *tr = trial_create("p2p_lat", "pingpong");
		if (!tr) {
			fprintf(stderr, "gen_trials: error: out of memory\n");
			return 1;
		}
		tr->number = (int)t + 1;
		for (long s = 0; s < nsizes; s++) {
			uint64_t size = (uint64_t)1 << s;
			double base = (1000.0 + 0.08 * (double)size) * slowdown + extra;
			double level = base * (1 + 0.02 * normal());
			for (long i = 0; i < iters; i++) {
				double y = level * exp(0.05 * normal());
				double u = uniform();
				if (u < 1e-3)
					y += -20000.0 * log(uniform());
				if (u < 1e-5)
					y += 300000.0 + 700000.0 * uniform();
				v[i] = (uint64_t)llround(y);
			}
			if (!trial_add_size(tr, size, (uint64_t)iters, 1000, v, NULL, (size_t)iters,
					    &err)) {
				fprintf(stderr, "gen_trials: error: %s\n", err.msg);
				return 1;
			}
		}
		if (trial_file_take(tf, tr, &err) < 0) {
			fprintf(stderr, "gen_trials: error: %s\n", err.msg);
			return 1;
		}
		trial_destroy(tr);
	}
	if (trial_file_write(out, tf, &err) < 0) {
		fprintf(stderr, "gen_trials: error: %s\n", err.msg);
		return 1;
	}
	trial_file_destroy(tf);
	free(v);
	return 0;
}
