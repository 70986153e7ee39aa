# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel backend: a real tree's kernel/time/timer_migration.c built on
# core/kshim/. Included from core/CMakeLists.txt after tmigr_core and
# kshim.cmake.
#
#   -DTMIGR_KERNEL_SRC=DIR|TARBALL   the tree (git checkout, unpacked tarball,
#                                    or a linux-source tarball)
#   (unset)                          Debian's linux-source-6.12 when installed
#   -DTMIGR_KERNEL_SRC=OFF           no kernel backend
#   -DTMIGR_SHARED_KERNELS=DIR       the fixture trees for the version matrix
#                                    tests (default ../shared/kernels beside
#                                    the source tree)
#
# tools/kernel-tree.sh probes a tree's API and stages its two files into the
# build dir (extracting a tarball only when it changed); an unsupported tree
# stops here with its one-line reason, before any compiler runs.

set(TMIGR_KERNEL_SRC "" CACHE STRING
    "Kernel tree for the kernel backend (dir or tarball); empty: Debian's linux-source-6.12 if installed; OFF: none")
set(TMIGR_KERNEL_DEFAULT_TARBALL /usr/src/linux-source-6.12.tar.xz)
get_filename_component(_kshared_default "${PROJECT_SOURCE_DIR}/../shared/kernels" ABSOLUTE)
set(TMIGR_SHARED_KERNELS "${_kshared_default}" CACHE PATH
    "Fixture kernel trees (6.10, 6.18, newest) for the version matrix tests")

# tmigr_kernel_stage(LABEL SRC FATAL OUTVAR): stage tree SRC under the build
# dir; OUTVAR gets the stage dir, or "" and OUTVAR_WHY the probe's one line.
# FATAL: an unsupported tree stops the configuration.
function(tmigr_kernel_stage label src fatal outvar)
  get_filename_component(src "${src}" ABSOLUTE BASE_DIR ${CMAKE_SOURCE_DIR})
  set(stage ${CMAKE_BINARY_DIR}/kernel-tree${label})
  if(IS_DIRECTORY "${src}")
    set(deps ${src}/kernel/time/timer_migration.c ${src}/kernel/time/timer_migration.h)
  else()
    set(deps ${src})
  endif()
  set(key "${src}")
  foreach(f ${deps})
    if(EXISTS ${f})
      file(TIMESTAMP ${f} ts "%s")
      string(APPEND key "|${ts}")
      # Reconfigure (and restage) when the developer edits the tree.
      set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${f})
    endif()
  endforeach()

  set(cvar TMIGR_KERNEL_STAGED${label})
  if(NOT key STREQUAL "${${cvar}}" OR NOT EXISTS ${stage}/kshim_tree.h)
    execute_process(COMMAND sh ${PROJECT_SOURCE_DIR}/tools/kernel-tree.sh ${src} ${stage}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_STRIP_TRAILING_WHITESPACE)
    if(rc EQUAL 0)
      set(${cvar} "${key}" CACHE INTERNAL "staged kernel tree")
      set(${cvar}_LINE "${out}" CACHE INTERNAL "")
    else()
      unset(${cvar} CACHE)
      file(REMOVE ${stage}/kshim_tree.h)
      if(fatal)
        message(FATAL_ERROR "${err}")
      endif()
      set(${outvar}_WHY "${err}" PARENT_SCOPE)
    endif()
  endif()
  if(EXISTS ${stage}/kshim_tree.h)
    set(${outvar} ${stage} PARENT_SCOPE)
    message(STATUS "kernel backend${label}: ${${cvar}_LINE}")
  else()
    set(${outvar} "" PARENT_SCOPE)
  endif()
endfunction()

# tmigr_kernel_unit(TARGET STAGE SUFFIX): a kshim unit (kshim.cmake) holding
# the staged tree's file; its backend is tmigr_kernel_tree_backend<SUFFIX>.
# The stage dir gives kshim_tree.h and the file, never the tree's headers.
function(tmigr_kernel_unit target stage suffix)
  kshim_unit(${target} ${KSHIM_DIR}/kernel_tmigr.c)
  target_include_directories(${target} PRIVATE ${stage})
  target_compile_definitions(${target} PRIVATE KSHIM_SUFFIX=${suffix})
endfunction()

set(_ksrc "${TMIGR_KERNEL_SRC}")
set(_kexplicit ON)
if(_ksrc STREQUAL "")
  set(_kexplicit OFF)
  if(EXISTS ${TMIGR_KERNEL_DEFAULT_TARBALL})
    set(_ksrc ${TMIGR_KERNEL_DEFAULT_TARBALL})
  endif()
endif()

set(_kstage "")
set(_kwhy "no tree: install linux-source-6.12 or configure with -DTMIGR_KERNEL_SRC=DIR")
if(_ksrc STREQUAL "OFF")
  set(_kwhy "configured with -DTMIGR_KERNEL_SRC=OFF")
elseif(_ksrc)
  tmigr_kernel_stage("" "${_ksrc}" ${_kexplicit} _kstage)
  if(_kstage_WHY)
    set(_kwhy "${_kstage_WHY}")
  endif()
endif()

if(_kstage)
  tmigr_kernel_unit(tmigr_kernel ${_kstage} "")
  target_sources(tmigr_core PRIVATE $<TARGET_OBJECTS:tmigr_kernel>)
  set_source_files_properties(tmigr/backend.c PROPERTIES COMPILE_DEFINITIONS TMIGR_HAVE_KERNEL)
  set(TMIGR_HAVE_KERNEL ON CACHE INTERNAL "")
  set(TMIGR_KERNEL_WHY "" CACHE INTERNAL "")
else()
  message(STATUS "kernel backend: off (${_kwhy})")
  set(TMIGR_HAVE_KERNEL OFF CACHE INTERNAL "")
  set(TMIGR_KERNEL_WHY "${_kwhy}" CACHE INTERNAL "")
endif()
