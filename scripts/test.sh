#!/usr/bin/env bash
# Builds pscisim twice (normal, and ASan+UBSan) and runs every test in both builds.
# Then, when clang is present, builds the libFuzzer targets and runs each briefly.
#   scripts/test.sh            everything
#   PSCISIM_QUICK=1 scripts/test.sh   the normal build only
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

build_and_test() { # dir, extra cmake args...
    local dir=$1; shift
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600
}

echo "== normal build =="
build_and_test build

if [ -z "${PSCISIM_QUICK:-}" ]; then
    echo "== ASan+UBSan build =="
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        build_and_test build-asan -DPSCISIM_SANITIZE=ON -DPSCISIM_BUILD_SW=OFF \
        -DCMAKE_BUILD_TYPE=Debug
    if command -v clang >/dev/null; then
        echo "== libFuzzer targets (short runs) =="
        scripts/fuzz.sh 20
    fi
fi
