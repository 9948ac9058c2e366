# SPDX-License-Identifier: BSD-3-Clause
# packaging/: the Spack recipe and its check without Spack (CI runs
# python3 packaging/spack/check.py). The Debian packaging (debian/) stays
# out of the tarball, as Debian prefers.
EXTRA_DIST += %reldir%/spack/package.py %reldir%/spack/check.py
