#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run one libFuzzer target with sane flags.
#
#   tools/fuzz-run.sh TARGET SECONDS [VARIANT] [-- extra libFuzzer flags]
#
# The working corpus lives in build-fuzz/work/TARGET/corpus (kept between
# runs, seeded from corpus/TARGET); crash files go to
# build-fuzz/work/TARGET/artifacts/ and are never overwritten (libFuzzer
# names them by content). Flags come from fuzz/TARGET.options.
# FUZZ_BUILD=DIR runs DIR/fuzz/TARGET instead (work in DIR/work/).
#
# Exit status: 0 no crash, 1 a crash (see artifacts), 2 bad usage.
set -uo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: tools/fuzz-run.sh TARGET SECONDS [VARIANT] [-- libFuzzer flags]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1 secs=$2 variant=${3:-fixed}
shift 2
[ $# -gt 0 ] && [ "$1" != -- ] && shift
[ "${1:-}" = -- ] && shift

build=${FUZZ_BUILD:-build-fuzz}
bin=$build/fuzz/$target
opts=fuzz/$target.options
if [ ! -f "$opts" ]; then
	echo "fuzz-run: unknown target '$target' (targets: $(ls fuzz/*.options | xargs -n1 basename | sed 's/.options//' | tr '\n' ' '))" >&2
	exit 2
fi
case $secs in ''|*[!0-9]*) echo "fuzz-run: SECONDS must be a number (got '$secs')" >&2; exit 2 ;; esac
if [ ! -x "$bin" ]; then
	echo "fuzz-run: $bin not built; run 'make fuzz' first" >&2
	exit 2
fi
if [ -x build/stress/tmigr-stress ] && ! build/stress/tmigr-stress --list-variants | grep -q "^$variant "; then
	echo "fuzz-run: unknown variant '$variant'" >&2
	exit 2
fi

work=$build/work/$target
# corpus/tmigr_diff and fuzz/tmigr_diff.dict link to tmigr_interleave's:
# tmigr_diff decodes inputs as tmigr_interleave does.
seeds=corpus/$target
mkdir -p "$work/corpus" "$work/artifacts"
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT

flags=()
while IFS='=' read -r key value; do
	key=$(echo "$key" | tr -d ' ') value=$(echo "$value" | tr -d ' ')
	case $key in ''|\[*|\#*) continue ;; dict) value=fuzz/$value ;; esac
	flags+=("-$key=$value")
done <"$opts"

echo "fuzz-run: $target, variant $variant, $secs s; crashes go to $work/artifacts/"
ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=64} TMIGR_VARIANT=$variant "$bin" "${flags[@]}" -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$@" "$work/corpus" "$seeds"
status=$?
profile=plain
[ "$target" = tmigr_hotplug ] && profile=hotplug
new=$(find "$work/artifacts" -newer "$stamp" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
if [ -n "$new" ]; then
	echo "fuzz-run: new artifacts of this run:"
	echo "$new"
	if [ "$target" = tmigr_diff ]; then
		echo "fuzz-run: show one with: build/tools/tmigr-diff FILE"
	else
		echo "fuzz-run: replay one with: build/tools/tmigr-replay --profile $profile --backend ${TMIGR_BACKEND:-model} --variant $variant FILE"
	fi
fi
[ $status = 0 ] && exit 0
exit 1
