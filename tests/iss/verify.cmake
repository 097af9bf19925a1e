# ISS verification: differential testing against Unicorn, the fuzz target and the
# ISS-versus-Unicorn benchmark. Included by tests/iss/CMakeLists.txt (OPTIONAL), so
# the ISS unit tests do not depend on it. See docs/iss-verification.md.
pkg_check_modules(UNICORN REQUIRED IMPORTED_TARGET unicorn)

set(_iss_verify_dir ${CMAKE_CURRENT_LIST_DIR})

add_library(iss_unicorn_oracle STATIC ${_iss_verify_dir}/unicorn_oracle.c)
target_include_directories(iss_unicorn_oracle PUBLIC ${_iss_verify_dir})
target_link_libraries(iss_unicorn_oracle PUBLIC PkgConfig::UNICORN)

# Differential test: >= 1M instructions in the normal build; the sanitized build
# runs a shorter stream (Unicorn itself is not instrumented, the ISS is ~3x slower).
add_executable(unicorn-diff ${_iss_verify_dir}/unicorn_diff.c ${_iss_verify_dir}/unicorn_diff_fp.c)
target_link_libraries(unicorn-diff PRIVATE a64 iss_unicorn_oracle)
# unicorn_diff_fp.c checks the private FP core (a64_fpu.h) directly.
target_include_directories(unicorn-diff PRIVATE ${_iss_verify_dir}/../../models/cpu/src)
if(PSCISIM_SANITIZE)
    set(_iss_diff_count 300000)
else()
    set(_iss_diff_count 1000000)
endif()
add_test(NAME iss_unicorn_diff COMMAND unicorn-diff --count ${_iss_diff_count} --seed 1)
set_tests_properties(iss_unicorn_diff PROPERTIES LABELS "iss;diff" TIMEOUT 300)

# Differential test of stage-1 translation: random tables and load/store streams at
# EL0/EL1 (a short run here; docs/iss-verification.md has the long one).
add_executable(unicorn-diff-mmu ${_iss_verify_dir}/unicorn_diff_mmu.c)
target_link_libraries(unicorn-diff-mmu PRIVATE a64 iss_unicorn_oracle)
add_test(NAME iss_unicorn_diff_mmu COMMAND unicorn-diff-mmu --trials 1000 --seed 1)
set_tests_properties(iss_unicorn_diff_mmu PROPERTIES LABELS "iss;diff" TIMEOUT 300)

# Fuzz target: random instruction words and state, bounded budget, MMIO callbacks.
pscisim_add_fuzz_target(fuzz_iss SOURCES ${_iss_verify_dir}/fuzz_iss.c LIBS a64 RUNS 20000)
# Random translation tables and controls with stage 1 on (memory system).
pscisim_add_fuzz_target(fuzz_mmu SOURCES ${_iss_verify_dir}/fuzz_mmu.c LIBS a64 RUNS 5000)

# Benchmark: the same loops on the ISS and on Unicorn. ctest only checks that it
# runs and that both engines end in the same state (no speed assertion).
add_executable(iss-bench ${_iss_verify_dir}/iss_bench.c)
target_link_libraries(iss-bench PRIVATE a64 iss_unicorn_oracle)
add_test(NAME iss_bench_short COMMAND iss-bench --iterations 20000)
set_tests_properties(iss_bench_short PROPERTIES LABELS "iss;bench" TIMEOUT 120)
