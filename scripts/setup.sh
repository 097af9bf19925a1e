#!/usr/bin/env bash
# Installs every Debian package pscisim needs to build, test and cross-check.
# Idempotent; works as root on a fresh Debian 12 (uses sudo when not root).
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config
    libsystemc-dev                    # SystemC 2.3.4 + TLM-2.0
    libboost-program-options-dev      # pscisim command line
    libgtest-dev                      # unit and model tests
    libfdt-dev device-tree-compiler   # device-tree blob for the guest
    libelf-dev                        # ELF loader
    zlib1g-dev                        # gzip-compressed arm64 Images (--kernel vmlinuz)
    cpio                              # Linux initramfs test (tests/scripts)
    nlohmann-json3-dev                # JSON config and reports
    gcc-aarch64-linux-gnu             # guest software (sw/)
    libunicorn-dev                    # independent oracle for the ISS
    clang libclang-rt-14-dev          # libFuzzer targets
    qemu-system-arm                   # cross-check of guest programs on QEMU virt
    python3-matplotlib                # pscisim-sweep plots
    python3-pil python3-websocket     # sweep tests: PNG checks, Chromium DevTools client
    chromium                          # sweep tests: HTML page rendered headless
    slurm-wlm munge                   # sweep tests: single-node Slurm array job
    gdb-multiarch                     # GDB stub tests (tests/system/gdb)
    clang-format                      # the format check in scripts/test.sh
)

run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#packages[@]} packages already installed"
    exit 0
fi
echo "setup: installing ${missing[*]}"
run apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
