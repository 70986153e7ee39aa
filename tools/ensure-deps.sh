#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Make sure the build tools are there; install them with apt-get when we
# are root on Debian/Ubuntu, otherwise say exactly what to install.
#
#   tools/ensure-deps.sh            cmake, make, a C compiler
#   tools/ensure-deps.sh clang      ... plus clang and its sanitizer runtimes
#   tools/ensure-deps.sh clang CC   ... the same for the clang named CC, e.g.
#                                   clang-19 (Debian's clang-19 and
#                                   libclang-rt-19-dev): make fuzz's FUZZ_CC
#
# Exit status: 0 ready, 2 something is missing and could not be installed.
set -u

want_clang=0 cc=clang
[ "${1:-}" = clang ] && want_clang=1 cc=${2:-clang}
[[ $cc =~ ^clang(-[0-9]+)?$ ]] ||
	{ echo "ensure-deps: '$cc' is not clang or clang-VERSION (e.g. clang-19)" >&2; exit 2; }

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(gcc)

clang_rt_ok() {
	# TSan, ASan and libFuzzer need the compiler-rt runtimes, not just clang.
	local dir
	dir=$("$cc" -print-resource-dir 2>/dev/null) || return 1
	ls "$dir"/lib/linux/libclang_rt.tsan-*.a >/dev/null 2>&1 &&
		ls "$dir"/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1
}
if [ $want_clang = 1 ]; then
	command -v "$cc" >/dev/null 2>&1 || missing+=("$cc")
	command -v "$cc" >/dev/null 2>&1 && ! clang_rt_ok && missing+=(libclang-rt-dev)
fi

[ ${#missing[@]} = 0 ] && exit 0

pkgs=()
for m in "${missing[@]}"; do
	case $m in
	libclang-rt-dev)
		ver=$("$cc" --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
		pkgs+=("libclang-rt-${ver:-14}-dev") ;;
	clang-[0-9]*)
		# Debian splits a versioned clang from its runtimes.
		pkgs+=("$m" "libclang-rt-${m#clang-}-dev") ;;
	*) pkgs+=("$m") ;;
	esac
done

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ensure-deps: installing ${pkgs[*]}" >&2
	if DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
	   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >&2; then
		exit 0
	fi
	echo "ensure-deps: apt-get install ${pkgs[*]} failed" >&2
	exit 2
fi

echo "ensure-deps: missing: ${missing[*]}; install them, e.g.: sudo apt-get install ${pkgs[*]}" >&2
exit 2
