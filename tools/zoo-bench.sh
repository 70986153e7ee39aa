#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Time to detect, per variant and strategy (docs/ZOO.md): each run starts
# from scratch with a seed and stops at the first report or at the cap.
#
#   stress8, stress64   tmigr-stress -n 8 / -n 64 --stop-on-report (free mode),
#                       looking past the races of docs/findings.md, which
#                       6.12 and every variant built on it have and which
#                       stress finds in seconds (--ignore-known; for
#                       no-remote-walk, whose signature is the deactivation
#                       race's, only the remote expiry race's are ignored)
#   random, pct2, pct3  tmigr-search on the variant's regression program with
#                       its schedule dropped (the operations are given, the
#                       interleaving is searched): --strategy random, pct -d 2/3
#   fuzz-empty          libFuzzer tmigr_hotplug from an empty corpus
#   fuzz-seed           libFuzzer tmigr_hotplug from corpus/tmigr_hotplug
#
# For every (variant, strategy) it runs SEEDS seeds and prints one line:
#   variant strategy hits/seeds median-seconds median-executions signature
# (medians over the runs that found something; "-" when none did), plus,
# for pct, the measured hit rate per schedule next to the PCT bound
# 1/(n*k^(d-1)) with n CPUs and k the steps of a default run.
#
# usage: tools/zoo-bench.sh [-c CAP-SECONDS] [-n SEEDS] [-v VARIANT[,...]]
#                           [-s STRATEGY[,...]] [-o OUT.tsv]
# Defaults: cap 20 s, 5 seeds, every variant but fixed, every strategy.
# VARIANT may be setup-in-online:race-a, the seed's race A (its program is
# corpus/seed/race-a.txt; plain setup-in-online searches race B's). For
# setup-oob stress boots 2 CPUs and loses an allocation in half of its
# hotplug operations (--boot-online 2 --hotplug 50 --nomem 500): only a
# CPU's first bring-up allocates. A crash counts as a hit ("crash").
# Runs under nice -n 10. fuzz-* need 'make fuzz' (build-fuzz/); without it
# they print "not built".
set -uo pipefail
cd "$(dirname "$0")/.."

usage() {
	sed -n '3,29p' "$0" | sed 's/^# \{0,1\}//'
	exit "${1:-2}"
}

cap=20 seeds=5 variants="" strategies="stress8,stress64,random,pct2,pct3,fuzz-empty,fuzz-seed" out=""
while getopts "c:n:v:s:o:h" opt; do
	case $opt in
	c) cap=$OPTARG ;;
	n) seeds=$OPTARG ;;
	v) variants=$OPTARG ;;
	s) strategies=$OPTARG ;;
	o) out=$OPTARG ;;
	h) usage 0 ;;
	*) usage ;;
	esac
done
case $cap in ''|*[!0-9]*) echo "zoo-bench: -c needs whole seconds (got '$cap')" >&2; exit 2 ;; esac
case $seeds in ''|*[!0-9]*|0) echo "zoo-bench: -n needs a positive count (got '$seeds')" >&2; exit 2 ;; esac
if [ -n "$out" ] && [ -e "$out" ]; then
	echo "zoo-bench: $out exists (never overwritten)" >&2
	exit 2
fi

B=build
for t in stress/tmigr-stress tools/tmigr-search tools/tmigr-mkinput tools/tmigr-replay; do
	[ -x "$B/$t" ] || { echo "zoo-bench: $B/$t missing; run 'make' first" >&2; exit 2; }
done
known=$("$B/tools/tmigr-replay" --list-variants | awk '{ print $1 }')
[ -n "$variants" ] || variants=$(echo "$known" | grep -v '^fixed$' |
	sed 's/^setup-in-online$/&,setup-in-online:race-a/' | tr '\n' ',')
for v in ${variants//,/ }; do
	case $v in *:*) [ "$v" = setup-in-online:race-a ] ||
		{ echo "zoo-bench: unknown variant '$v'" >&2; exit 2; } ;; esac
	echo "$known" | grep -qx "${v%%:*}" || { echo "zoo-bench: unknown variant '$v'" >&2; exit 2; }
done
for s in ${strategies//,/ }; do
	case $s in stress8|stress64|random|pct2|pct3|fuzz-empty|fuzz-seed) ;;
	*) echo "zoo-bench: unknown strategy '$s'" >&2; exit 2 ;;
	esac
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }

# The regression program of a variant, schedule dropped.
program_of() {
	local f=corpus/regressions/$1.txt
	[ "$1" = setup-in-online ] && f=corpus/seed/race-b.txt
	[ "$1" = setup-in-online:race-a ] && f=corpus/seed/race-a.txt
	[ -f "$f" ] || return 1
	grep -v '^schedule' "$f" >"$tmp/prog.txt"
	echo "$tmp/prog.txt"
}

