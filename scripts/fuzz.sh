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
for t in "${targets[@]}"; do
    echo "fuzz: $t for ${secs}s"
    mkdir -p "build-fuzz/corpus/$(basename "$t")"
    "$t" -max_total_time="$secs" -seed=1 -print_final_stats=1 \
        "build-fuzz/corpus/$(basename "$t")" 2>&1 | tail -n 3
done
