# Tests of the simulator executable (platform/sim): end-to-end runs of small guests
# and the benchmark guests. Included by tests/platform/CMakeLists.txt. (The power
# models, CPU wrapper and PSCI controller are tested in tests/models/.)
include(GoogleTest)
set(PSCISIM_SIM_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})

# End-to-end tests of the pscisim executable with small hand-written guests
# (assembled here) and, when the guest software is built, the demo. A function keeps
# the helper variables local.
function(pscisim_add_sim_run_tests)
    set(_guest_dir ${CMAKE_CURRENT_BINARY_DIR}/sim-guests)
    file(MAKE_DIRECTORY ${_guest_dir})
    set(_guest_elfs)
    foreach(g exit42 unmapped undef spin simexit sysoff psci_garbage sysoff_hvc reset bootregs
              pwrregs reset_standby reset_mmio reset_devices guest_errors console
              suspend_cluster timer_far wfi_forever semihost_elapsed semihost_heapinfo
              psci_calls_20k psci_calls_200k on_then_calls hang_secondary
              fvp_exit42 fvp_el3 fvp_el3_reboot fvp_pponr fvp_fw_psci fvp_secure
              fvp_gic_groups fvp_uarts fvp_dram2 fvp_memprotect fvp_memprotect_control
              fvp_reset_devices fvp_pponr_emulated load_check)
        set(_src ${g})
        set(_defs)
        set(_ld ${PSCISIM_SIM_TEST_DIR}/guests/guest.ld)
        # Guests for the fvp machine link in its DRAM.
        if(g MATCHES "^fvp_")
            set(_ld ${PSCISIM_SIM_TEST_DIR}/guests/guest_fvp.ld)
        endif()
        if(g STREQUAL "fvp_exit42")
            set(_src exit42)
        endif()
        if(g STREQUAL "fvp_memprotect_control")
            set(_src fvp_memprotect)
            set(_defs -DNO_PROTECT)
        endif()
        if(g STREQUAL "fvp_el3_reboot")
            set(_src fvp_el3)
            set(_defs -DREBOOT)
        endif()
        if(g STREQUAL "sysoff_hvc")
            set(_src sysoff)
            set(_defs -DUSE_HVC)
        elseif(g STREQUAL "semihost_elapsed")
            set(_src semihost_badblock)
        elseif(g STREQUAL "semihost_heapinfo")
            set(_src semihost_badblock)
            set(_defs -DHEAPINFO)
        elseif(g STREQUAL "psci_calls_20k")
            set(_src bench_psci)
            set(_defs -DCALLS=20000)
        elseif(g STREQUAL "psci_calls_200k")
            set(_src bench_psci)
            set(_defs -DCALLS=200000)
        endif()
        add_custom_command(OUTPUT ${_guest_dir}/${g}.elf
            COMMAND ${PSCISIM_AARCH64_GCC} -nostdlib -nostartfiles -static
                    -Wl,--build-id=none -Wl,-T,${_ld} ${_defs}
                    -o ${_guest_dir}/${g}.elf ${PSCISIM_SIM_TEST_DIR}/guests/${_src}.S
            DEPENDS ${PSCISIM_SIM_TEST_DIR}/guests/${_src}.S ${_ld}
                    ${PSCISIM_SIM_TEST_DIR}/guests/semihost_exit.inc
                    ${PSCISIM_SIM_TEST_DIR}/guests/system_reset.inc
                    ${PSCISIM_SIM_TEST_DIR}/guests/pl011_setup.inc
            COMMENT "Assembling test guest ${g}")
        list(APPEND _guest_elfs ${_guest_dir}/${g}.elf)
    endforeach()
    add_custom_target(sim_test_guests DEPENDS ${_guest_elfs})

    add_executable(test_sim_run ${PSCISIM_SIM_TEST_DIR}/test_sim_run.cpp)
    target_link_libraries(test_sim_run PRIVATE GTest::gtest_main nlohmann_json::nlohmann_json)
    set(_tmp ${CMAKE_CURRENT_BINARY_DIR}/sim-tmp)
    file(MAKE_DIRECTORY ${_tmp})
    target_compile_definitions(test_sim_run PRIVATE
        PSCISIM_BIN="$<TARGET_FILE:pscisim>"
        PSCISIM_GUEST_DIR="${_guest_dir}"
        PSCISIM_TEST_TMP="${_tmp}")
    if(PSCISIM_SW_DIR)
        target_compile_definitions(test_sim_run PRIVATE
            PSCISIM_DEMO_ELF="${PSCISIM_SW_DIR}/demo/demo-smc.elf")
        if(TARGET sw)
            add_dependencies(test_sim_run sw)
        endif()
    endif()
    add_dependencies(test_sim_run sim_test_guests pscisim)
    gtest_discover_tests(test_sim_run DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)

    # --kernel/--initrd/--append/--dtb with a synthetic arm64 Image (issue 11).
    add_executable(test_linux_boot ${PSCISIM_SIM_TEST_DIR}/test_linux_boot.cpp)
    target_link_libraries(test_linux_boot PRIVATE GTest::gtest_main ${LIBFDT_LIBRARY} ZLIB::ZLIB)
    target_compile_definitions(test_linux_boot PRIVATE PSCISIM_BIN="$<TARGET_FILE:pscisim>"
        PSCISIM_TEST_TMP="${_tmp}")
    add_dependencies(test_linux_boot pscisim)
    gtest_discover_tests(test_linux_boot DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 120)

    # The machine table against the bus map and the device tree; system reset.
    add_executable(test_machine ${PSCISIM_SIM_TEST_DIR}/test_machine.cpp)
    target_include_directories(test_machine PRIVATE ${PROJECT_SOURCE_DIR}/tests/models)
    target_link_libraries(test_machine PRIVATE GTest::gtest pscisim_sim ${LIBFDT_LIBRARY})
    gtest_discover_tests(test_machine DISCOVERY_TIMEOUT 60
        PROPERTIES ENVIRONMENT "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1" TIMEOUT 120)
    target_compile_definitions(test_machine PRIVATE PSCISIM_GUEST_DIR="${_guest_dir}"
                               PSCISIM_TINY_ELF="${TINY_ELF}"
                               PSCISIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    add_dependencies(test_machine sim_test_guests platform_tiny_elf)

    # The guest-error log through the executable.
    add_executable(test_machine_guest_log ${PSCISIM_SIM_TEST_DIR}/test_machine_guest_log.cpp)
    target_link_libraries(test_machine_guest_log PRIVATE GTest::gtest_main)
    target_compile_definitions(test_machine_guest_log PRIVATE PSCISIM_BIN="$<TARGET_FILE:pscisim>"
                               PSCISIM_GUEST_DIR="${_guest_dir}" PSCISIM_TEST_TMP="${_tmp}")
    add_dependencies(test_machine_guest_log sim_test_guests pscisim)
    gtest_discover_tests(test_machine_guest_log DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 120)

    # Issue 15: the executable against hostile inputs, outputs and guests.
    add_executable(test_sim_robust ${PSCISIM_SIM_TEST_DIR}/test_sim_robust.cpp)
    target_link_libraries(test_sim_robust PRIVATE GTest::gtest_main nlohmann_json::nlohmann_json)
    target_compile_definitions(test_sim_robust PRIVATE
        PSCISIM_BIN="$<TARGET_FILE:pscisim>"
        PSCISIM_GUEST_DIR="${_guest_dir}"
        PSCISIM_TEST_TMP="${_tmp}")
    if(PSCISIM_SW_DIR)
        target_compile_definitions(test_sim_robust PRIVATE
            PSCISIM_DEMO_ELF="${PSCISIM_SW_DIR}/demo/demo-smc.elf")
        if(TARGET sw)
            add_dependencies(test_sim_robust sw)
        endif()
    endif()
    add_dependencies(test_sim_robust sim_test_guests pscisim)
    gtest_discover_tests(test_sim_robust DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()
pscisim_add_sim_run_tests()

# Benchmark guests (scripts/bench.sh): the compute loop alone, with 7 suspended
# cores and on 8 cores, and a PSCI_VERSION storm; full and short (CI) sizes.
function(pscisim_add_bench_guests)
    set(_bench_dir ${CMAKE_BINARY_DIR}/bench)
    file(MAKE_DIRECTORY ${_bench_dir})
    set(_bench_elfs)
    foreach(size full short)
        if(size STREQUAL "full")
            set(_iters 20000000)
            set(_calls 1000000)
        else()
            set(_iters 1000000)
            set(_calls 50000)
        endif()
        foreach(mode 0 1 2)
            set(_out ${_bench_dir}/bench-compute-m${mode}-${size}.elf)
            add_custom_command(OUTPUT ${_out}
                COMMAND ${PSCISIM_AARCH64_GCC} -nostdlib -nostartfiles -static
                        -Wl,--build-id=none -Wl,-T,${PSCISIM_SIM_TEST_DIR}/guests/guest.ld
                        -DMODE=${mode} -DITERS=${_iters}
                        -o ${_out} ${PSCISIM_SIM_TEST_DIR}/guests/bench_compute.S
                DEPENDS ${PSCISIM_SIM_TEST_DIR}/guests/bench_compute.S
                COMMENT "Assembling benchmark guest bench-compute-m${mode}-${size}")
            list(APPEND _bench_elfs ${_out})
        endforeach()
        set(_out ${_bench_dir}/bench-psci-${size}.elf)
        add_custom_command(OUTPUT ${_out}
            COMMAND ${PSCISIM_AARCH64_GCC} -nostdlib -nostartfiles -static
                    -Wl,--build-id=none -Wl,-T,${PSCISIM_SIM_TEST_DIR}/guests/guest.ld
                    -DCALLS=${_calls} -o ${_out} ${PSCISIM_SIM_TEST_DIR}/guests/bench_psci.S
            DEPENDS ${PSCISIM_SIM_TEST_DIR}/guests/bench_psci.S
            COMMENT "Assembling benchmark guest bench-psci-${size}")
        list(APPEND _bench_elfs ${_out})
    endforeach()
    # One call only: the start-up and SYSTEM_OFF cost subtracted from (b).
    set(_out ${_bench_dir}/bench-psci-base.elf)
    add_custom_command(OUTPUT ${_out}
        COMMAND ${PSCISIM_AARCH64_GCC} -nostdlib -nostartfiles -static
                -Wl,--build-id=none -Wl,-T,${PSCISIM_SIM_TEST_DIR}/guests/guest.ld
                -DCALLS=1 -o ${_out} ${PSCISIM_SIM_TEST_DIR}/guests/bench_psci.S
        DEPENDS ${PSCISIM_SIM_TEST_DIR}/guests/bench_psci.S
        COMMENT "Assembling benchmark guest bench-psci-base")
    list(APPEND _bench_elfs ${_out})
    add_custom_target(bench_guests ALL DEPENDS ${_bench_elfs})
endfunction()
pscisim_add_bench_guests()

# The short benchmark guests must run to SYSTEM_OFF (timing goals are checked by
# scripts/bench.sh, not here: host time is noisy on shared CI machines).
foreach(t "m0;1x1" "m1;2x4" "m2;2x4")
    list(GET t 0 _m)
    list(GET t 1 _topo)
    add_test(NAME sim.bench_compute_${_m}_short
             COMMAND pscisim -q --topology ${_topo} ${CMAKE_BINARY_DIR}/bench/bench-compute-${_m}-short.elf)
    set_tests_properties(sim.bench_compute_${_m}_short PROPERTIES TIMEOUT 120 LABELS bench)
endforeach()
add_test(NAME sim.bench_psci_short
         COMMAND pscisim -q --topology 1x1 ${CMAKE_BINARY_DIR}/bench/bench-psci-short.elf)
set_tests_properties(sim.bench_psci_short PROPERTIES TIMEOUT 120 LABELS bench)
