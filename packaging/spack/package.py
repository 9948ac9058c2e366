# SPDX-License-Identifier: BSD-3-Clause
# Spack recipe for sriovstat. To use it, copy this file into a Spack
# repository as packages/sriovstat/package.py (`spack repo create`, then
# `spack install sriovstat`), and set `url`/`git` to where the sources are
# published. packaging/spack/check.py checks it without Spack.

from spack.package import *


class Sriovstat(AutotoolsPackage):
    """MPI and RDMA latency micro-benchmarks (p2p_lat, coll_lat, verbs_lat)
    that keep every iteration's latency in labeled trial files, and sriovstat,
    which compares configurations with medians, tail percentiles and paired
    t-tests across trials (GSL), as in studies of SR-IOV InfiniBand."""

    # Where the sources are published (not settled yet): adjust both.
    homepage = "https://example.org/sriovstat"
    git = "https://example.org/sriovstat.git"

    license("BSD-3-Clause")

    version("main", branch="main")

    variant("verbs", default=True,
            description="Build verbs_lat (RDMA verbs latency) and fingerprint RDMA devices")
    variant("plots", default=False,
            description="Depend on gnuplot, which 'sriovstat plot' runs")

    depends_on("c", type="build")
    depends_on("autoconf", type="build", when="@main")
    depends_on("automake", type="build", when="@main")
    depends_on("m4", type="build", when="@main")
    depends_on("pkgconfig", type="build")

    depends_on("mpi")
    depends_on("gsl@2.5:")
    depends_on("json-c@0.13:")
    depends_on("rdma-core", when="+verbs")
    depends_on("gnuplot", type="run", when="+plots")

    def autoreconf(self, spec, prefix):
        # A git checkout has no configure script yet (no libtool needed).
        which("autoreconf")("-fi")

    def configure_args(self):
        spec = self.spec
        mpi = spec["mpi"]
        args = [
            "CC=" + mpi.mpicc,
            # The MPI integration tests of `make check` (spack install --test=root).
            "MPIEXEC=" + join_path(mpi.prefix.bin, "mpiexec"),
            # Criterion (the unit tests' framework) is not packaged in Spack.
            "--without-criterion",
        ]
        if spec.satisfies("^openmpi"):
            args.append("MPIEXEC_FLAGS=--oversubscribe")
        args += self.with_or_without("verbs")
        if spec.satisfies("+plots"):
            args.append("GNUPLOT=" + join_path(spec["gnuplot"].prefix.bin, "gnuplot"))
        return args
