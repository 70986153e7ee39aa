#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Build everything with clang: warnings are errors there too.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/ensure-deps.sh clang
test -f build-clang/CMakeCache.txt ||
	cmake -S . -B build-clang -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-clang -j "$(nproc 2>/dev/null || echo 2)"
