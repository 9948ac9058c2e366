# SPDX-License-Identifier: BSD-3-Clause
# Shared setup of the softverbs tests (sourced after tests/mpi/common.sh):
# a fabric directory and a sysfs tree for a profile, runs of the test copy of
# verbs_lat over softverbs, and the checks every run gets.
SV_LAT="$BUILD/tests/softverbs/verbs_lat"
Q="$BUILD/tests/cluster/trialq"
[ -x "$SV_LAT" ] || skip "tests/softverbs/verbs_lat not built (configured without libibverbs)"
[ -x "$Q" ] || fail "tests/cluster/trialq not built"

# sv_tree MANIFEST ROOT: build a sysfs tree from a tests/data manifest
# ("PATH = VALUE" files, "PATH -> TARGET" links).
sv_tree() {
	while IFS= read -r line; do
		case $line in
		'#'* | '') ;;
		*' -> '*)
			p=${line%% -> *}
			mkdir -p "$2/$(dirname "$p")"
			ln -s "${line#* -> }" "$2/$p" ;;
		*' = '*)
			p=${line%% = *}
			mkdir -p "$2/$(dirname "$p")"
			printf '%s\n' "${line#* = }" > "$2/$p" ;;
		esac
	done < "$1"
}

# sv_profile pf|vf: a fresh fabric and the matching sysfs tree; exports the
# environment softverbs and the fingerprint read.
sv_profile() {
	SV_PROF=$1
	SOFTVERBS_DIR="$WORK/fabric-$1.$$.${SV_N:-0}"
	SV_N=$(( ${SV_N:-0} + 1 ))
	rm -rf "$SOFTVERBS_DIR"
	mkdir -p "$SOFTVERBS_DIR"
	if [ ! -d "$WORK/sys-$1" ]; then
		case $1 in
		pf) sv_tree "$abs_top_srcdir/tests/data/sysfs-pf/tree.txt" "$WORK/sys-$1" ;;
		vf) sv_tree "$abs_top_srcdir/tests/data/sysfs-vf/guest.txt" "$WORK/sys-$1" ;;
		esac
	fi
	SOFTVERBS_PROFILE=$1
	SRIOVSTAT_SYSFS_ROOT="$WORK/sys-$1"
	export SOFTVERBS_DIR SOFTVERBS_PROFILE SRIOVSTAT_SYSFS_ROOT
	unset SOFTVERBS_FAULT SOFTVERBS_DELAY_US || true
}

# sv_reports [N]: every process that used the fabric left a report with no
# live object (no leak); at least N reports (default 2: both ranks).
sv_reports() {
	want=${1:-2}
	n=0
	for r in "$SOFTVERBS_DIR"/report.*; do
		[ -e "$r" ] || continue
		n=$((n + 1))
		awk '{ for (i = 5; i <= 21; i += 2) if ($(i + 1) != 0) { print FILENAME ": " $i " " $(i + 1) " still live"; bad = 1 } } END { exit bad }' "$r" >&2 ||
			fail "leaked verbs objects ($SV_PROF): $(cat "$r")"
	done
	[ "$n" -ge "$want" ] || fail "$n softverbs reports in $SOFTVERBS_DIR, expected $want or more"
}

# sv_report_field NAME: NAME's value in each softverbs report, one a line.
sv_report_field() {
	awk -v n="$1" '{ for (i = 1; i < NF; i++) if ($i == n) print $(i + 1) }' "$SOFTVERBS_DIR"/report.*
}

# sv_field JSON PATH: the last trial's value at PATH (trialq).
sv_field() {
	"$Q" "$1" "$2" | tail -n 1
}

# sv_expect JSON PATH VALUE: the last trial has VALUE at PATH.
sv_expect() {
	v=$(sv_field "$1" "$2")
	[ "$v" = "$3" ] || fail "$SV_PROF ${SV_ARGS:-}: $2 is '$v', expected '$3'"
}

# sv_fp JSON: the fingerprint shows the profile's PCI function and inline size.
sv_fp() {
	case $SV_PROF in
	pf) sv_expect "$1" fingerprint.nodes.0.rdma.devices.0.pci.function pf
		sv_expect "$1" fingerprint.nodes.0.rdma.devices.0.max_inline_data 400 ;;
	vf) sv_expect "$1" fingerprint.nodes.0.rdma.devices.0.pci.function vf
		sv_expect "$1" fingerprint.nodes.0.rdma.devices.0.max_inline_data 0 ;;
	esac
	sv_expect "$1" fingerprint.nodes.0.rdma.probe libibverbs
	sv_expect "$1" fingerprint.nodes.0.rdma.sysfs_root "$SRIOVSTAT_SYSFS_ROOT"
}

# sv_lat OUT ARGS...: run the test copy of verbs_lat on 2 ranks; exit 0 wanted.
sv_lat() {
	out=$1; shift
	SV_ARGS="$*"
	run 2 "$SV_LAT" "$@" > "$out" 2> "$out.err" ||
		{ cat "$out.err" >&2; fail "$SV_PROF: verbs_lat $*"; }
}
