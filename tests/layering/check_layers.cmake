# check_layers.cmake: fails when an #include breaks the pipeline's direction.
#
#   cmake -DSOURCE_DIR=<checkout> -P tests/layering/check_layers.cmake
#
# The stages, in the order data flows through them (README "How it works"):
#   parsers → model → capture → flow → tls → x509 → diagnosis → report → pipeline → cli
# Rule 1: a file may include headers of its own stage and of earlier stages,
#         never of a later one.
# Rule 2: the vocabulary (model/) and what judges and prints (diagnosis/,
#         report/) see no parsing machinery, even indirectly: of parsers/ only
#         the value headers below, and nothing of capture/, flow/ or tls/.
cmake_minimum_required(VERSION 3.25)

set(stages parsers model capture flow tls x509 diagnosis report pipeline cli)
set(value_headers parsers/bytes.h parsers/ip_address.h parsers/tls_registry.h parsers/anomaly.h)

# stage_of(<path relative to SOURCE_DIR> <out rank>): -1 outside the tree's stages.
function(stage_of path out)
  set(rank -1)
  if(path MATCHES "^parsers/")
    set(rank 0)
  elseif(path MATCHES "^analyzer/([a-z0-9_]+)/")
    list(FIND stages "${CMAKE_MATCH_1}" rank)
  endif()
  set(${out} ${rank} PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/parsers/*.h" "${SOURCE_DIR}/parsers/*.cc"
     "${SOURCE_DIR}/analyzer/*.h" "${SOURCE_DIR}/analyzer/*.cc")
if(NOT sources)
  message(FATAL_ERROR "no sources under ${SOURCE_DIR}")
endif()

# includes_<file>: the project headers each file includes directly.
foreach(src IN LISTS sources)
  file(STRINGS "${SOURCE_DIR}/${src}" lines REGEX "^#include \"")
  set(deps "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^#include \"([^\"]+)\"")
      list(APPEND deps "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  set("includes_${src}" "${deps}")
endforeach()

set(violations "")
foreach(src IN LISTS sources)
  stage_of("${src}" from_rank)
  if(from_rank EQUAL -1)
    list(APPEND violations "${src}: not in any stage folder (${stages})")
    continue()
  endif()
  list(GET stages ${from_rank} from_stage)
  # Rule 1, direct includes.
  foreach(dep IN LISTS "includes_${src}")
    stage_of("${dep}" to_rank)
    if(to_rank EQUAL -1)
      list(APPEND violations "${src}: includes ${dep}, which belongs to no stage")
    elseif(to_rank GREATER from_rank)
      list(GET stages ${to_rank} to_stage)
      list(APPEND violations "${src}: includes ${dep}: ${from_stage} comes before ${to_stage}")
    endif()
  endforeach()
  # Rule 2, the transitive closure.
  if(from_stage STREQUAL "model" OR from_stage STREQUAL "diagnosis" OR from_stage STREQUAL "report")
    set(seen "")
    set(todo "${includes_${src}}")
    while(todo)
      list(POP_FRONT todo dep)
      if(dep IN_LIST seen)
        continue()
      endif()
      list(APPEND seen "${dep}")
      stage_of("${dep}" to_rank)
      set(forbidden FALSE)
      if(to_rank EQUAL 0 AND NOT dep IN_LIST value_headers)
        set(forbidden TRUE)
      elseif(to_rank GREATER_EQUAL 2 AND to_rank LESS_EQUAL 4)
        set(forbidden TRUE)
      endif()
      if(forbidden)
        list(APPEND violations "${src}: reaches ${dep}, and ${from_stage} must see no parser cursor, capture, reassembler or framer")
      endif()
      list(APPEND todo ${includes_${dep}})
    endwhile()
  endif()
endforeach()

if(violations)
  list(LENGTH violations count)
  list(JOIN violations "\n  " text)
  message(FATAL_ERROR "${count} include(s) against the pipeline's direction:\n  ${text}")
endif()
list(LENGTH sources count)
message(STATUS "layering: ${count} files, every include points back along the pipeline")
