# SPDX-License-Identifier: MIT
# Shell completion: the bash function is driven as bash does it (COMP_LINE,
# COMP_POINT, COMP_WORDS, COMP_CWORD, then _stet; COMPREPLY checked), with
# bash-completion's helpers loaded: commands, a command's options, values
# of --format, --color and --label, and article URLs from the archive for
# log, show and diff (also with --repo on the line). The label list the
# three completions offer is the schema's enum plus stealth. zsh and fish
# files are syntax-checked when those shells are installed. Skipped (77)
# when bash-completion is not installed.
set -e
. "$(dirname "$0")/lib.inc"
BC=/usr/share/bash-completion/bash_completion
[ -r "$BC" ] || { echo "skipped: bash-completion is not installed (apt-get install bash-completion)"; exit 77; }
D="$SRC/cmd/dist/completion"
run "$STET" init; expect_rc 0 "init"
for v in 1 2; do
	run "$STET" snapshot "$SRC/samples/ledger-ferry/v$v.html"; expect_rc 0 "snapshot"
done
run "$STET" snapshot "$SRC/samples/phnompenhpost-deportation/v1.html"; expect_rc 0 "snapshot"
mkdir -p "$TMP/bin"
ln -s "$STET" "$TMP/bin/stet"
other="$TMP/other"
run "$STET" init --repo "$other"; expect_rc 0 "init other"
run "$STET" snapshot --repo "$other" "$SRC/samples/northline-storm/v1.html"; expect_rc 0 "snapshot other"

# comp LINE: COMPREPLY of _stet for LINE (the cursor at its end), one per line.
comp() {
	PATH="$TMP/bin:$PATH" bash -c '
		. "$1"; . "$2"
		COMP_LINE=$3; COMP_POINT=${#COMP_LINE}
		COMP_WORDS=($COMP_LINE); [ "${COMP_LINE% }" != "$COMP_LINE" ] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_stet stet "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BC" "$D/stet.bash" "$1"
}
# expect LINE WORD...: the replies are exactly WORD... (in any order)
expect() {
	local line=$1 got want
	shift
	got=$(comp "$line" | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$got" = "$want" ] || fail "completing '$line': got '$got', expected '$want'"
}
expect "stet di" diff
expect "stet re" remove reextract reindex
expect "stet diff --fo" --format=
expect "stet diff --format=" text unified json html
expect "stet diff --format=j" json
expect "stet diff --color=" auto always never
expect "stet list --label st" stealth
expect "stet list --label co" correction cosmetic
expect "stet list --st" --stealth
ledger=https://lakeside-ledger.example/2024/03/05/county-cuts-kessling-island-ferry/
seed=https://www.phnompenhpost.com/national/us-rounds-more-100-cambodians-deportation
storm=https://www.northline-news.example/world/storm-cuts-power-aldermoor-valley-idNNS2406140931
expect "stet log " "$ledger" "$seed"
expect "stet show " "$ledger" "$seed"
expect "stet diff --format=json " "$ledger" "$seed"
expect "stet log --repo $other " "$storm"
# bash splits at ':'; what it will replace is the part after the colon.
expect "stet log https://la" "//${ledger#https://}"
expect "stet log $ledger " # a version, not a URL: nothing to offer
# Every command of stet --help completes.
for c in $("$STET" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'); do
	comp "stet $c" | grep -qx "$c" || fail "command $c does not complete"
done
# The label list: the schema's labels and stealth, in all three files.
labels=$(python3 -c '
import json, sys
def walk(o):
    if isinstance(o, dict):
        if "headline" in o.get("enum", []) and "correction" in o["enum"]: print(" ".join(o["enum"]))
        for v in o.values(): walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
walk(json.load(open(sys.argv[1])))' "$SRC/docs/diff.schema.json")
[ -n "$labels" ] || fail "no labels in the schema"
for l in $labels stealth; do
	for f in stet.bash _stet stet.fish; do
		grep -qw -- "$l" "$D/$f" || fail "$f does not offer the label $l"
	done
done
if command -v zsh >/dev/null; then zsh -n "$D/_stet" || fail "zsh: _stet does not parse"; fi
if command -v fish >/dev/null; then
	fish -n "$D/stet.fish" || fail "fish: stet.fish does not parse"
	got=$(PATH="$TMP/bin:$PATH" fish -c "source $D/stet.fish; complete -C 'stet log '")
	echo "$got" | grep -qxF "$ledger" || fail "fish: log does not offer the URLs: $got"
fi
finish
