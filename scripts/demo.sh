#!/usr/bin/env bash
# Builds pscisim and runs the main demo.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)"
if [ -x build/platform/pscisim ] && [ -f build/sw/demo/demo-smc.elf ]; then
    exec build/platform/pscisim --topology 2x4 build/sw/demo/demo-smc.elf
fi
# Until the simulator exists: the PSCI library example on its fake 2-cluster platform.
exec build/psci/examples/psci_example
