# SPDX-License-Identifier: MIT
# bash completion for stet. Commands and each command's options are read
# from `stet --help` and `stet CMD --help`, so they follow the program;
# option values (--format, --color, --label) from the help text or the
# label list below; article URLs for log, show and diff from the archive's
# index (`stet list --format=json`, never a walk of the history), with the
# --repo given on the line. Installed as
# share/bash-completion/completions/stet.

# The labels stet writes (docs/diff.schema.json, plus stealth).
_stet_labels="headline byline dates lede appended added_text removed_text
rewrite moved numbers quotes names correction update_note editor_note
cosmetic flipflop gone restored withdrawn stealth"

_stet_urls() {
	if [ -n "$1" ]; then set -- --repo "$1"; else set --; fi
	"${_stet_bin:-stet}" list "$@" --format=json 2>/dev/null |
		sed -n 's/^ *"url": "\(.*\)",\{0,1\}$/\1/p'
}

_stet() {
	local cur= prev= cword opt= cmd= repo= i w
	local -a words
	# With bash-completion loaded, URLs (':') and --opt=value ('=') stay
	# whole words; without it, bash's own split is handled below.
	if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
		_get_comp_words_by_ref -n =: cur prev words cword
	else
		words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
		cur=${words[cword]}
		[ "$cword" -gt 0 ] && prev=${words[cword - 1]}
	fi
	local _stet_bin=${words[0]:-stet}
	COMPREPLY=()
	# --opt=value: bash splits at '=' (COMP_WORDBREAKS).
	if [ "$cur" = "=" ]; then
		opt=$prev cur=
	elif [ "$prev" = "=" ] && [ "$cword" -gt 1 ]; then
		opt=${words[cword - 2]}
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*} cur=${cur#*=}
	fi
	# The command, and the archive if named.
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		if [ -z "$cmd" ] && [[ $w != -* ]] && [ "$w" != "=" ]; then
			cmd=$w
		elif [ "$w" = "--repo" ] && [ $((i + 1)) -lt "$cword" ]; then
			repo=${words[i + 1]}
			[ "$repo" = "=" ] && repo=${words[i + 2]}
		elif [[ $w == --repo=* ]]; then
			repo=${w#--repo=}
		fi
	done
	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$("$_stet_bin" --help 2>/dev/null |
				sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')" -- "$cur"))
		fi
		return 0
	fi
	[ -z "$opt" ] && case $prev in
	--*) "$_stet_bin" "$cmd" --help 2>/dev/null | grep -qE -- "$prev( [A-Z]|=)" &&
		opt=$prev ;;
	esac
	case $opt in
	--format | --color)
		COMPREPLY=($(compgen -W "$("$_stet_bin" "$cmd" --help 2>/dev/null |
			sed -n "s/.*$opt=\([a-z|]*\).*/\1/p" | head -n 1 | tr '|' ' ')" -- "$cur"))
		return 0 ;;
	--label)
		COMPREPLY=($(compgen -W "$_stet_labels" -- "$cur"))
		return 0 ;;
	--repo | --list | --atom | --cacert)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	"") ;;
	*) return 0 ;; # a value nobody can guess
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$("$_stet_bin" "$cmd" --help 2>/dev/null |
			grep -o -- '--[a-z][a-z-]*=\{0,1\}' | sort -u)" -- "$cur"))
		[[ ${COMPREPLY[0]:-} == *= ]] && compopt -o nospace 2>/dev/null
		return 0
	fi
	case $cmd in
	log | show | diff)
		# The URL is the first argument that is not an option.
		local n=0
		for ((i = 2; i < cword; i++)); do
			w=${words[i]}
			case $w in
			--repo | --format | --color) ((i++)) ;;
			-* | =) ;;
			*) [ "${words[i - 1]}" = "=" ] || n=$((n + 1)) ;;
			esac
		done
		if [ "$n" -eq 0 ]; then
			# URLs hold ':' (in COMP_WORDBREAKS): bash-completion's
			# helper trims what bash will not replace.
			local IFS=$'\n' u
			COMPREPLY=($(compgen -W "$(_stet_urls "$repo")" -- "$cur"))
			declare -F __ltrim_colon_completions >/dev/null 2>&1 &&
				__ltrim_colon_completions "$cur"
			if [ "${#COMPREPLY[@]}" -eq 0 ] && [ "$cmd" = diff ]; then
				COMPREPLY=($(compgen -f -- "$cur"))
			fi
		elif [ "$cmd" = diff ]; then
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		;;
	snapshot | extract | site | feed)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
	return 0
}
complete -F _stet stet
