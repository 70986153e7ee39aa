#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Stress throughput for a range of CPU counts, measured back to back in one
# run on this machine, printed as a markdown table for docs/BENCHMARKS.md.
#
# usage: tools/bench-stress.sh [SECONDS] [CPU-COUNTS...]
#        defaults: 10 s each for 2 8 64 256 1024 CPUs
# env:   STRESS=path to tmigr-stress (default build/stress/tmigr-stress)
#        SEED=seed (default 1)
#        ENGINES="fibers threads": the engines, each CPU count's rows side
#          by side (default: fibers, tmigr-stress's default)
#        VARIANT=variant (default fixed)
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-10}
shift || true
counts=("$@")
[ ${#counts[@]} = 0 ] && counts=(2 8 64 256 1024)
stress=${STRESS:-build/stress/tmigr-stress}
seed=${SEED:-1}
read -r -a engines <<<"${ENGINES:-fibers}"
variant=${VARIANT:-fixed}

if [ ! -x "$stress" ]; then
	echo "bench-stress: $stress not found; run 'make' first" >&2
	exit 2
fi

echo "tmigr-stress throughput, $(date -u +%Y-%m-%d), $(nproc) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "$secs s per row, seed $seed, variant $variant, default op mix (hotplug 2/1000)"
echo
echo "| CPUs | engine | ops/s | ops/s per CPU | epochs | timers run | timers run remotely | wakeup irqs | hotplug ops | verdict |"
echo "|-----:|:-------|------:|--------------:|-------:|-----------:|--------------------:|------------:|------------:|:--------|"
for n in "${counts[@]}"; do
for engine in "${engines[@]}"; do
	out=$("$stress" -n "$n" -t "$secs" -s "$seed" -q --engine "$engine" --variant "$variant") || true
	rate=$(sed -n 's/^  ops .*(\([0-9]*\) ops\/s)/\1/p' <<<"$out")
	epochs=$(sed -n 's/^  epochs *\([0-9]*\) quiescent.*/\1/p' <<<"$out")
	run=$(sed -n 's/^  timers .* run \([0-9]*\) (.*/\1/p' <<<"$out")
	remote=$(sed -n 's/^  timers .* (\([0-9]*\) remotely).*/\1/p' <<<"$out")
	irqs=$(sed -n 's/^  idle .*wakeup irqs \([0-9]*\),.*/\1/p' <<<"$out")
	hp=$(sed -n 's/^  hotplug *up \([0-9]*\), down \([0-9]*\),.*/\1+\2/p' <<<"$out")
	verdict=$(sed -n 's/^verdict: //p' <<<"$out")
	printf '| %5s | %s | %8s | %8s | %6s | %9s | %9s | %9s | %7s | %s |\n' "$n" "$engine" "$rate" \
		"$(( rate / n ))" "$epochs" "$run" "$remote" "$irqs" "$(( hp ))" "$verdict"
done
done
