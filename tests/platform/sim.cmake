# Tests of the power models, the CPU wrapper, the PSCI controller and the
# simulator executable (models/power, models/cpu/systemc, platform/sim).
# Included by tests/platform/CMakeLists.txt.
include(GoogleTest)
set(PSCISIM_SIM_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})

function(pscisim_sim_test name)
    cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${T_SOURCES})
    target_include_directories(${name} PRIVATE ${PSCISIM_SIM_TEST_DIR})
    target_link_libraries(${name} PRIVATE GTest::gtest ${T_LIBS})
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
        PROPERTIES ENVIRONMENT "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1" TIMEOUT 120)
endfunction()

if(TARGET model_power)
    pscisim_sim_test(test_power_domains SOURCES ${PSCISIM_SIM_TEST_DIR}/test_power_domains.cpp
                     LIBS model_power)
endif()

if(TARGET model_psci_controller)
    pscisim_sim_test(test_power_controller
                     SOURCES ${PSCISIM_SIM_TEST_DIR}/test_power_controller.cpp
                     LIBS model_psci_controller)
endif()
