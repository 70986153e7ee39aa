# SPDX-License-Identifier: GPL-2.0-only
#
# tmigr-torture front door. The build itself is CMake; this file only picks
# build directories and command lines.
#
#   make                      release build (build/)
#   make test                 build and run every test (ctest)
#   make stress N=64          60 s of tmigr-stress on 64 CPUs
#                             [SECONDS=60] [SEED=...] [VARIANT=fixed] [ARGS=...]
#   make stress-tsan N=64     the same under ThreadSanitizer (clang)
#   make test-asan            tests under ASan+UBSan (clang)
#   make test-tsan            tests under TSan (clang)
#   make fuzz                 build the libFuzzer targets (clang, ASan+UBSan)
#   make fuzz-run TARGET=tmigr_interleave SECONDS=600 [VARIANT=fixed]
#   make bench                throughput figures (docs/BENCHMARKS.md)
#   make clean                remove build*/ (results/ is kept)
#   make distclean            also remove results/ (fuzzing corpora, crashes)

N        ?= 64
SECONDS  ?= 60
VARIANT  ?= fixed
SEED     ?=
ARGS     ?=
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
TARGET   ?= tmigr_interleave

MAKEFLAGS += --no-print-directory

CMAKE    ?= cmake
CTEST    ?= ctest
STRESS_ARGS = -n '$(N)' -t '$(SECONDS)' --variant '$(VARIANT)' $(if $(SEED),-s '$(SEED)') $(ARGS)

# A variable given empty (N=) would shift the arguments after it: refuse it.
nonempty = $(if $(strip $($(1))),,$(error $(1) is empty; give it a value or leave it out))
ifneq ($(filter stress stress-tsan fuzz-run,$(MAKECMDGOALS)),)
$(foreach v,N SECONDS VARIANT TARGET JOBS,$(call nonempty,$(v)))
endif

# $(call run,TOOL,COMMAND): run a tool through make. GNU make itself can only
# exit 0 or 2, so a failing tool's own status is said in the last line, with
# the command that gives it directly (scripts call the tools, not make).
define run
	@$(2) || { rc=$$?; \
	  case $$rc in 1) why=violation;; 2) why="bad usage or input";; 130) why=SIGINT;; 143) why=SIGTERM;; *) why="see the table in README.md";; esac; \
	  echo "make: $(1) exited $$rc ($$why); make's own status is 2. For the tool's status run: $(2)" >&2; \
	  exit $$rc; }
endef

.PHONY: all build deps deps-clang test stress stress-tsan test-asan test-tsan fuzz fuzz-run bench clean distclean help

all: build

help:
	@sed -n '3,18p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@tools/ensure-deps.sh

deps-clang:
	@tools/ensure-deps.sh clang

# $(call configure,dir,extra cmake args)
define configure
	@test -f $(1)/CMakeCache.txt || $(CMAKE) -S . -B $(1) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(2) >/dev/null
	@$(CMAKE) --build $(1) -j $(JOBS)
endef

build: deps
	$(call configure,build,)

build-asan-dir: deps-clang
	$(call configure,build-asan,-DCMAKE_C_COMPILER=clang -DTMIGR_SANITIZE=address)

build-tsan-dir: deps-clang
	$(call configure,build-tsan,-DCMAKE_C_COMPILER=clang -DTMIGR_SANITIZE=thread)

test: build
	$(CTEST) --test-dir build --output-on-failure -j $(JOBS)
	@echo "make test: planted_race is skipped outside TSan builds (it checks that TSan sees a planted race): make test-tsan runs it"

test-asan: build-asan-dir
	$(CTEST) --test-dir build-asan --output-on-failure -j $(JOBS)

test-tsan: build-tsan-dir
	$(CTEST) --test-dir build-tsan --output-on-failure -j $(JOBS)

stress: build
	$(call run,tmigr-stress,build/stress/tmigr-stress $(STRESS_ARGS))

stress-tsan: build-tsan-dir
	$(call run,tmigr-stress,build-tsan/stress/tmigr-stress $(STRESS_ARGS))

fuzz: deps-clang
	$(call configure,build-fuzz,-DCMAKE_C_COMPILER=clang -DTMIGR_SANITIZE=address -DTMIGR_FUZZ=ON)

fuzz-run: fuzz build
	$(call run,fuzz-run,tools/fuzz-run.sh '$(TARGET)' '$(SECONDS)' '$(VARIANT)')

bench: build fuzz
	tools/bench.sh

clean:
	rm -rf build build-*

distclean: clean
	@if [ -d results ]; then echo "distclean: removing results/ (fuzzing corpora and crash files):"; \
	  find results -maxdepth 3 -type d | sed 's/^/  /'; rm -rf results; fi
