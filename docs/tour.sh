#!/bin/sh
# SPDX-License-Identifier: MIT
# The README's "short tour": runs each command of the tour with the stet on
# PATH, from the repository's root, in a fresh archive, and prints commands
# ("$ ...") and their complete output, as README.md shows it.
#   docs/tour.sh            print the tour
#   docs/tour.sh --update   rewrite the tour block of README.md
# tests/cli/readme_tour.sh checks that README.md holds what this prints
# (commit ids and times aside: the archive records when it ran).
# STET_TOUR_REPO: another archive than /tmp/stet-tour (the test uses it).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export STET_REPO=${STET_TOUR_REPO:-/tmp/stet-tour}
rm -rf "$STET_REPO"
seed=https://www.phnompenhpost.com/national/us-rounds-more-100-cambodians-deportation
ferry=https://lakeside-ledger.example/2024/03/05/county-cuts-kessling-island-ferry/

# step COMMAND...: print it as typed, then run it (exit 1 of diff is news).
step() {
	echo "\$ $*"
	"$@" 2>&1 || [ $? -eq 1 ]
}

tour() {
	echo "\$ export STET_REPO=$STET_REPO"
	step stet init
	step stet snapshot samples/phnompenhpost-deportation/v1.html
	step stet snapshot samples/phnompenhpost-deportation/v2.html
	step stet diff "$seed"
	for v in 1 2 3; do
		step stet snapshot samples/ledger-ferry/v$v.html
	done
	step stet log "$ferry"
	step stet diff "$ferry" 1 2
	step stet list
	step stet list --label moved
	echo "\$ git -C \$STET_REPO log --oneline"
	git -C "$STET_REPO" log --oneline
}

if [ "${1:-}" = --update ]; then
	tour >"$STET_REPO.out"
	python3 - README.md "$STET_REPO.out" <<'PY'
import re, sys
readme, tour = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
text = open(readme, encoding="utf-8").read()
mark = "<!-- tour: docs/tour.sh --update writes the block below -->\n"
new, n = re.subn(re.escape(mark) + r"```\n.*?```\n", lambda m: mark + "```\n" + tour + "```\n", text, flags=re.S)
if n != 1:
    sys.exit("README.md: no tour block after " + mark.strip())
open(readme, "w", encoding="utf-8").write(new)
PY
	rm -f "$STET_REPO.out"
else
	tour
fi
