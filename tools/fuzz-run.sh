#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run one libFuzzer target with sane flags.
#
#   tools/fuzz-run.sh TARGET SECONDS [VARIANT] [-- extra libFuzzer flags]
#
# The working corpus lives in results/fuzz/TARGET/corpus (outside the build
# directories: make clean keeps it, make distclean says it removes it; kept between
# runs, seeded from corpus/TARGET); crash files go to
# results/fuzz/TARGET/artifacts/ and are never overwritten (libFuzzer
# names them by content). Flags come from fuzz/TARGET.options.
# FUZZ_BUILD=DIR runs DIR/fuzz/TARGET instead (same results/ directories).
#
# SECONDS is at least 1 (libFuzzer's -max_total_time=0 would mean "no
# limit"; here 0 is refused, as everywhere in the harness: tmigr-stress -t 0
# means zero seconds of load, and zero seconds of fuzzing is no campaign).
#
# Exit status: 0 no crash, 1 a crash (see artifacts), 2 bad usage or a
# fuzzer that failed for another reason, 130 on SIGINT (143 on SIGTERM),
# after the list of this run's artifacts.
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
case $secs in
''|*[!0-9]*) echo "fuzz-run: SECONDS must be a whole number of seconds (got '$secs')" >&2; exit 2 ;;
*[!0]*) ;;
*) echo "fuzz-run: SECONDS must be at least 1 (0 is not 'no limit' here)" >&2; exit 2 ;;
esac
case $variant in ''|-*) echo "fuzz-run: VARIANT is empty or an option (got '$variant')" >&2; exit 2 ;; esac
if [ ! -x "$bin" ]; then
	echo "fuzz-run: $bin not built; run 'make fuzz' first" >&2
	exit 2
fi
if [ -x build/stress/tmigr-stress ] && ! build/stress/tmigr-stress --list-variants | grep -q "^$variant "; then
	echo "fuzz-run: unknown variant '$variant'" >&2
	exit 2
fi

work=results/fuzz/$target
# corpus/tmigr_diff and fuzz/tmigr_diff.dict link to tmigr_interleave's:
# tmigr_diff decodes inputs as tmigr_interleave does.
seeds=corpus/$target
mkdir -p "$work/corpus" "$work/artifacts"
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT

# shellcheck source=tools/fuzz-options.sh
. tools/fuzz-options.sh
mapfile -t flags < <(fuzz_options_flags "$PWD" "$target")

echo "fuzz-run: $target, variant $variant, $secs s; crashes go to $work/artifacts/"
# Ctrl-C reaches libFuzzer too (a SIGINT to the script alone is passed on):
# it prints its stats and stops; the script lists what was found and exits
# 130.
sig=0
trap 'sig=130; kill -INT "$pid" 2>/dev/null' INT
trap 'sig=143; kill -TERM "$pid" 2>/dev/null' TERM
ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=64} TMIGR_VARIANT=$variant "$bin" "${flags[@]}" -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$@" "$work/corpus" "$seeds" &
pid=$!
while :; do
	wait "$pid"
	status=$?
	# wait returns early when a trapped signal arrives; the fuzzer goes on.
	kill -0 "$pid" 2>/dev/null || break
done
profile=plain
[ "$target" = tmigr_hotplug ] && profile=hotplug
new=$(find "$work/artifacts" -newer "$stamp" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
replay=build/tools/tmigr-replay
[ -x "$replay" ] || replay=build-fuzz/tools/tmigr-replay
if [ -n "$new" ]; then
	echo "fuzz-run: new artifacts of this run; replay them with:"
	for f in $new; do
		if [ "$target" = tmigr_diff ]; then
			echo "  ${replay%/*}/tmigr-diff $f"
		else
			echo "  $replay --profile $profile --backend ${TMIGR_BACKEND:-model} --variant $variant $f"
		fi
	done
fi
# 72: libFuzzer's status when it was interrupted (Ctrl-C reaches it first).
[ $sig = 0 ] && [ $status = 72 ] && sig=130
[ $sig != 0 ] && exit $sig
[ $status = 0 ] && exit 0
# libFuzzer exits 1 (or the sanitizer's code) on a crash, which leaves an
# artifact; anything else is the fuzzer failing, not a finding.
[ -n "$new" ] && exit 1
echo "fuzz-run: the fuzzer exited $status without a crash file" >&2
exit 2
