#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# outputs.sh: every table command in every format, diffed with expected/.
. "$abs_top_srcdir/tests/cli/lib.sh"

ALL="text csv markdown latex json"

for fmt in $ALL; do
	# R's sleep data: paired t = 4.0621, df = 9, p = 0.002833 (see reference.sh).
	check_output compare-sleep "$fmt" compare sleep-drug1.json sleep-drug2.json
	# A size with one trial (no test) and a size only in A (skipped).
	check_output compare-native-vm "$fmt" compare native.json vm.json
	check_output summary-one "$fmt" summary native.json
	check_output summary-many "$fmt" summary native.json vm.json sleep-drug1.json
	check_output table-pvalues "$fmt" table --kind pvalues native.json vm.json \
		sleep-drug2.json sleep-drug1.json --name "N=1 PPN=1" --name sleep
	check_output table-tail "$fmt" table --kind tail native.json vm.json --percentiles 95,99
done
for fmt in text csv; do
	check_output compare-median-holm "$fmt" compare native.json vm.json --stat median \
		--test wilcoxon --adjust holm --percentiles 50,99
	check_output compare-welch-bh "$fmt" compare sleep-drug2.json sleep-drug1.json --test welch --adjust bh
	check_output summary-mixed "$fmt" summary mixed.json --stat p90 --percentiles 25,50,75
	check_output summary-detail "$fmt" summary --detail native.json vm.json --percentiles 99.9
done
# Files with fingerprints (a PF on bare metal against a VF in a KVM guest):
# the settings that differ are listed below the comparison.
for fmt in text csv markdown json; do
	check_output compare-setup "$fmt" compare setup-native.json setup-vm.json
done
check_output table-tail-mixed text table --kind tail mixed.json
check_output summary-max-samples text summary --max-samples coll.json
check_output table-tail-max-samples csv table --kind tail --max-samples coll.json

finish
