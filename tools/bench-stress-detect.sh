#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# How soon free-mode stress finds something, engine against engine: for
# each seed, each engine runs `tmigr-stress --stop-on-report` back to back
# (alternating, so both see the same machine), and the table says which
# report stopped it and after how many seconds of load. On `fixed` (6.12)
# that is one of the races of docs/findings.md; on a patched baseline it
# should be nothing.
#
# usage: tools/bench-stress-detect.sh [SECONDS] [SEEDS...]
#        defaults: 60 s per run, seeds 1 2 3 4 5
# env:   STRESS=path to tmigr-stress (default build/stress/tmigr-stress)
#        ENGINES="fibers threads" (default)
#        VARIANT=variant (default fixed), CPUS=N (default 64)
#        ARGS="more options" for every run (e.g. "--nodes 2")
# exit:  0 (the table is the result), 2 bad usage
set -euo pipefail
cd "$(dirname "$0")/.."

case ${1:-} in -h|--help) sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
secs=${1:-60}
shift || true
seeds=("$@")
[ ${#seeds[@]} = 0 ] && seeds=(1 2 3 4 5)
stress=${STRESS:-build/stress/tmigr-stress}
read -r -a engines <<<"${ENGINES:-fibers threads}"
variant=${VARIANT:-fixed}
cpus=${CPUS:-64}
read -r -a extra <<<"${ARGS:-}"

if [ ! -x "$stress" ]; then
	echo "bench-stress-detect: $stress not found; run 'make' first" >&2
	exit 2
fi
if ! [[ $secs =~ ^[0-9]+$ ]] || [ "$secs" = 0 ]; then
	echo "bench-stress-detect: SECONDS must be a positive integer (got '$secs')" >&2
	exit 2
fi

echo "tmigr-stress time to detect, $(date -u +%Y-%m-%d), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "-n $cpus --variant $variant ${extra[*]:-} --stop-on-report, at most $secs s of load per run"
echo
echo "| seed | engine | found | after (s of load) | ops/s |"
echo "|-----:|:-------|:------|------------------:|------:|"
declare -A hits total_time
for engine in "${engines[@]}"; do
	hits[$engine]=0
	total_time[$engine]=0
done
for seed in "${seeds[@]}"; do
	for engine in "${engines[@]}"; do
		out=$("$stress" -n "$cpus" -t "$secs" -s "$seed" -q --stop-on-report \
			--engine "$engine" --variant "$variant" "${extra[@]}" 2>/dev/null) || true
		load=$(sed -n 's/^  time .*wall (\([0-9.]*\) s of load).*/\1/p' <<<"$out")
		rate=$(sed -n 's/^  ops .*(\([0-9]*\) ops\/s)/\1/p' <<<"$out")
		sig=$(grep -E '^ +[0-9]+  [a-z-]+:' <<<"$out" | grep -v '(known issue)' |
		      awk '{ print $2 }' | head -1 || true)
		if [ -n "$sig" ]; then
			hits[$engine]=$(( ${hits[$engine]} + 1 ))
			total_time[$engine]=$(awk -v a="${total_time[$engine]}" -v b="$load" 'BEGIN { print a + b }')
			found="\`$sig\`"
		else
			found="nothing"
		fi
		printf '| %s | %s | %s | %s | %s |\n' "$seed" "$engine" "$found" "${load:-?}" "${rate:-?}"
	done
done
echo
for engine in "${engines[@]}"; do
	n=${hits[$engine]}
	if [ "$n" -gt 0 ]; then
		mean=$(awk -v t="${total_time[$engine]}" -v n="$n" 'BEGIN { printf "%.1f", t / n }')
		echo "- $engine: found in $n of ${#seeds[@]} runs, after $mean s of load on average"
	else
		echo "- $engine: found in 0 of ${#seeds[@]} runs"
	fi
done
