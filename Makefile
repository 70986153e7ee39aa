# SPDX-License-Identifier: GPL-2.0-only
#
# tmigr-torture front door. The build itself is CMake; this file only picks
# build directories and command lines.
#
#   make                      release build (build/)
#   make test                 build and run every test (ctest)
#   make stress N=64          60 s of tmigr-stress on 64 CPUs
#                             [SECONDS=60] [SEED=...] [VARIANT=fixed] [ARGS=...]
#                             [BACKEND=model|kernel] [KERNEL_SRC=DIR|TARBALL]
#   make stress-tsan N=64     the same under ThreadSanitizer (clang)
#   make test-asan            tests under ASan+UBSan (clang)
#   make test-tsan            tests under TSan (clang)
#   make test-plain           plain accesses as scheduling points (clang,
#                             build-plain/, the 6.10 fixture tree by default):
#                             finds the seed's race B on the real 6.10 file
#   make fuzz                 build the libFuzzer targets (ASan+UBSan) with
#                             clang-19 [FUZZ_CC=clang-19|clang|clang-NN]
#   make fuzz-run TARGET=tmigr_interleave SECONDS=600 [VARIANT=fixed] [BACKEND=model]
#   make diff                 model vs kernel backend on every corpus program
#                             (TARGET=tmigr_diff for make fuzz-run)
#   make bench                throughput figures (docs/BENCHMARKS.md)
#   make check-patch KERNEL_SRC=DIR|TARBALL [PATCH="FILE..."] [ARGS=--quick]
#                             pre-submission check of a tree (docs/patch-testing.md)
#   make campaign HOURS=8 JOBS=2 [MINUTES=] [VARIANT=fixed] [BACKEND=] [NAME=]
#                             overnight fuzzing, report in campaigns/NAME/
#   make fuzz-afl             the fuzz targets for AFL++ (build-afl/)
#   make clean                remove build*/ (campaigns/ and results/ are kept)
#   make distclean            also remove results/ (fuzzing corpora, crashes)

N        ?= 64
SECONDS  ?= 60
VARIANT  ?= fixed
BACKEND  ?= model
# The kernel tree of BACKEND=kernel (default: Debian's linux-source-6.12).
KERNEL_SRC ?=
SEED     ?=
ARGS     ?=
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
TARGET   ?= tmigr_interleave
# The fuzz targets' compiler. clang 19's libFuzzer finds an execution's rare
# features in a bitset (LLVM 18); clang 14's searched a list for each one,
# 12% of a tmigr_interleave run (docs/BENCHMARKS.md). FUZZ_CC=clang: the
# system's default clang.
FUZZ_CC  ?= clang-19

MAKEFLAGS += --no-print-directory

CMAKE    ?= cmake
CTEST    ?= ctest
STRESS_ARGS = -n '$(N)' -t '$(SECONDS)' --backend '$(BACKEND)' --variant '$(VARIANT)' $(if $(SEED),-s '$(SEED)') $(ARGS)

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

.PHONY: all build deps deps-clang deps-fuzz test test-plain stress stress-tsan test-asan test-tsan fuzz fuzz-run diff bench check-patch clean distclean help campaign fuzz-afl

all: build

help:
	@sed -n '3,29p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@tools/ensure-deps.sh

deps-clang:
	@tools/ensure-deps.sh clang

# $(call same_compiler,dir,compiler): a build dir configured with another
# compiler starts over (CMake cannot switch in place); build dirs keep no results.
define same_compiler
	@cc=$$(command -v '$(2)'); old=$$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' $(1)/CMakeCache.txt 2>/dev/null); \
	if [ -n "$$old" ] && [ "$$old" != "$$cc" ]; then \
	  echo "make: $(1)/ was configured with $$old; configuring it again with $$cc"; \
	  rm -rf $(1)/CMakeCache.txt $(1)/CMakeFiles; fi
endef

# $(call configure,dir,extra cmake args[,targets]). KERNEL_SRC= is probed
# first (one line and exit 2 for a tree the shims cannot build), then
# (re)configures and builds the targets (default: all).
define configure
	$(if $(KERNEL_SRC),@tools/kernel-tree.sh --check $(KERNEL_SRC) >/dev/null)
	@test -f $(1)/CMakeCache.txt $(if $(KERNEL_SRC),&& false) || $(CMAKE) -S . -B $(1) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(2) $(if $(KERNEL_SRC),-DTMIGR_KERNEL_SRC=$(abspath $(KERNEL_SRC))) >/dev/null
	@$(CMAKE) --build $(1) -j $(JOBS) $(if $(3),--target $(3))
