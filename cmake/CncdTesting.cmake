# cncd_add_test(NAME <target> LABEL <unit|db|integration> SOURCES ... LIBS ...)
# One GoogleTest executable run as one CTest test, so a suite's expensive fixture (a database
# with the reference data and the demo, a running server) is built once per executable.
function(cncd_add_test)
  cmake_parse_arguments(T "" "NAME;LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${T_NAME} PRIVATE CNCD_SOURCE_ROOT="${CMAKE_SOURCE_DIR}")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} --gtest_brief=1)
  set_tests_properties(${T_NAME} PROPERTIES LABELS ${T_LABEL})
endfunction()
