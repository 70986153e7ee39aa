#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only
#
# Build every fuzz target the way OSS-Fuzz and ClusterFuzzLite do: with the
# compiler and flags they give ($CC, $CFLAGS: sanitizer and coverage flags),
# linked with their engine ($LIB_FUZZING_ENGINE: -fsanitize=fuzzer for
# libFuzzer, a driver library for AFL++ and others), installed into $OUT
# with <target>.options, <target>.dict and <target>_seed_corpus.zip.
#
# Also run outside Docker by CI/cfl-build-smoke.sh with those variables set.
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WORK:-/tmp}/tmigr-torture-build
: "${CC:?}" "${CFLAGS:?}" "${LIB_FUZZING_ENGINE:?}" "${OUT:?}"

# Build type "OSSFuzz" adds no flags of its own: $CFLAGS decides.
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=OSSFuzz -DCMAKE_C_COMPILER="$CC" \
	-DCMAKE_C_FLAGS="$CFLAGS" -DTMIGR_FUZZ=ON -DTMIGR_FUZZ_ENGINE="$LIB_FUZZING_ENGINE"
targets=$(cd "$src/fuzz" && ls *.options | sed 's/\.options$//')
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc)" --target $targets

for t in $targets; do
	cp "$build/fuzz/$t" "$OUT/"
	cp "$src/fuzz/$t.options" "$src/fuzz/$t.dict" "$OUT/"
	python3 - "$OUT/${t}_seed_corpus.zip" "$src/corpus/$t" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for f in sorted(os.listdir(sys.argv[2])):
        z.write(os.path.join(sys.argv[2], f), f)
PY
done
