#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The bug zoo (docs/ZOO.md): every corpus/regressions/ and corpus/seed/ text
# program, encoded with tmigr-mkinput and replayed with its own schedule on
# each variant corpus/verdicts.txt names for it ("<file>@<variant> VERDICT"),
# gives that verdict and the matching exit status (CRASH: a signal or a
# sanitizer's exit); every program has a line for its variant and one for
# fixed.
#
# usage: test_regressions.sh TOOLS-DIR CORPUS-DIR
set -u
tools=$1
corpus=$2
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -x "$tools/tmigr-replay" ] || { echo "test_regressions.sh: no tmigr-replay in $tools"; exit 2; }
[ -f "$corpus/verdicts.txt" ] || { echo "test_regressions.sh: $corpus/verdicts.txt missing"; exit 2; }

for prog in "$corpus"/regressions/*.txt "$corpus"/seed/*.txt; do
	[ -f "$prog" ] || continue
	key=${prog#"$corpus"/}
	if ! grep -q "^$key@fixed " "$corpus/verdicts.txt" ||
	   [ "$(grep -c "^$key@" "$corpus/verdicts.txt")" -lt 2 ]; then
		echo "FAIL: $key needs a line for its variant and one for fixed in verdicts.txt"
		fails=$((fails + 1))
	fi
done

while read -r key want; do
	prog=$corpus/${key%@*}
	variant=${key##*@}
	bin=$tmp/$(basename "$prog" .txt).bin
	if [ ! -f "$prog" ]; then
		echo "FAIL: $key: no such program"
		fails=$((fails + 1))
		continue
	fi
	[ -f "$bin" ] || "$tools/tmigr-mkinput" "$prog" -o "$bin" >/dev/null || {
		echo "FAIL: $key does not encode"
		fails=$((fails + 1))
		continue
	}
	# A bug variant may reintroduce a data race on purpose (setup-in-online
	# publishes ->parent and the mask unordered): under TSan its report is
	# expected there and does not change the verdict; on fixed it fails.
	tsan=${TSAN_OPTIONS:-}
	[ "$variant" = fixed ] || [ "$want" = CRASH ] || tsan="${tsan:+$tsan:}exitcode=0"
	got=$(TSAN_OPTIONS=$tsan "$tools/tmigr-replay" -q --variant "$variant" "$bin" 2>"$tmp/err")
	rc=$?
	got=${got#verdict: }
	want_rc=0
	case $want in VIOLATION*) want_rc=1 ;; esac
	# A crash ends by its signal, or with the sanitizer's status. TSan's
	# "nested bug" path exits without the death callback's verdict line.
	if [ "$want" = CRASH ] && [ $rc != 0 ] && [ $rc != 2 ]; then
		want_rc=$rc
		[ -z "$got" ] && grep -q 'ERROR: [A-Za-z]*Sanitizer' "$tmp/err" && got=CRASH
	fi
	if [ "$got" != "$want" ] || [ $rc != $want_rc ]; then
		[ "$want" = CRASH ] || [ "$got" = CRASH ] && head -5 "$tmp/err"
		echo "FAIL: $key: verdict '$got' (exit $rc), verdicts.txt says '$want'"
		fails=$((fails + 1))
		continue
	fi
	echo "ok   $key: $got"
done < <(awk '$1 ~ /^(regressions|seed)\// { k = $1; $1 = ""; sub(/^ /, ""); print k, $0 }' \
	"$corpus/verdicts.txt")

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
exit $((fails != 0))
