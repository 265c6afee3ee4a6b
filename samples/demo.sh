#!/bin/sh
# The quick-start demo: archive the two bundled versions of the seed
# article (headline changed, correction appended, sidebar churned) in a
# temporary archive of its own, and show what stet reports. Run from the
# project root after building.
#
# It never touches $STET_REPO (your archive, if you set one): it makes a
# fresh directory with mktemp -d, passes it as --repo to every command,
# and on exit removes that directory and nothing else.
set -eu
stet=${STET:-build/cmd/stet}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stet-demo-XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT TERM
repo=$tmp/archive
"$stet" init --repo "$repo"
"$stet" snapshot --repo "$repo" samples/phnompenhpost-deportation/v1.html
"$stet" snapshot --repo "$repo" samples/phnompenhpost-deportation/v2.html
url=$("$stet" list --repo "$repo" --format=json |
	sed -n 's/.*"url": "\(.*\)",*$/\1/p' | head -n 1)
echo
echo "\$ stet diff $url"
"$stet" diff --repo "$repo" "$url" || [ $? -eq 1 ]
