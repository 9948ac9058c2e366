#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""make_fixtures.py: writes the importer fixtures of tests/cli/import_tools.sh.

Each fixture is laid out as the tool's own printing code lays it out (the
format strings named in its header comment); the numbers are invented. Run
it from this directory after changing it, and review the diff."""
import json
import os

def w(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        f.write(text)

# ---- OSU Micro-Benchmarks ------------------------------------------------
# Header: "%-10s%20s" ("# Size", "Latency (us)") in c/util/osu_util.c;
# rows: "%-10d%20.2f" (osu_latency.c), "%*sP%d Tail Lat(us)" for -z,
# collectives "%20s" per column and "%12s" Iterations (osu_util_mpi.c).
def osu_pt2pt(version, dtype, tail, rows, note):
    s = "# Fixture (sriovstat tests): %s\n" % note
    s += "\n# OSU MPI Latency Test v%s\n" % version
    if dtype:
        s += "# Datatype: MPI_CHAR.\n"
    s += "%-10s%20s" % ("# Size", "Latency (us)")
    for p in tail:
        s += "%*sP%d Tail Lat(us)" % (20 - 16 - (p > 9), "", p)
    s += "\n"
    for r in rows:
        s += "%-10d%20.2f" % (r[0], r[1])
        for v in r[2:]:
            s += "%20.2f" % v
        s += "\n"
    return s

def osu_coll(version, name, dtype, full, tail, rows, note, size=True):
    s = "# Fixture (sriovstat tests): %s\n" % note
    s += "\n# OSU MPI %s Latency Test v%s\n" % (name, version)
    if dtype:
        s += "# Datatype: MPI_INT.\n"
    s += ("%-10s%20s" % ("# Size", "Avg Latency(us)")) if size else "# Avg Latency(us)"
    if full:
        s += "%20s%20s%12s" % ("Min Latency(us)", "Max Latency(us)", "Iterations")
    for p in tail:
        s += "%*sP%d Tail Lat(us)" % (20 - 16 - (p > 9), "", p)
    s += "\n"
    for r in rows:
        s += ("%-10d%20.2f" % (r[0], r[1])) if size else "%17.2f" % r[1]
        if full:
            s += "%20.2f%20.2f%12d" % (r[2], r[3], r[4])
            extra = r[5:]
        else:
            extra = r[2:]
        for v in extra:
            s += "%20.2f" % v
        s += "\n"
    return s

w("osu/latency-5.6.txt", osu_pt2pt("5.6.3", False, [],
  [(0, 0.23), (1, 0.25), (8, 0.26), (64, 0.31), (1024, 0.72)],
  "osu_latency of OMB 5.6.3 (no datatype line, no -z)"))
w("osu/latency-7.4-z.txt", osu_pt2pt("7.4", True, [50, 90, 99],
  [(1, 1.72, 1.70, 1.81, 2.45), (8, 1.75, 1.73, 1.84, 2.61), (64, 1.98, 1.96, 2.07, 2.93)],
  "osu_latency -z of OMB 7.4 (Datatype line, P50/P90/P99 tail columns)"))
w("osu/allreduce-5.9-f.txt", osu_coll("5.9", "Allreduce", False, True, [],
  [(4, 2.43, 2.40, 2.47, 1000), (8, 2.45, 2.41, 2.50, 1000), (16, 2.61, 2.55, 2.66, 1000)],
  "osu_allreduce -f of OMB 5.9 (avg, min, max over ranks, iterations)"))
w("osu/allreduce-7.4.txt", osu_coll("7.4", "Allreduce", True, False, [],
  [(4, 3.10), (8, 3.12), (16, 3.31)],
  "osu_allreduce of OMB 7.4 without -f (average over ranks only)"))
w("osu/allreduce-7.4-fz.txt", osu_coll("7.4", "Allreduce", True, True, [50, 99],
  [(4, 3.10, 3.02, 3.21, 1000, 3.05, 4.88), (8, 3.12, 3.05, 3.22, 1000, 3.07, 4.93)],
  "osu_allreduce -f -z 50,99 of OMB 7.4"))
w("osu/barrier-7.4-f.txt", osu_coll("7.4", "Barrier", False, True, [],
  [(0, 5.31, 5.20, 5.44, 1000)], "osu_barrier -f of OMB 7.4 (no Size column)", size=False))
# Malformed.
good = osu_pt2pt("7.4", True, [], [(1, 1.72), (8, 1.75), (64, 1.98)], "osu_latency of OMB 7.4, cut short")
w("osu/bad/truncated.txt", good[:good.rindex("1.98")] )
w("osu/bad/not-a-number.txt", good.replace("1.75", "1.7x5"))
w("osu/bad/bandwidth.txt", "# Fixture (sriovstat tests): osu_bw of OMB 7.4\n\n# OSU MPI Bandwidth Test v7.4\n# Datatype: MPI_CHAR.\n%-10s%20s\n%-10d%20.2f\n" % ("# Size", "Bandwidth (MB/s)", 1, 3.51))
w("osu/bad/header-only.txt", good[:good.index("1     ")])
w("osu/bad/validation-fail.txt", "# Fixture (sriovstat tests): osu_latency -c of OMB 7.4 with a failed check\n\n# OSU MPI Latency Test v7.4\n# Datatype: MPI_CHAR.\n%-10s%20s%20s\n%-10d%20.2f%20s\n%-10d%20.2f%20s\n" % ("# Size", "Latency (us)", "Validation", 1, 1.72, "Pass", 8, 1.75, "Fail"))

# ---- Intel MPI Benchmarks ------------------------------------------------
# IMB-MPI1 2021.x (src_c/IMB_output.c: "# Benchmarking %s", "# #processes = %d",
# column names "%13s", numbers "%13d"/"%13.2f"; IMB_g_info.c the banner).
def imb_section(name, procs, cols, rows):
    s = "\n#----------------------------------------------------------------\n"
    s += "# Benchmarking %s \n# #processes = %d \n" % (name, procs)
    s += "#----------------------------------------------------------------\n"
    s += "".join("%13s" % c for c in cols) + "\n"
    for r in rows:
        out = ""
        for c, v in zip(cols, r):
            out += ("%13d" % v) if c.startswith("#") else ("%13.2f" % v)
        s += out + "\n"
    return s

imb_head = ("# Fixture (sriovstat tests): IMB-MPI1 PingPong Allreduce Barrier of IMB 2021.3, 2 processes\n"
            "#----------------------------------------------------------------\n"
            "#    Intel(R) MPI Benchmarks 2021.3, MPI-1 part\n"
            "#----------------------------------------------------------------\n"
            "# Date                  : Sun Nov 29 12:00:00 2026\n"
            "# Machine               : x86_64\n"
            "#\n# List of Benchmarks to run:\n\n# PingPong\n# Allreduce\n# Barrier\n")
pp = imb_section("PingPong", 2, ["#bytes", "#repetitions", "t[usec]", "Mbytes/sec"],
                 [(0, 1000, 0.23, 0.00), (1, 1000, 0.25, 4.00), (8, 1000, 0.26, 30.77), (1024, 1000, 0.71, 1442.25)])
ar = imb_section("Allreduce", 2, ["#bytes", "#repetitions", "t_min[usec]", "t_max[usec]", "t_avg[usec]"],
                 [(0, 1000, 0.03, 0.04, 0.03), (4, 1000, 0.54, 0.61, 0.58), (8, 1000, 0.55, 0.63, 0.59)])
ba = imb_section("Barrier", 2, ["#repetitions", "t_min[usec]", "t_max[usec]", "t_avg[usec]"],
                 [(1000, 0.45, 0.47, 0.46)])
w("imb/mpi1-2021.txt", imb_head + pp + ar + ba + "\n\n# All processes entering MPI_Finalize\n\n")
w("imb/bad/twice.txt", imb_head + pp + pp.replace("#processes = 2", "#processes = 4"))
w("imb/bad/bad-number.txt", imb_head + ar.replace("0.61", "0.6.1"))
w("imb/bad/no-results.txt", imb_head + pp[:pp.index("    0 ")] )

# ---- perftest --------------------------------------------------------------
# perftest 6.x/24.x (src/perftest_parameters.h RESULT_FMT_LAT, REPORT_FMT_LAT;
# src/perftest_parameters.c print_report_lat: "#, usec" then "%d, %g" per
# iteration for -U, the sorted list without its 2 largest for -H).
RESULT_LINE = "-" * 87 + "\n"
HEAD = " #bytes #iterations    t_min[usec]    t_max[usec]  t_typical[usec]    t_avg[usec]    t_stdev[usec]   99% percentile[usec]   99.9% percentile[usec] \n"
def pt_row(size, iters, mn, mx, typ, avg, sd, p99, p999):
    return " %-7d %d          %-7.2f        %-7.2f      %-7.2f  \t       %-7.2f     \t%-7.2f\t\t%-7.2f \t\t%-7.2f\n" % (size, iters, mn, mx, typ, avg, sd, p99, p999)
banner = (RESULT_LINE + "                    RDMA_Write Latency Test\n"
          " Dual-port       : OFF\t\tDevice         : mlx5_0\n"
          " Number of qps   : 1\t\tTransport type : IB\n"
          " Connection type : RC\t\tUsing SRQ      : OFF\n"
          " TX depth        : 1\n Mtu             : 4096[B]\n Link type       : IB\n"
          " Max inline data : 220[B]\n rdma_cm QPs\t : OFF\n Data ex. method : Ethernet\n" + RESULT_LINE +
          " local address: LID 0x01 QPN 0x0a1b PSN 0x1c2d3e RKey 0x1fff00 VAddr 0x007f0000001000\n"
          " remote address: LID 0x02 QPN 0x0a1c PSN 0x4e5f60 RKey 0x1fff01 VAddr 0x007f0000002000\n" + RESULT_LINE)
w("perftest/write_lat.txt", "# Fixture (sriovstat tests): ib_write_lat -a -n 1000 of perftest 6.x (summary lines only)\n" + banner + HEAD +
  pt_row(2, 1000, 0.96, 3.48, 0.99, 1.00, 0.05, 1.13, 3.48) + pt_row(4, 1000, 0.97, 2.91, 1.00, 1.01, 0.04, 1.14, 2.91) +
  pt_row(8, 1000, 0.97, 4.02, 1.00, 1.02, 0.06, 1.15, 4.02) + RESULT_LINE)
# -U with 8 iterations: 7 deltas each (measure_cnt = iters - 1), then the result.
dumps = {2: [1.02, 0.99, 0.98, 1.31, 0.99, 1.00, 0.98], 8: [1.03, 1.01, 1.00, 1.00, 2.47, 1.01, 1.02]}
s = "# Fixture (sriovstat tests): ib_write_lat -U -n 8 -s 2, then -s 8, of perftest 6.x\n" + banner + HEAD
for size, d in dumps.items():
    s += "#, usec\n" + "".join("%d, %g\n" % (i + 1, v) for i, v in enumerate(d))
    sd = sorted(d)[:-2]
    avg = sum(sd) / len(sd)
    s += RESULT_LINE + HEAD + pt_row(size, 8, sd[0], sorted(d)[-2], sd[len(sd) // 2], avg, 0.0, sorted(d)[-2], sorted(d)[-2])
w("perftest/write_lat-U.txt", s + RESULT_LINE)
d = dumps[2]
sd = sorted(d)[:-2]
w("perftest/send_lat-H.txt", ("# Fixture (sriovstat tests): ib_send_lat -H -n 8 -s 2 of perftest 6.x (sorted, 2 largest dropped)\n" +
  banner.replace("RDMA_Write", "Send") + HEAD + "#, usec\n" + "".join("%d, %g\n" % (i + 1, v) for i, v in enumerate(sd)) +
  RESULT_LINE + HEAD + pt_row(2, 8, sd[0], sorted(d)[-2], sd[2], sum(sd) / len(sd), 0.0, 1.02, 1.02) + RESULT_LINE))
w("perftest/bad/truncated-dump.txt", s[:s.index("5, 2.47")])
w("perftest/bad/cycles.txt", "# Fixture (sriovstat tests): ib_write_lat -U --report-cycles of perftest 6.x\n" + banner + HEAD + "#, cycles\n1, 2040\n")
w("perftest/bad/wrong-index.txt", s.replace("3, 1\n", "4, 1\n", 1))
# --out_json (write_test_info_to_file, write_report_lat_to_file, REPORT_FMT_LAT_JSON):
# the file holds the last size of the run.
js = ("{\n\"test_info\": {\n\"test\": \"RDMA_Write_Latency_Test\",\n\"Dual_port\": \"OFF\",\n\"Device\": \"mlx5_0\",\n"
      "\"Number_of_qps\": 1,\n\"Transport_type\": \"IB\",\n\"Connection_type\": \"RC\",\n\"Using_SRQ\": \"OFF\",\n"
      "\"PCIe_relax_order\": \"ON\",\n\"ibv_wr_API\": \"ON\",\n\"TX_depth\": 1,\n\"Mtu\": 4096,\n\"Link_type\": \"IB\",\n"
      "\"Max_inline_data\": 220,\n\"rdma_cm_QPs\": \"OFF\",\n\"Use_ROCm_memory\": \"OFF\",\n\"Use_MUSA_memory\": \"OFF\",\n"
      "\"Data_ex_method\": \"Ethernet\"\n},\n\"results\": {\n\"MsgSize\": 2,\n\"n_iterations\": 1000,\n\"t_min\": 0.96,\n"
      "\"t_max\": 3.48,\n\"t_typical\": 0.99,\n\"t_avg\": 1.00,\n\"t_stdev\": 0.05,\n\"percentile_99\": 1.13,\n"
      "\"percentile_99.9\": 3.48\n}\n}\n")
w("perftest/write_lat.json", js)
w("perftest/bad/broken.json", js[:js.index("\"t_avg\"")] + "\"t_avg\": 1.00,,\n}\n}\n")
