#!/usr/bin/env bash
# Builds pscisim and its guest software, then runs the main demo: a 2-cluster x 4-core
# system (fvp latency preset) whose guest brings every core up with CPU_ON, suspends
# them at core and cluster level with timer wake-ups and powers off. pscisim prints the
# latency/residency/energy summary on stderr and writes a JSON report, a VCD waveform
# and an SVG timeline into build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)"
out=build/demo
mkdir -p "$out"
set +e
build/platform/pscisim --topology 2x4 \
    --report "$out/report.json" --vcd "$out/power.vcd" --timeline "$out/timeline.svg" \
    build/sw/demo/demo-smc.elf
status=$?
set -e
echo "demo: exit status $status; report $out/report.json, waveform $out/power.vcd, timeline $out/timeline.svg"
exit $status
