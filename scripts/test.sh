#!/usr/bin/env bash
# Builds pscisim twice (normal, and ASan+UBSan) and runs every test in both builds
# (the guest programs run on the sanitized simulator too).
# Then, when clang is present, builds the libFuzzer targets and runs each briefly.
#   scripts/test.sh            everything
#   PSCISIM_QUICK=1 scripts/test.sh   the normal build only
#   PSCISIM_FORMAT_CHECK=0 scripts/test.sh   skip the format check (on by default)
#   PSCISIM_FETCH=0 scripts/test.sh          do not fetch/build the Linux and TF-A guests
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

# The real guest software the Linux and TF-A ctests run (cached outside the repository:
# a second run neither downloads nor builds): the Debian arm64 kernel and busybox, and
# TF-A's BL31 for the 2-cluster and 4-cluster fvp machines. Without them those tests are
# skipped. PSCISIM_FETCH=0 skips this step.
if [ "${PSCISIM_FETCH:-1}" = 1 ]; then
    ./scripts/fetch-linux.sh >/dev/null
    ./scripts/build-tf-a.sh >/dev/null
    ./scripts/build-tf-a.sh --clusters 4 >/dev/null
fi

passed=0
failed=0
build_and_test() { # dir, extra cmake args...
    local dir=$1; shift
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
    local rc=0
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600 \
        | tee "$dir/ctest-summary.log" || rc=$?
    # ctest's own tally ("100% tests passed, 0 tests failed out of N") feeds the total.
    local line total bad
    line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$dir/ctest-summary.log" | tail -n 1)
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    bad=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
    return $rc
}

# Every tracked C/C++ file must be as clang-format (the top-level .clang-format; sw/ has
# no style of its own and follows it) would write it. Assembler macro headers fence
# themselves with clang-format off/on.
format_check() {
    if ! command -v clang-format >/dev/null; then
        echo "format_check: clang-format not found (scripts/setup.sh installs it)" >&2
        return 1
    fi
    local files=()
    mapfile -t files < <(git ls-files -- '*.c' '*.h' '*.cpp' '*.hpp')
    clang-format --dry-run --Werror "${files[@]}"
}

if [ "${PSCISIM_FORMAT_CHECK:-1}" = 1 ]; then
    echo "== format check =="
    if format_check; then
        passed=$((passed + 1))
    else
        echo "format check: run clang-format -i on the files above" >&2
        failed=$((failed + 1))
    fi
fi

echo "== normal build =="
build_and_test build

if [ -z "${PSCISIM_QUICK:-}" ]; then
    echo "== ASan+UBSan build =="
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        build_and_test build-asan -DPSCISIM_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
    if command -v clang >/dev/null; then
        echo "== libFuzzer targets (short runs) =="
        if scripts/fuzz.sh 20; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
    fi
fi
echo "test.sh: normal and ASan+UBSan ctest runs, plus the libFuzzer runs and the format"
echo "check as one check each"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
