# bench/: performance scripts (not run by make check).
