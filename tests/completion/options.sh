#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# options.sh: the bash completion (completions/sriovstat.bash) offers every
# long option that each program and sriovstat command lists in its --help,
# and no option that none lists; values of a few options; files by extension.
set -u
: "${abs_top_srcdir:?run through make check}"
: "${abs_top_builddir:?run through make check}"
# shellcheck source=completions/sriovstat.bash
. "$abs_top_srcdir/completions/sriovstat.bash"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sriovstat-comp.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
B=$abs_top_builddir
npass=0 nfail=0

# Record a check: NAME STATUS [DETAIL...].
check() {
	local name=$1 st=$2
	shift 2
	if [ "$st" -eq 0 ]; then
		npass=$((npass + 1))
		echo "ok - $name"
	else
		nfail=$((nfail + 1))
		echo "not ok - $name"
		local line
		for line in "$@"; do echo "#   $line"; done
	fi
}

# complete FUNCTION WORD...: run the completion function as bash would for
# the command line WORD... (the last word is the one under the cursor) and
# print the candidates, one a line, sorted.
complete_words() {
	local fn=$1
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	"$fn" 2>/dev/null
	printf '%s\n' "${COMPREPLY[@]}" | sort -u | sed '/^$/d'
}

# The long options a --help text defines (lines "  -x, --name ..." or "      --name").
help_options() {
	sed -nE 's/^ {2,}(-[A-Za-z], +)?(--[a-z][a-z0-9_-]*).*/\2/p' | sort -u
}

# same_options NAME HELP_CMD... -- COMPLETION WORDS...
same_options() {
	local name=$1
	shift
	local helpcmd=()
	while [ "$1" != -- ]; do
		helpcmd+=("$1")
		shift
	done
	shift
	"${helpcmd[@]}" --help 2>/dev/null | help_options >"$TMP/want"
	complete_words "$@" >"$TMP/got"
	[ -s "$TMP/want" ] && diff "$TMP/want" "$TMP/got" >"$TMP/diff"
	check "$name: completion offers the options of --help" $? "$(sed 's/^</missing: /; s/^>/extra: /' "$TMP/diff" | grep -E 'missing|extra' | tr '\n' ' ')"
}

same_options p2p_lat "$B/p2p_lat" -- _sriovstat_bench p2p_lat --
same_options coll_lat "$B/coll_lat" -- _sriovstat_bench coll_lat --
same_options p2p_bw "$B/p2p_bw" -- _sriovstat_bench p2p_bw --
if [ -x "$B/verbs_lat" ]; then
	same_options verbs_lat "$B/verbs_lat" -- _sriovstat_bench verbs_lat --
fi
if [ -x "$B/verbs_bw" ]; then
	same_options verbs_bw "$B/verbs_bw" -- _sriovstat_bench verbs_bw --
fi
for cmd in summary compare plan table import export sweep plot node; do
	same_options "sriovstat $cmd" "$B/sriovstat" "$cmd" -- _sriovstat sriovstat "$cmd" --
done

# The commands: those of 'sriovstat --help'.
"$B/sriovstat" --help | sed -nE 's/^  ([a-z]+) .*/\1/p' | sort >"$TMP/want"
complete_words _sriovstat sriovstat "" | grep -v -- '^-' | grep -vx help >"$TMP/got"
diff "$TMP/want" "$TMP/got" >"$TMP/diff"
check "sriovstat: the commands of --help" $? "$(tr '\n' ' ' <"$TMP/diff")"

# Values.
[ "$(complete_words _sriovstat sriovstat compare --test "" | tr '\n' ' ')" = "mann-whitney paired-t welch wilcoxon " ]
check "compare --test values" $?
[ "$(complete_words _sriovstat sriovstat plot --format "" | tr '\n' ' ')" = "pdf png svg " ]
check "plot --format values" $?
[ "$(complete_words _sriovstat sriovstat summary --format = m | tr '\n' ' ')" = "markdown " ]
check "summary --format=m (split at =)" $?
[ "$(complete_words _sriovstat_bench coll_lat --op a | tr '\n' ' ')" = "allgather allreduce alltoall " ]
check "coll_lat --op values" $?
[ "$(complete_words _sriovstat_bench p2p_bw --mode "" | tr '\n' ' ')" = "bibw bw " ]
check "p2p_bw --mode values" $?
[ "$(complete_words _sriovstat_bench coll_lat -T mpi_ | tr '\n' ' ')" = "mpi_char mpi_double mpi_float mpi_int " ]
check "coll_lat -T values" $?
[ -z "$(complete_words _sriovstat_bench p2p_lat -i "")" ]
check "no candidates for a number" $?

# Files by extension (and directories).
mkdir "$TMP/d" "$TMP/d/sub"
touch "$TMP/d/a.json" "$TMP/d/b.csv" "$TMP/d/c.ini" "$TMP/d/e.png"
cd "$TMP/d" || exit 99
[ "$(complete_words _sriovstat sriovstat summary "" | tr '\n' ' ')" = "a.json sub " ]
check "summary: trial files" $?
[ "$(complete_words _sriovstat sriovstat import "" | tr '\n' ' ')" = "a.json b.csv c.ini e.png sub " ]
check "import: any file (OSU, IMB, perftest output has no fixed extension)" $?
[ "$(complete_words _sriovstat sriovstat import --from "" | tr '\n' ' ')" = "csv imb osu perftest " ]
check "import --from formats" $?
[ "$(complete_words _sriovstat sriovstat sweep "" | tr '\n' ' ')" = "c.ini sub " ]
check "sweep: experiment files" $?
[ "$(complete_words _sriovstat sriovstat plot -o "" | tr '\n' ' ')" = "e.png sub " ]
check "plot -o: images" $?
[ "$(complete_words _sriovstat_bench p2p_lat --json "" | tr '\n' ' ')" = "a.json sub " ]
check "p2p_lat --json: trial files" $?

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
