# cncd_add_test(NAME <target> LABEL <unit|db|integration> SOURCES ... LIBS ...)
# One GoogleTest executable; each test case becomes a CTest test with the label.
function(cncd_add_test)
  cmake_parse_arguments(T "" "NAME;LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${T_NAME} PRIVATE CNCD_SOURCE_ROOT="${CMAKE_SOURCE_DIR}")
  gtest_discover_tests(${T_NAME} PROPERTIES LABELS ${T_LABEL} DISCOVERY_TIMEOUT 60)
endfunction()