# run_one VARIANT STRATEGY SEED: prints "found seconds executions signature"
run_one() {
	local v=$1 s=$2 seed=$3 t0 t1 log=$tmp/log prog rc extra=() ignore=()
	local tv=${v%%:*}	# the variant the tools run
	[ "$tv" = setup-oob ] && extra=(--boot-online 2 --hotplug 50 --nomem 500)
	if [ "$tv" = no-remote-walk ]; then
		ignore=(--ignore-signature ignored-timer:global-timer-never-expired/cpu-event-ignored
			--ignore-signature late-timer:global-timer-late/cpu-event-ignored)
	else
		ignore=(--ignore-known)
	fi
	t0=$(now)
	case $s in
	stress8|stress64)
		# (subshells: the shell's own "Segmentation fault" line stays out of the table)
		(timeout $((cap + 30)) nice -n 10 "$B/stress/tmigr-stress" -n "${s#stress}" -t "$cap" \
			-s "$seed" --variant "$tv" "${extra[@]}" "${ignore[@]}" --stop-on-report -q >"$log" 2>&1
		 exit $?) 2>/dev/null
		rc=$?
		t1=$(now)
		# the first report that counted (ignored ones are listed "(ignored: ...)")
		sig=$(grep -E '^ +[0-9]+  [a-z-]+:' "$log" | grep -v '(known issue)\|(ignored: ' |
		      awk '{ print $2; exit }')
		execs=$(awk '$1 == "ops" { print $2; exit }' "$log")
		;;
	random|pct2|pct3)
		prog=$(program_of "$v") || { echo "0 - - no-program"; return; }
		local strat=(--strategy random)
		[ "$s" = pct2 ] && strat=(--strategy pct --depth 2)
		[ "$s" = pct3 ] && strat=(--strategy pct --depth 3)
		(timeout "$cap" nice -n 10 "$B/tools/tmigr-search" "${strat[@]}" --seed "$seed" \
			--runs 100000000 --variant "$tv" "$prog" >"$log" 2>&1; exit $?) 2>/dev/null
		rc=$?
		t1=$(now)
		sig=$(sed -n 's/^tmigr-search: \([^ ]*\) after \([0-9]*\) schedules\{0,1\}.*/\1/p' "$log" | head -1)
		execs=$(sed -n 's/^tmigr-search: [^ ]* after \([0-9]*\) schedules\{0,1\}.*/\1/p' "$log" | head -1)
		[ -z "$execs" ] && execs=$(sed -n 's/.*crashed in schedule \([0-9]*\).*/\1/p' "$log" | head -1)
		grep -q 'crashed before the first schedule' "$log" && execs=${execs:-0}
		;;
	fuzz-empty|fuzz-seed)
		local bin=build-fuzz/fuzz/tmigr_hotplug dir=$tmp/fcorpus
		[ -x "$bin" ] || { echo "0 - - not-built"; return; }
		rm -rf "$dir"; mkdir -p "$dir"
		[ "$s" = fuzz-seed ] && cp corpus/tmigr_hotplug/* "$dir"/
		(cd "$tmp" && ASAN_OPTIONS=quarantine_size_mb=64 TMIGR_VARIANT=$tv timeout $((cap + 30)) \
			nice -n 10 "$OLDPWD/$bin" -seed="$seed" -max_total_time="$cap" -max_len=2048 \
			-print_final_stats=1 "$dir") >"$log" 2>&1
		rc=$?
		t1=$(now)
		sig=$(sed -n 's/^signature: //p' "$log" | head -1)
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | head -1)
		[ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
		grep -q 'ERROR: AddressSanitizer\|deadly signal' "$log" && sig=${sig:-crash}
		;;
	esac
	grep -q '^verdict: CRASH' "$log" && sig=${sig:-crash}
	if [ -n "$sig" ]; then
		echo "1 $(echo "$t1 - $t0" | bc) ${execs:--} $sig"
	else
		echo "0 - - -"
	fi
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (!NR) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

emit() {
	echo "$*"
	[ -n "$out" ] && echo "$*" >>"$out"
}

emit "# zoo-bench: cap ${cap}s, $seeds seeds, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs"
emit "# variant strategy hits/seeds median-s median-execs signature [pct: hit-rate bound]"
for v in ${variants//,/ }; do
	for s in ${strategies//,/ }; do
		: >"$tmp/res"
		for seed in $(seq 1 "$seeds"); do
			run_one "$v" "$s" "$seed" >>"$tmp/res"
		done
		hits=$(awk '$1 == 1' "$tmp/res" | wc -l)
		ms=$(awk '$1 == 1 { print $2 }' "$tmp/res" | median)
		me=$(awk '$1 == 1 && $3 != "-" { print $3 }' "$tmp/res" | median)
		sig=$(awk '$1 == 1 { print $4 }' "$tmp/res" | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
		note=$(awk '$1 == 0 && $4 != "-" { print $4; exit }' "$tmp/res")
		extra=""
		case $s in pct2|pct3)
			prog=$(program_of "$v") && {
				d=${s#pct}
				n=$(awk '$1 == "cpus" { print $2 }' "$prog" | tail -1)
				"$B/tools/tmigr-mkinput" "$prog" -o "$tmp/p.bin" >/dev/null 2>&1
				k=$( ("$B/tools/tmigr-replay" --variant "${v%%:*}" "$tmp/p.bin"; exit $?) 2>/dev/null |
					sed -n 's/^run complete: \([0-9]*\) scheduling points.*/\1/p')
				execs_all=$(awk '$1 == 1 && $3 != "-" { s += $3; n++ } END { if (n) print s / n }' "$tmp/res")
				rate="-"
				[ -n "$execs_all" ] && [ "$execs_all" != 0 ] &&
					rate=$(echo "scale=6; 1 / $execs_all" | bc)
				# A program that crashes every run has no step count.
				if [ -n "$k" ]; then
					bound=$(echo "scale=10; 1 / ($n * $k ^ ($d - 1))" | bc)
					extra=" rate=$rate bound=$bound (n=$n k=$k)"
				fi
			}
			;;
		esac
		emit "$v $s $hits/$seeds $ms $me ${sig:-${note:--}}$extra"
	done
done
