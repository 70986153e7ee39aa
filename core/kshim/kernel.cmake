# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel backend: a real tree's kernel/time/timer_migration.c built on
# core/kshim/. Included from core/CMakeLists.txt after tmigr_core exists.
#
#   -DTMIGR_KERNEL_SRC=DIR|TARBALL   the tree (git checkout, unpacked tarball,
#                                    or a linux-source tarball)
#   (unset)                          Debian's linux-source-6.12 when installed
#   -DTMIGR_KERNEL_SRC=OFF           no kernel backend
#
# tools/kernel-tree.sh probes the tree's API and stages the two files into
# the build dir (extracting a tarball only when it changed); an unsupported
# tree stops here with its one-line reason, before any compiler runs.

set(TMIGR_KERNEL_SRC "" CACHE STRING
    "Kernel tree for the kernel backend (dir or tarball); empty: Debian's linux-source-6.12 if installed; OFF: none")
set(TMIGR_KERNEL_DEFAULT_TARBALL /usr/src/linux-source-6.12.tar.xz)

set(TMIGR_HAVE_KERNEL OFF)
set(TMIGR_KERNEL_TREE "")
set(_ksrc "${TMIGR_KERNEL_SRC}")
set(_kexplicit ON)
if(_ksrc STREQUAL "")
  set(_kexplicit OFF)
  if(EXISTS ${TMIGR_KERNEL_DEFAULT_TARBALL})
    set(_ksrc ${TMIGR_KERNEL_DEFAULT_TARBALL})
  endif()
endif()

if(_ksrc AND NOT _ksrc STREQUAL "OFF")
  get_filename_component(_ksrc "${_ksrc}" ABSOLUTE BASE_DIR ${CMAKE_SOURCE_DIR})
  set(_kstage ${CMAKE_BINARY_DIR}/kernel-tree)
  if(IS_DIRECTORY "${_ksrc}")
    set(_kdeps ${_ksrc}/kernel/time/timer_migration.c ${_ksrc}/kernel/time/timer_migration.h)
  else()
    set(_kdeps ${_ksrc})
  endif()
  set(_kkey "${_ksrc}")
  foreach(_f ${_kdeps})
    if(EXISTS ${_f})
      file(TIMESTAMP ${_f} _ts "%s")
      string(APPEND _kkey "|${_ts}")
      # Reconfigure (and restage) when the developer edits the tree.
      set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_f})
    endif()
  endforeach()

  if(NOT _kkey STREQUAL "${TMIGR_KERNEL_STAGED}" OR NOT EXISTS ${_kstage}/kshim_tree.h)
    execute_process(COMMAND sh ${CMAKE_SOURCE_DIR}/tools/kernel-tree.sh ${_ksrc} ${_kstage}
                    RESULT_VARIABLE _krc OUTPUT_VARIABLE _kout ERROR_VARIABLE _kerr
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_STRIP_TRAILING_WHITESPACE)
    if(_krc EQUAL 0)
      set(TMIGR_KERNEL_STAGED "${_kkey}" CACHE INTERNAL "staged kernel tree")
      set(TMIGR_KERNEL_STAGED_LINE "${_kout}" CACHE INTERNAL "")
    else()
      unset(TMIGR_KERNEL_STAGED CACHE)
      file(REMOVE ${_kstage}/kshim_tree.h)
      if(_kexplicit)
        message(FATAL_ERROR "${_kerr}")
      endif()
      message(STATUS "kernel backend: off (${_kerr})")
    endif()
  endif()

  if(EXISTS ${_kstage}/kshim_tree.h)
    set(TMIGR_HAVE_KERNEL ON)
    set(TMIGR_KERNEL_TREE "${_ksrc}")
    message(STATUS "kernel backend: ${TMIGR_KERNEL_STAGED_LINE}")
  endif()
elseif(NOT _ksrc)
  message(STATUS "kernel backend: off (no tree: install linux-source-6.12 or pass -DTMIGR_KERNEL_SRC=DIR)")
endif()

if(TMIGR_HAVE_KERNEL)
  set(_kshim ${CMAKE_CURRENT_SOURCE_DIR}/kshim)
  target_sources(tmigr_core PRIVATE kshim/kernel_tmigr.c)
  # The shims, and the staged tree, only for the unit that includes the
  # tree's file: nothing else may see <linux/...> shadowed.
  set_source_files_properties(kshim/kernel_tmigr.c PROPERTIES
    INCLUDE_DIRECTORIES "${_kshim}/api;${_kshim}/stub;${_kshim}/harness;${_kstage}")
  set_source_files_properties(tmigr/backend.c PROPERTIES COMPILE_DEFINITIONS TMIGR_HAVE_KERNEL)
endif()
