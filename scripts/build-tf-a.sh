#!/usr/bin/env bash
# Builds Trusted Firmware-A's BL31 for the fvp machine (docs/firmware-mode.md) from
# the Debian source package, with the Debian cross compiler:
#   PLAT=fvp RESET_TO_BL31=1 PRELOADED_BL33_BASE=<BL33 address> bl31
# The source and the build live in the cache, never in the repository:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/pscisim/tf-a/<version>/
# The deb-src entry comes from a private apt configuration (its own sources,
# lists and cache, made from this machine's deb entries); the machine's own apt
# sources are read, never modified.
#
# Usage: scripts/build-tf-a.sh [--bl33 ADDR] [--clusters N] [--debug] [--force]
#   --clusters N  FVP_CLUSTER_COUNT (TF-A's default 2: up to 2 clusters of 4 cores). TF-A
#                 drives a CCN-502 instead of the CCI-400 for N > 2, which the fvp machine
#                 does not model (docs/firmware-mode.md).
# Prints the path of bl31.bin and bl31.elf. Needs: apt-get, dpkg-dev, make,
# gcc-aarch64-linux-gnu.
set -euo pipefail

bl33=0x80080000 # where the project's fvp guests link (tests/platform/guests/guest_fvp.ld)
clusters=2
debug=0
force=0
while [ $# -gt 0 ]; do
    case "$1" in
    --bl33) bl33="$2"; shift 2 ;;
    --clusters) clusters="$2"; shift 2 ;;
    --debug) debug=1; shift ;;
    --force) force=1; shift ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "build-tf-a: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
case "$bl33" in
0x[0-9a-fA-F]*) ;;
*) echo "build-tf-a: --bl33 needs a hex address, got '$bl33'" >&2; exit 2 ;;
esac
case "$clusters" in
[1-9] | [1-9][0-9]) ;;
*) echo "build-tf-a: --clusters needs a number of clusters, got '$clusters'" >&2; exit 2 ;;
esac
for tool in apt-get dpkg-source make aarch64-linux-gnu-gcc; do
    command -v "$tool" >/dev/null || {
        echo "build-tf-a: $tool not found (scripts/setup.sh installs it)" >&2
        exit 2
    }
done

cache="${XDG_CACHE_HOME:-$HOME/.cache}/pscisim/tf-a"
build_type=release
[ "$debug" = 1 ] && build_type=debug
# "bl31-": the options below (CTX_INCLUDE_AARCH32_REGS=0, ARM_RECOM_STATE_ID_ENC=1, a
# fixed banner) differ from those of the first layout ("build-").
build_name="bl31-$bl33-$build_type"
[ "$clusters" = 2 ] || build_name="$build_name-c$clusters"
# Cached: a BL31 built before with the same options is used as it is (no apt, no make);
# --force fetches and builds again.
if [ "$force" = 0 ]; then
    for bin in "$cache"/*/"$build_name/fvp/$build_type/bl31.bin"; do
        [ -f "$bin" ] || continue
        echo "build-tf-a: cached (--force rebuilds)" >&2
        echo "$bin"
        echo "$(dirname "$bin")/bl31/bl31.elf"
        exit 0
    done
fi
apt_dir="$cache/apt"
mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
: >"$apt_dir/sources.list"
# Private copy of the machine's Debian sources with source packages enabled.
rm -f "$apt_dir/sources.list.d/"*
for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    sed -e 's/^Types:[[:space:]]*deb[[:space:]]*$/Types: deb-src/' "$f" \
        >"$apt_dir/sources.list.d/$(basename "$f")"
done
if [ -f /etc/apt/sources.list ]; then
    grep -E '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list |
        sed -e 's/^[[:space:]]*deb[[:space:]]/deb-src /' >"$apt_dir/sources.list" || true
fi
apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list"
    -o "Dir::Etc::sourceparts=$apt_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
    -o "Debug::NoLocking=1")

echo "build-tf-a: updating the private apt lists" >&2
apt-get "${apt_opts[@]}" -qq update
version=$(apt-get "${apt_opts[@]}" -qq source --print-uris arm-trusted-firmware 2>/dev/null |
    sed -n "s/.*arm-trusted-firmware_\([^']*\)\.dsc.*/\1/p" | head -1)
[ -n "$version" ] || { echo "build-tf-a: no source package arm-trusted-firmware" >&2; exit 1; }
src_parent="$cache/$version"
mkdir -p "$src_parent"
src=$(find "$src_parent" -maxdepth 1 -mindepth 1 -type d -name 'arm-trusted-firmware-*' | head -1)
if [ -z "$src" ] || [ "$force" = 1 ]; then
    echo "build-tf-a: fetching arm-trusted-firmware $version" >&2
    (cd "$src_parent" && apt-get "${apt_opts[@]}" -qq source arm-trusted-firmware >/dev/null)
    src=$(find "$src_parent" -maxdepth 1 -mindepth 1 -type d -name 'arm-trusted-firmware-*' | head -1)
fi

out="$src_parent/$build_name"
[ "$force" = 1 ] && rm -rf "$out" # a clean build: make does not see changed options
echo "build-tf-a: building BL31 (PLAT=fvp RESET_TO_BL31=1 PRELOADED_BL33_BASE=$bl33" \
    "FVP_CLUSTER_COUNT=$clusters DEBUG=$debug) in $out" >&2
start=$(date +%s)
# As the package's own debian/rules does: through the environment (so TF-A's
# Makefile appends to them), binutils 2.40's RWX-segment warning off (TF-A links
# with --fatal-warnings) and GCC 12's minimum page size for the MMIO accesses.
# CTX_INCLUDE_AARCH32_REGS=0: the ISS implements EL1 in AArch64 only
# (ID_AA64PFR0_EL1.EL1 = 1), and BL31 panics at cold boot ("EL1 supports AArch64-only.
# Please set build flag CTX_INCLUDE_AARCH32_REGS = 0") if it was built to save the
# AArch32 EL1 registers (the FVP platform's default). ARM_RECOM_STATE_ID_ENC=1: the
# power_state StateIDs of DEN 0022's recommended encoding (one nibble per level: 0x1 core
# standby, 0x2 core off, 0x22 cluster off; plat/arm/board/fvp/fvp_pm.c
# arm_pm_idle_states), which the suite uses; TF-A's default wants StateID 0.
# BUILD_MESSAGE_TIMESTAMP replaces the compile time in the banner ("Built : ...") by the
# package version: the same sources give the same bl31.bin, and runs print the same.
env CFLAGS=--param=min-pagesize=0 LDFLAGS= TF_LDFLAGS=--no-warn-rwx-segments make -C "$src" -s BUILD_BASE="$out" CROSS_COMPILE=aarch64-linux-gnu- PLAT=fvp \
    RESET_TO_BL31=1 PRELOADED_BL33_BASE="$bl33" FVP_CLUSTER_COUNT="$clusters" DEBUG="$debug" \
    BUILD_MESSAGE_TIMESTAMP="\"debian $version\"" CTX_INCLUDE_AARCH32_REGS=0 \
    ARM_RECOM_STATE_ID_ENC=1 \
    -j"$(nproc)" bl31 >&2
end=$(date +%s)
bl31_dir="$out/fvp/$build_type"
echo "build-tf-a: TF-A $version, BL31 built in $((end - start)) s" >&2
echo "$bl31_dir/bl31.bin"
echo "$bl31_dir/bl31/bl31.elf"
