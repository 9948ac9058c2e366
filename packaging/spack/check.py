#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check packaging/spack/package.py without Spack.

A small stand-in for the `spack.package` module records the directives the
recipe's class body calls; the recipe is then imported (so its class body
runs) and its configure_args() called for a few specs. Exits 0 when the
recipe is an AutotoolsPackage with the +verbs variant, depends on mpi, gsl,
json-c and (with +verbs) rdma-core, and passes the expected configure
arguments; prints what is wrong otherwise.

Run: python3 packaging/spack/check.py   (from any directory)
"""
import importlib.util
import os
import sys
import types

RECORDED = []


def directive(kind):
    """A stand-in for a Spack directive that records its call."""
    def record(*args, **kwargs):
        RECORDED.append((kind, args, kwargs))
    return record


class Prefix(str):
    """A path whose attributes are subdirectories (prefix.bin)."""
    def __getattr__(self, name):
        return Prefix(os.path.join(self, name))


class FakeSpec:
    """The parts of a concrete Spec the recipe uses."""
    def __init__(self, name, mpi, variants):
        self.name = name
        self.variants = variants           # {"verbs": True, ...}
        self.mpi_name = mpi
        self.prefix = Prefix("/opt/" + name)
        self.mpicc = "/opt/%s/bin/mpicc" % mpi

    def satisfies(self, constraint):
        if constraint.startswith("^"):
            return constraint[1:] == self.mpi_name
        if constraint[0] in "+~":
            return self.variants[constraint[1:]] == (constraint[0] == "+")
        raise ValueError("the stand-in cannot evaluate %r" % constraint)

    def __getitem__(self, dep):
        if dep == "mpi":
            return FakeSpec(self.mpi_name, self.mpi_name, {})
        return FakeSpec(dep, self.mpi_name, {})


class AutotoolsPackage:
    """The stand-in base class: spec handling and with_or_without."""
    def __init__(self, spec):
        self.spec = spec

    def with_or_without(self, name):
        return ["--with-" + name if self.spec.variants[name] else "--without-" + name]


def install_stub():
    spack = types.ModuleType("spack")
    package = types.ModuleType("spack.package")
    names = {
        "AutotoolsPackage": AutotoolsPackage,
        "join_path": os.path.join,
        "which": lambda name: (lambda *args: None),
    }
    for kind in ("version", "variant", "depends_on", "conflicts", "maintainers",
                 "license", "provides", "patch", "resource"):
        names[kind] = directive(kind)
    for key, value in names.items():
        setattr(package, key, value)
    package.__all__ = list(names)
    spack.package = package
    sys.modules["spack"] = spack
    sys.modules["spack.package"] = package


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    install_stub()
    spec = importlib.util.spec_from_file_location("sriovstat_recipe",
                                                  os.path.join(here, "package.py"))
    recipe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(recipe)

    errors = []
    cls = getattr(recipe, "Sriovstat", None)
    if cls is None or not issubclass(cls, AutotoolsPackage):
        errors.append("no class Sriovstat(AutotoolsPackage)")
    else:
        for attr in ("homepage", "__doc__"):
            if not getattr(cls, attr, None):
                errors.append("no %s" % attr)
        if not (getattr(cls, "url", None) or getattr(cls, "git", None)):
            errors.append("neither url nor git")

    variants = {a[0]: k for kind, a, k in RECORDED if kind == "variant"}
    if "verbs" not in variants:
        errors.append("no +verbs variant")
    deps = {}
    for kind, args, kwargs in RECORDED:
        if kind == "depends_on":
            deps.setdefault(args[0].split("@")[0], []).append(kwargs.get("when"))
    for dep, when in (("mpi", None), ("gsl", None), ("json-c", None), ("rdma-core", "+verbs")):
        if dep not in deps:
            errors.append("no depends_on(%r)" % dep)
        elif when not in deps[dep]:
            errors.append("depends_on(%r) should have when=%r, has %r" % (dep, when, deps[dep]))
    if not any(kind == "version" for kind, _, _ in RECORDED):
        errors.append("no version")

    if cls is not None and not errors:
        for mpi, verbs, plots in (("mpich", True, False), ("openmpi", False, True)):
            pkg = cls(FakeSpec("sriovstat", mpi, {"verbs": verbs, "plots": plots}))
            args = pkg.configure_args()
            want = ["CC=/opt/%s/bin/mpicc" % mpi, "--with-verbs" if verbs else "--without-verbs"]
            if mpi == "openmpi":
                want.append("MPIEXEC_FLAGS=--oversubscribe")
            if plots:
                want.append("GNUPLOT=/opt/gnuplot/bin/gnuplot")
            for w in want:
                if w not in args:
                    errors.append("%s%s: configure_args() lacks %s (has %s)"
                                  % (mpi, "+verbs" if verbs else "~verbs", w, args))

    for e in errors:
        print("packaging/spack/package.py: error: " + e, file=sys.stderr)
    if not errors:
        print("packaging/spack/package.py: ok (%d directives, variants %s)"
              % (len(RECORDED), ", ".join(sorted(variants))))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
