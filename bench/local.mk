# SPDX-License-Identifier: BSD-3-Clause
# bench/: performance scripts (not run by make check).

# gen_trials: synthetic trial files at the papers' scale for compare_speed.sh
# (built on demand: make bench/gen_trials).
EXTRA_PROGRAMS += %reldir%/gen_trials
%canon_reldir%_gen_trials_SOURCES = %reldir%/gen_trials.c
%canon_reldir%_gen_trials_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_gen_trials_LDADD = $(STATS_LIBS)
EXTRA_DIST += %reldir%/compare_speed.sh %reldir%/compare_numpy.py %reldir%/setup_scale.py
EXTRA_DIST += %reldir%/coverage.py
EXTRA_DIST += %reldir%/plan_power.py
EXTRA_DIST += %reldir%/diag_rates.py

# trialio_speed: cost of the sample encoding (bench/trialio.sh runs it).
EXTRA_PROGRAMS += %reldir%/trialio_speed
%canon_reldir%_trialio_speed_SOURCES = %reldir%/trialio_speed.c
%canon_reldir%_trialio_speed_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_trialio_speed_LDADD = $(STATS_LIBS)
EXTRA_DIST += %reldir%/trialio.sh %reldir%/read_trials.py

# loop_overhead: cost of per-iteration recording around an empty operation
# (make bench/loop_overhead; see bench/README.md).
EXTRA_PROGRAMS += %reldir%/loop_overhead
%canon_reldir%_loop_overhead_SOURCES = %reldir%/loop_overhead.c
%canon_reldir%_loop_overhead_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_loop_overhead_LDADD = $(BENCH_LIBS)

# harness_cost: what the MPI harness costs per rank, per size and per trial
# file, with no timed loop (make bench/harness_cost; bench/scaling.sh runs it
# at 2, 4 and 8 ranks; doc/scaling.md).
EXTRA_PROGRAMS += %reldir%/harness_cost
%canon_reldir%_harness_cost_SOURCES = %reldir%/harness_cost.c
%canon_reldir%_harness_cost_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_harness_cost_LDADD = $(BENCH_LIBS)
EXTRA_DIST += %reldir%/scaling.sh

# fidelity.sh: p2p_lat and coll_lat against OSU 7.4; README.md: every bench
# script, what it prints and the figures measured.
EXTRA_DIST += %reldir%/fidelity.sh %reldir%/README.md

# append_speed.sh, node_scale.sh: what an append costs as a file grows, and
# the trial file of many nodes in format versions 1 and 2 (issue 17; they
# build tests/tools/append_trial).
EXTRA_DIST += %reldir%/append_speed.sh %reldir%/node_scale.sh
# bw_osu.sh: p2p_bw against OSU 7.4's osu_bw / osu_bibw.
EXTRA_DIST += %reldir%/bw_osu.sh
