# SPDX-License-Identifier: BSD-3-Clause
# bash completion for sriovstat, p2p_lat, p2p_bw, coll_lat, verbs_lat and verbs_bw.
#
# Installed as $(datadir)/bash-completion/completions/sriovstat, with links
# named p2p_lat, coll_lat and verbs_lat, so that bash-completion loads it on
# first use of any of them; or source it from ~/.bashrc. Self-contained: it
# needs only bash. The benchmarks usually run under a launcher (mpiexec -n 2
# p2p_lat ...), whose own completion applies there.
# tests/completion.sh checks that every option in each program's --help is
# offered here.

# Set cur and prev for the word under the cursor, treating --opt=value as
# --opt value (bash splits words at '=').
_sriovstat_words()
{
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
}

# COMPREPLY: the words of $1 that start with cur.
_sriovstat_words_of()
{
	local IFS=$' \t\n'
	# shellcheck disable=SC2207
	COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

# COMPREPLY: directories and the files named *.EXT for each EXT given
# (none: every file).
_sriovstat_files()
{
	local IFS=$'\n' e
	compopt -o filenames 2>/dev/null
	if (($# == 0)); then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -f -- "$cur"))
		return
	fi
	# shellcheck disable=SC2207
	COMPREPLY=($(compgen -d -- "$cur"))
	for e in "$@"; do
		# shellcheck disable=SC2207
		COMPREPLY+=($(compgen -f -X "!*.$e" -- "$cur"))
	done
}

# COMPREPLY: directories only.
_sriovstat_dirs()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	# shellcheck disable=SC2207
	COMPREPLY=($(compgen -d -- "$cur"))
}

# p2p_lat, p2p_bw, coll_lat and verbs_lat.
_sriovstat_bench()
{
	local cur prev prog=${COMP_WORDS[0]##*/}
	_sriovstat_words
	local common="--message-size --iterations --warmup --label --json --no-checkpoint --percentiles
		--quiet --help --version"
	case $prev in
	--json) _sriovstat_files json; return ;;
	--op) _sriovstat_words_of "barrier bcast allgather allreduce alltoall"; return ;;
	-T | --type) _sriovstat_words_of "mpi_char mpi_int mpi_float mpi_double"; return ;;
	--test)
		case $prog in
		verbs_bw) _sriovstat_words_of "write read send" ;;
		*) _sriovstat_words_of "write read send atomic atomic-fadd atomic-cswap" ;;
		esac
		return
		;;
	--mode)
		case $prog in
		p2p_bw) _sriovstat_words_of "bw bibw" ;;
		*) _sriovstat_words_of "poll event" ;;
		esac
		return
		;;
	-d | --ib-dev)
		local devs
		devs=$(command ls /sys/class/infiniband 2>/dev/null)
		_sriovstat_words_of "$devs"
		return
		;;
	-m | --message-size | -i | --iterations | -x | --warmup | --label | --percentiles | \
		-W | --window-size | --pairs | -s | --size | -n | --iters | --inline_size | \
		-I | --inline | --srq-limit | --ib-port | --gid-index | -t | --tx-depth | --rx-depth)
		return ;; # a value to type
	esac
	[[ $cur == -* ]] || return
	case $prog in
	coll_lat) _sriovstat_words_of "$common --op --validate --validation --full --type" ;;
	p2p_lat) _sriovstat_words_of "$common --pairs" ;;
	p2p_bw) _sriovstat_words_of "$common --mode --window-size --pairs" ;;
	verbs_lat | verbs_bw)
		_sriovstat_words_of "$common --test --mode --inline --srq --srq-limit --ib-dev --ib-port
			--gid-index --tx-depth --rx-depth --size --iters --inline_size --use_event --all"
		;;
	*) _sriovstat_words_of "$common" ;;
	esac
}

# sriovstat and its commands.
_sriovstat()
{
	local cur prev cmd='' i
	local commands="summary compare plan table import export sweep plot upgrade node help"
	_sriovstat_words
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} != -* ]]; then
			cmd=${COMP_WORDS[i]}
			break
		fi
	done
	if [[ -z $cmd ]]; then
		_sriovstat_words_of "$commands --help --version"
		return
	fi
	local table="--format --percentiles --threads --columns --help"
	local analysis="--stat --test --adjust --alpha --level --max-samples --force"
	case $cmd in
	help)
		((COMP_CWORD == i + 1)) && _sriovstat_words_of "$commands"
		return
		;;
	esac
	case $prev in
	--format)
		if [[ $cmd == plot ]]; then
			_sriovstat_words_of "png svg pdf"
		elif [[ $cmd == export ]]; then
			_sriovstat_words_of "csv tsv jsonl"
		else
			_sriovstat_words_of "text csv markdown latex json"
		fi
		return
		;;
	--kind)
		if [[ $cmd == plot ]]; then
			_sriovstat_words_of "size trials cdf"
		else
			_sriovstat_words_of "pvalues matrix tail"
		fi
		return
		;;
	--stat) _sriovstat_words_of "mean median p90 p95 p99 max"; return ;;
	--test) _sriovstat_words_of "paired-t welch wilcoxon mann-whitney"; return ;;
	--adjust) _sriovstat_words_of "none holm bh"; return ;;
	--pair) _sriovstat_words_of "auto round place"; return ;;
	--on-error) _sriovstat_words_of "stop continue"; return ;;
	-f | --from) [[ $cmd == import ]] && _sriovstat_words_of "osu imb perftest csv"; return ;;
	-o | --output | --out)
		case $cmd in
		import) _sriovstat_files json ;;
		export) _sriovstat_files csv ;;
		plot) _sriovstat_files png svg pdf ;;
		sweep) _sriovstat_dirs ;;
		*) _sriovstat_files ;;
		esac
		return
		;;
	--script) _sriovstat_files gp; return ;;
	--columns | --percentiles | --threads | --alpha | --level | --threshold | --power | --name | --baseline | -l | --label | --benchmark | --op | --size | \
		--title | -n | --trials | -s | --seed | -t | --timeout)
		return ;; # a value to type
	esac
	if [[ $cur == -* ]]; then
		case $cmd in
		summary) _sriovstat_words_of "$table --detail --stat --level --max-samples" ;;
		compare) _sriovstat_words_of "$table $analysis --pair --threshold --power" ;;
		plan)
			_sriovstat_words_of "--format --threads --columns --help --power --threshold --alpha --adjust
				--stat --test --pair --max-samples --force"
			;;
		table) _sriovstat_words_of "$table --kind --name --baseline --effect --means $analysis" ;;
		import) _sriovstat_words_of "--label --from --output --append --benchmark --op --help" ;;
		export) _sriovstat_words_of "--csv --format --output --help" ;;
		upgrade) _sriovstat_words_of "--help" ;;
		sweep)
			_sriovstat_words_of "--trials --out --seed --dry-run --on-error --timeout
				--no-summary --quiet --help"
			;;
		plot)
			_sriovstat_words_of "--output --format --kind --size --stat --benchmark --op
				--max-samples --title --script --help"
			;;
		node) _sriovstat_words_of "--node --help" ;;
		esac
		return
	fi
	case $cmd in
	node)
		[[ $prev == --node ]] && return
		[[ $prev == node ]] && _sriovstat_words_of "get probe set"
		return
		;;
	import) _sriovstat_files ;;
	sweep) _sriovstat_files ini ;;
	*) _sriovstat_files json ;;
	esac
}

complete -F _sriovstat sriovstat
complete -F _sriovstat_bench p2p_lat coll_lat verbs_lat
complete -F _sriovstat_bench p2p_bw verbs_bw
