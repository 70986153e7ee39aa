#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Determinism of the controlled mode, over the whole seed corpus: each input
# replayed 3 times gives a byte-identical story, with its schedule bytes and
# with the random and pct strategies, and the verdict is the one recorded in
# corpus/verdicts.txt. The 3 replays use the fiber, the thread and again the
# fiber engine with --check-every-point, so the engines are proven
# equivalent on the way, and so is replaying the reports of a hierarchy the
# last quiescent check saw (check_hierarchy()) to checking it anew. The findings
# (corpus/findings/*.txt, text programs with the schedule that shows them;
# not fuzz seeds, they crash) are replayed as they are and checked the same
# way.
#
# usage: test_corpus_replay.sh TMIGR-REPLAY CORPUS-DIR [--print [ENGINE]]
#   --print   print "input strategy story-sha256 verdict" per replay instead of
#             checking verdicts (CI/verdicts.sh compares this across builds
#             and engines); ENGINE: fibers (default) or threads
set -u
replay=$1
corpus=$2
print=${3:-}
fails=0
runs="1 2 3"
engines=(- fibers threads fibers)	# replay i runs in ${engines[i]}
extra=(- "" "" --check-every-point)	# with ${extra[i]}
[ -n "$print" ] && runs=1	# checksums only: one replay is enough
[ -n "$print" ] && engines[1]=${4:-fibers}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -x "$replay" ] || { echo "test_corpus_replay.sh: $replay is not executable"; exit 2; }
[ -f "$corpus/verdicts.txt" ] || { echo "test_corpus_replay.sh: $corpus/verdicts.txt missing"; exit 2; }

profile_of() {
	case $1 in
	tmigr_hotplug) echo hotplug ;;
	*) echo plain ;;
	esac
}

# expected_verdict INPUT: the verdict corpus/verdicts.txt records for INPUT
expected_verdict() {
	awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; found = 1 } END { exit !found }' \
		"$corpus/verdicts.txt"
}

# The inputs: "KEY FILE PROFILE" per line.
inputs() {
	for dir in "$corpus"/tmigr_*/; do
		# corpus/tmigr_diff links to tmigr_interleave: replayed once.
		[ -L "${dir%/}" ] && continue
		for input in "$dir"*; do
			[ -f "$input" ] && echo "$(basename "$dir")/$(basename "$input") $input $(profile_of "$(basename "$dir")")"
		done
	done
	for prog in "$corpus"/findings/*.txt; do
		[ -f "$prog" ] && echo "findings/$(basename "$prog") $prog plain"
	done
}

inputs >"$tmp/inputs"
while read -r key input profile; do
	{
		for strategy in bytes "random --seed 7" "pct --seed 7"; do
			# shellcheck disable=SC2086 # the strategy carries its options
			for i in $runs; do
				# shellcheck disable=SC2086 # empty or one option
				"$replay" --engine "${engines[i]}" ${extra[i]} --profile "$profile" --strategy $strategy \
					"$input" >"$tmp/story.$i" 2>&1
				echo $? >"$tmp/rc.$i"
			done
			verdict=$(grep '^verdict: ' "$tmp/story.1" | sed 's/^verdict: //')
			if [ -n "$print" ]; then
				# The first line names the file (and its path).
				echo "$key ${strategy%% *} $(tail -n +2 "$tmp/story.1" | sha256sum | cut -c1-16) $verdict"
				continue
			fi
			if ! cmp -s "$tmp/story.1" "$tmp/story.2" || ! cmp -s "$tmp/story.1" "$tmp/story.3" ||
			   ! cmp -s "$tmp/rc.1" "$tmp/rc.2" || ! cmp -s "$tmp/rc.1" "$tmp/rc.3"; then
				echo "FAIL: $key --strategy $strategy: the 3 replays (fibers, threads, fibers --check-every-point) differ:"
				diff "$tmp/story.1" "$tmp/story.2" | head -10
				fails=$((fails + 1))
				continue
			fi
			want_rc=0
			case $verdict in VIOLATION*) want_rc=1 ;; esac
			if [ "$(cat "$tmp/rc.1")" != "$want_rc" ]; then
				echo "FAIL: $key --strategy $strategy: exit $(cat "$tmp/rc.1") for verdict '$verdict' (a sanitizer report?):"
				grep -m5 -A5 'WARNING\|ERROR' "$tmp/story.1"
				fails=$((fails + 1))
				continue
			fi
			if [ "$strategy" = bytes ]; then
				if ! want=$(expected_verdict "$key"); then
					echo "FAIL: $key has no line in $corpus/verdicts.txt (its verdict: $verdict)"
					fails=$((fails + 1))
					continue
				fi
				if [ "$verdict" != "$want" ]; then
					echo "FAIL: $key: verdict '$verdict', corpus/verdicts.txt says '$want'"
					fails=$((fails + 1))
					continue
				fi
			fi
			echo "ok   $key --strategy $strategy: 3 identical stories (fibers, threads, fibers --check-every-point), verdict: $verdict"
		done
	}
done <"$tmp/inputs"
[ -n "$print" ] && exit 0
[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
exit $((fails != 0))
