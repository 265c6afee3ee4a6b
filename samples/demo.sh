#!/bin/sh
# The quick-start demo: archive the two bundled versions of the seed
# article (headline changed, correction appended, sidebar churned) and
# show what stet reports. Run from the project root after building.
set -eu
stet=${STET:-build/cmd/stet}
repo=${STET_REPO:-/tmp/stet-demo-archive}
rm -rf "$repo"
"$stet" init --repo "$repo"
"$stet" snapshot --repo "$repo" samples/phnompenhpost-deportation/v1.html
"$stet" snapshot --repo "$repo" samples/phnompenhpost-deportation/v2.html
url=$("$stet" list --repo "$repo" --format=json |
	sed -n 's/.*"url": "\(.*\)",*$/\1/p' | head -n 1)
echo
echo "\$ stet diff $url"
"$stet" diff --repo "$repo" --color=always "$url" || [ $? -eq 1 ]
