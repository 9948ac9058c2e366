# SPDX-License-Identifier: BSD-3-Clause
# doc/: man pages and the file-format description.
dist_man_MANS += %reldir%/sriovstat.1
EXTRA_DIST += %reldir%/format.md
dist_man_MANS += %reldir%/p2p_lat.1 %reldir%/coll_lat.1 %reldir%/sriovstat-format.5
dist_man_MANS += %reldir%/verbs_lat.1
dist_man_MANS += %reldir%/p2p_bw.1
dist_man_MANS += %reldir%/verbs_bw.1
# sriovstat sweep: the experiment-file format and example experiments.
dist_doc_DATA += %reldir%/experiment.md
EXTRA_DIST += %reldir%/examples
# Running across nodes (mpiexec, Slurm, the simulated cluster of tests/cluster)
# and what runs cost as they grow (bench/scaling.sh).
dist_doc_DATA += %reldir%/multinode.md %reldir%/scaling.md
# pandas and R recipes on sriovstat export (run by tests/cli/recipes.sh).
dist_doc_DATA += %reldir%/analysis.md
