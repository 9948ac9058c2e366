#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# matrix.sh: sriovstat table --kind matrix over 4 configurations, checked
# against R: with one size, the Holm-adjusted p of every pair is R's
# pairwise.t.test(x, g, paired = TRUE, p.adjust.method = "holm") on the
# trials' means; with two sizes the family is every pair and size, R's
# p.adjust(c(...), "holm") of the unadjusted pairwise.t.test p-values. Also
# --baseline, --effect, marks, LaTeX and errors. Skips the R checks without
# Rscript.
. "$abs_top_srcdir/tests/cli/lib.sh"
cd "$TMP" || exit 99
E="sriovstat: error:"

# 4 configurations x 6 trials x 2 sizes x 5 iterations, seeded: b a little
# slower than a, c much slower, d like a.
for cfg in a b c d; do
	awk -v cfg="$cfg" 'BEGIN {
		srand(cfg == "a" ? 11 : cfg == "b" ? 12 : cfg == "c" ? 13 : 14)
		shift = cfg == "b" ? 0.15 : cfg == "c" ? 0.9 : 0
		print "trial,size,iteration,latency_us"
		for (t = 1; t <= 6; t++) {
			drift = rand() * 0.4
			for (s = 8; s <= 64; s *= 8)
				for (i = 1; i <= 5; i++)
					printf "%d,%d,%d,%.3f\n", t, s, i, 1 + s / 64 + shift + drift + rand() * 0.3
		}
	}' >"$cfg.csv"
	"$SRIOVSTAT" import -l "$cfg" -o "$cfg.json" "$cfg.csv" || fail "import $cfg"
	awk -F, 'NR == 1 || $2 == 8' "$cfg.csv" >"$cfg-8.csv"
	"$SRIOVSTAT" import -l "$cfg" -o "$cfg-8.json" "$cfg-8.csv" || fail "import $cfg (size 8)"
done

# ours SUFFIX: "size A B p_adjusted" lines of the matrix CSV over the 4 files.
ours() {
	"$SRIOVSTAT" table --kind matrix --format csv a$1.json b$1.json c$1.json d$1.json |
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			{ printf "%s %s %s %.10f\n", $c["size"], $c["a"], $c["b"], $c["p_adjusted"] }' | sort
}
ours -8 >ours-8.txt
ours "" >ours-all.txt
[ "$(wc -l <ours-8.txt)" -eq 6 ] && [ "$(wc -l <ours-all.txt)" -eq 12 ] &&
	pass "matrix CSV: 6 pairs per size" || fail "matrix CSV: 6 pairs per size" "$(cat ours-all.txt)"

if command -v Rscript >/dev/null 2>&1; then
	cat >ref.R <<'EOS'
d <- do.call(rbind, lapply(c("a", "b", "c", "d"), function(l) cbind(read.csv(paste0(l, ".csv")), label = l)))
m <- aggregate(latency_us ~ label + trial + size, data = d, FUN = mean)
m <- m[order(m$label, m$trial), ]
out <- function(size, p) {
  for (b in rownames(p)) for (a in colnames(p)) if (!is.na(p[b, a]))
    cat(sprintf("%d %s %s %.10f\n", size, a, b, p[b, a]))
}
args <- commandArgs(TRUE)
if (args[1] == "one") {
  s <- m[m$size == 8, ]
  out(8, pairwise.t.test(s$latency_us, s$label, paired = TRUE, p.adjust.method = "holm")$p.value)
} else {
  raw <- lapply(c(8, 64), function(z) { s <- m[m$size == z, ]
    pairwise.t.test(s$latency_us, s$label, paired = TRUE, p.adjust.method = "none")$p.value })
  adj <- p.adjust(c(raw[[1]], raw[[2]]), "holm")
  k <- length(raw[[1]])
  out(8, matrix(adj[1:k], nrow(raw[[1]]), dimnames = dimnames(raw[[1]])))
  out(64, matrix(adj[(k + 1):(2 * k)], nrow(raw[[2]]), dimnames = dimnames(raw[[2]])))
}
EOS
	# R's pairwise.t.test pairs by position within each group: the trials in order.
	Rscript ref.R one 2>r.err | sort >r-8.txt
	Rscript ref.R all 2>>r.err | sort >r-all.txt
	for k in 8 all; do
		if [ -s "r-$k.txt" ] && paste -d' ' "ours-$k.txt" "r-$k.txt" | awk '
			{ if ($1 != $5 || $2 != $6 || $3 != $7) bad = 1; d = $4 - $8; if (d < 0) d = -d; if (d > 1e-8) bad = 1 }
			END { exit bad }'; then
			pass "matrix ($k) = R pairwise.t.test(paired = TRUE) with Holm"
		else
			fail "matrix ($k) = R pairwise.t.test" "$(paste -d' ' "ours-$k.txt" "r-$k.txt")" "$(cat r.err)"
		fi
	done
else
	echo "# SKIP R checks: no Rscript (apt-get install r-base-core)"
fi

# --baseline: 3 pairs per size, each against a; the text table: marks, the family note.
"$SRIOVSTAT" table --kind matrix --baseline a --format csv a.json b.json c.json d.json >base.csv
[ "$(awk -F, 'NR > 1 { print $4 }' base.csv | sort -u)" = a ] && [ "$(wc -l <base.csv)" -eq 7 ] &&
	pass "--baseline: each against the baseline" || fail "--baseline" "$(cat base.csv)"
"$SRIOVSTAT" table --kind matrix --effect a.json b.json c.json d.json >m.txt
if grep -q "c vs a" m.txt && grep -q "Holm-adjusted over all 12 tests" m.txt &&
	grep -q '\*\*\*' m.txt && grep -q "effect \[CI\]" m.txt && grep -q "B/A \[CI\]" m.txt &&
	! grep -q '0\.[0-9][0-9][0-9][0-9]' m.txt; then
	pass "text matrix: marks, family note, effect and CI, three decimals"
else
	fail "text matrix" "$(cat m.txt)"
fi
"$SRIOVSTAT" table --kind matrix --effect --format latex a.json b.json >m.tex
if grep -q '^\\toprule$' m.tex && grep -q '^\\midrule$' m.tex && grep -q '^\\bottomrule$' m.tex; then
	pass "LaTeX: booktabs rules"
else
	fail "LaTeX: booktabs rules" "$(cat m.tex)"
fi
check_error "matrix, one file" 2 "sriovstat: error: table: --kind matrix needs at least two trial files, got 1 (see 'sriovstat table --help')" table --kind matrix a.json
check_error "matrix, unknown baseline" 1 "$E --baseline z: no file has that label (labels: a, b)" table --kind matrix --baseline z a.json b.json
check_error "baseline without matrix" 2 "sriovstat: error: table: --baseline applies to --kind matrix only (see 'sriovstat table --help')" table --kind pvalues --baseline a a.json b.json
finish
