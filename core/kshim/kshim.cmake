# SPDX-License-Identifier: GPL-2.0-only
#
# Units built on core/kshim/: the model's timer_migration.c
# (core/tmigr/model_tmigr.c) and every kernel tree's (kernel.cmake). Included
# from core/CMakeLists.txt once TMIGR_PLAIN_FLAGS is known.

set(KSHIM_DIR ${CMAKE_CURRENT_LIST_DIR} CACHE INTERNAL "")

# kshim_unit(TARGET SOURCE): an object library holding a wrapper unit around
# a timer_migration.c. Only such units see the shims: nothing else may find
# <linux/...> shadowed. In the plain-points flavour they are the code whose
# plain accesses become scheduling points.
function(kshim_unit target source)
  add_library(${target} OBJECT ${source})
  target_include_directories(${target} PRIVATE
    ${KSHIM_DIR}/api ${KSHIM_DIR}/stub ${KSHIM_DIR}/harness)
  if(TMIGR_PLAIN_POINTS)
    target_compile_options(${target} PRIVATE ${TMIGR_PLAIN_FLAGS})
    target_compile_definitions(${target} PRIVATE TMIGR_PLAIN_POINTS=1)
  endif()
endfunction()
