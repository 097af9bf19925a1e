#!/usr/bin/env bash
# ctest: install pscisim into a temporary prefix and build out-of-tree users against it:
#   - a C program using only the PSCI library, through pkg-config and through CMake
#     (find_package(pscisim COMPONENTS psci) -> pscisim::psci);
#   - a SystemC top using the PSCI controller and power domains (pscisim::models) with
#     its own core stub; it asserts the simulated times of a CPU_SUSPEND;
#   - the installed pscisim and pscisim-sweep (which finds the installed pscisim by itself).
# Usage: test_install.sh CMAKE GENERATOR C_COMPILER CXX_COMPILER BUILD_DIR SOURCE_DIR GUEST_ELF
#                        [FLAGS]
# FLAGS (one argument) go to every consumer compile and link: a sanitizer build installs
# instrumented libraries, so its consumers need -fsanitize=... too.
set -euo pipefail
cmake=$1 gen=$2 cc=$3 cxx=$4 build=$5 src=$6 guest=$7 flags=${8:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pscisim-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
passed=0 failed=0
check() { # check "what" command...
    local what=$1; shift
    if "$@" >"$tmp/out.log" 2>&1; then
        echo "PASS: $what"; passed=$((passed + 1))
    else
        echo "FAIL: $what"; sed 's/^/    /' "$tmp/out.log" | tail -n 30; failed=$((failed + 1))
    fi
}

check "cmake --install into a temporary prefix" "$cmake" --install "$build" --prefix "$prefix"
for f in bin/pscisim bin/pscisim-sweep include/psci/psci.h lib/pkgconfig/pscisim-psci.pc \
         lib/cmake/pscisim/pscisimConfig.cmake include/pscisim/models/power/psci_controller.h \
         include/pscisim/models/power/core_if.h lib/pscisim/python/pscisim_sweep/cli.py; do
    check "installed $f" test -f "$prefix/$f"
done

c_src=$src/tests/install/psci_consumer/psci_consumer.c
check "pkg-config: build the C consumer" sh -c \
    "PKG_CONFIG_PATH='$prefix/lib/pkgconfig' && export PKG_CONFIG_PATH &&
     '$cc' -std=c11 -Wall -Wextra -Werror $flags '$c_src' -o '$tmp/psci_pc' \
         \$(pkg-config --cflags --libs pscisim-psci)"
check "pkg-config: the C consumer passes its checks" "$tmp/psci_pc"
check "pkg-config: version is the project's" sh -c \
    "PKG_CONFIG_PATH='$prefix/lib/pkgconfig' pkg-config --modversion pscisim-psci | grep -qx '[0-9.]*'"

check "CMake: configure the C consumer (COMPONENTS psci)" "$cmake" -G "$gen" \
    -S "$src/tests/install/psci_consumer" -B "$tmp/psci_cmake" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_PREFIX_PATH="$prefix"
check "CMake: build the C consumer" "$cmake" --build "$tmp/psci_cmake"
check "CMake: the C consumer passes its checks" "$tmp/psci_cmake/psci_consumer"

check "CMake: configure the SystemC consumer (pscisim::models)" "$cmake" -G "$gen" \
    -S "$src/tests/install/models_consumer" -B "$tmp/models_cmake" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_PREFIX_PATH="$prefix"
check "CMake: build the SystemC consumer" "$cmake" --build "$tmp/models_cmake"
check "SystemC consumer: CPU_SUSPEND timed as the model says" "$tmp/models_cmake/models_consumer"

check "installed pscisim runs" sh -c "'$prefix/bin/pscisim' --version | grep -q '^pscisim '"
cat > "$tmp/one.toml" <<TOML
name = "installed"
guest = "$guest"
[[axes]]
param = "option:latency-preset"
values = ["fvp"]
TOML
check "installed pscisim-sweep runs a sweep with the installed pscisim" sh -c \
    "env -u PSCISIM PATH=/usr/bin:/bin '$prefix/bin/pscisim-sweep' --no-plots -o '$tmp/sw' '$tmp/one.toml' &&
     grep -q '\"$prefix/bin/pscisim\"' '$tmp/sw/plan.json' &&
     test \"\$(sed -n 2p '$tmp/sw/results.csv' | cut -d, -f1-5)\" = '0,0,fvp,0,system_off'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
