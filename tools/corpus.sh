#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The seed corpus is written as readable programs (corpus/programs/*.txt);
# the fuzz targets read binary inputs (corpus/<target>/*.bin).
#
#   tools/corpus.sh build    regenerate corpus/<target>/*.bin from the programs
#   tools/corpus.sh check    fail if a committed input differs from its program
#
# env: MKINPUT=path to tmigr-mkinput (default build/tools/tmigr-mkinput)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
mkinput=${MKINPUT:-build/tools/tmigr-mkinput}
targets=(tmigr_interleave tmigr_hotplug)

case $mode in
build|check) ;;
*) echo "usage: tools/corpus.sh build|check" >&2; exit 2 ;;
esac
if [ ! -x "$mkinput" ]; then
	echo "corpus.sh: $mkinput not found; run 'make' first" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for prog in corpus/programs/*.txt; do
	name=$(basename "$prog" .txt)
	"$mkinput" "$prog" -o "$tmp/$name.bin"
	for t in "${targets[@]}"; do
		dest=corpus/$t/$name.bin
		if [ "$mode" = build ]; then
			mkdir -p "corpus/$t"
			cp "$tmp/$name.bin" "$dest"
		elif ! cmp -s "$tmp/$name.bin" "$dest"; then
			echo "corpus.sh: $dest is not what $prog encodes to (tools/corpus.sh build)"
			status=1
		fi
	done
done
[ "$mode" = check ] && [ $status = 0 ] && echo "corpus.sh: $(ls corpus/programs/*.txt | wc -l) programs match their inputs"
exit $status
