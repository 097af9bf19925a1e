#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for N seconds.
#   scripts/fuzz.sh [SECONDS]      default 60
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DPSCISIM_FUZZ=ON \
    -DPSCISIM_BUILD_SW=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" --target fuzz_targets
mapfile -t targets < <(find build-fuzz -maxdepth 3 -type f -executable -name 'fuzz_*' | sort)
if [ ${#targets[@]} -eq 0 ]; then
    echo "fuzz: no fuzz targets built" >&2
    exit 1
fi
# Each target's whole log is kept in build-fuzz/logs; a failing target's crash report
# is printed (not just the final statistics) and the other targets still run.
mkdir -p build-fuzz/logs
failed=()
for t in "${targets[@]}"; do
    name=$(basename "$t")
    echo "fuzz: $t for ${secs}s"
    mkdir -p "build-fuzz/corpus/$name" "build-fuzz/artifacts/$name"
    if "$t" -max_total_time="$secs" -seed=1 -print_final_stats=1 \
        -artifact_prefix="build-fuzz/artifacts/$name/" "build-fuzz/corpus/$name" \
        >"build-fuzz/logs/$name.log" 2>&1; then
        tail -n 3 "build-fuzz/logs/$name.log"
    else
        echo "fuzz: $name FAILED (exit $?); its report (whole log: build-fuzz/logs/$name.log):"
        grep -v -E '^(#[0-9]|")' "build-fuzz/logs/$name.log" | tail -n 60
        failed+=("$name")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]}" >&2
    exit 1
fi