endef

build: deps
	$(call configure,build,)

build-asan-dir: deps-clang
	$(call configure,build-asan,-DCMAKE_C_COMPILER=clang -DTMIGR_SANITIZE=address -DTMIGR_CHECK_INCREMENTAL=ON)

build-tsan-dir: deps-clang
	$(call configure,build-tsan,-DCMAKE_C_COMPILER=clang -DTMIGR_SANITIZE=thread)

test: build
	$(CTEST) --test-dir build --output-on-failure -j $(JOBS)
	@echo "make test: planted_race is skipped outside TSan builds (it checks that TSan sees a planted race): make test-tsan runs it"

test-asan: build-asan-dir
	$(CTEST) --test-dir build-asan --output-on-failure -j $(JOBS)

test-tsan: build-tsan-dir
	$(CTEST) --test-dir build-tsan --output-on-failure -j $(JOBS)

# The seed's 6.10 fixture (../shared/kernels/6.10) unless KERNEL_SRC= says otherwise.
PLAIN_TREE = $(if $(KERNEL_SRC),,$(if $(wildcard ../shared/kernels/6.10/kernel/time/timer_migration.c),-DTMIGR_KERNEL_SRC=$(abspath ../shared/kernels/6.10)))

test-plain: deps-clang
	$(call configure,build-plain,-DCMAKE_C_COMPILER=clang -DTMIGR_PLAIN_POINTS=ON $(PLAIN_TREE),tmigr-replay tmigr-search)
	$(CTEST) --test-dir build-plain --output-on-failure -R '^plain_points$$'

stress: build
	$(call run,tmigr-stress,build/stress/tmigr-stress $(STRESS_ARGS))

stress-tsan: build-tsan-dir
	$(call run,tmigr-stress,build-tsan/stress/tmigr-stress $(STRESS_ARGS))

deps-fuzz:
	@tools/ensure-deps.sh clang '$(FUZZ_CC)' || \
		{ echo "make fuzz: or build with the system's clang: make fuzz FUZZ_CC=clang" >&2; exit 2; }

fuzz: deps-fuzz
	$(call same_compiler,build-fuzz,$(FUZZ_CC))
	$(call configure,build-fuzz,-DCMAKE_C_COMPILER='$(FUZZ_CC)' -DTMIGR_SANITIZE=address -DTMIGR_FUZZ=ON)

fuzz-run: fuzz build
	$(call run,fuzz-run,TMIGR_BACKEND='$(BACKEND)' tools/fuzz-run.sh '$(TARGET)' '$(SECONDS)' '$(VARIANT)')

diff: build
	$(call run,tmigr-diff,build/tools/tmigr-diff corpus/programs/*.txt corpus/findings/*.txt)

bench: build fuzz
	tools/bench.sh

# Builds its own build-check-*/ directories; results in check-patch-results/.
check-patch: deps
	tools/check-patch $(foreach p,$(PATCH),--patch $(p)) $(ARGS) $(KERNEL_SRC)

HOURS   ?= 0
MINUTES ?= 0
campaign: fuzz build
	tools/campaign --hours $(HOURS) --minutes $(MINUTES) --jobs $(JOBS) --variant $(VARIANT) \
		$(if $(BACKEND),--backend $(BACKEND)) $(if $(NAME),--name $(NAME))

# AFL++ (Debian afl++): the same targets through afl-clang-fast, which
# takes -fsanitize=fuzzer and links its own driver.
fuzz-afl: deps
	@command -v afl-clang-fast >/dev/null || { echo "make fuzz-afl: afl-clang-fast not found (apt-get install afl++)"; exit 2; }
	@test -f build-afl/CMakeCache.txt || $(CMAKE) -S . -B build-afl -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_C_COMPILER=afl-clang-fast -DTMIGR_FUZZ=ON >/dev/null
	@$(CMAKE) --build build-afl -j $(JOBS) --target tmigr_interleave tmigr_hotplug

clean:
	rm -rf build build-*

distclean: clean
	@if [ -d results ]; then echo "distclean: removing results/ (fuzzing corpora and crash files):"; \
	  find results -maxdepth 3 -type d | sed 's/^/  /'; rm -rf results; fi
