#!/usr/bin/env bash
# Boots the Debian arm64 cloud kernel on pscisim (docs/linux.md): fetches the kernel
# and busybox-static (scripts/fetch-linux.sh, cached), builds the initramfs
# (scripts/mkinitramfs.py, sw/linux/init), builds pscisim, then boots on a 2x4 system
# with the console on this terminal. By default /init starts a busybox shell
# (pscisim.shell on the command line; `poweroff -f` leaves); with --checks it runs the
# checks of issue 11 instead and powers off. Extra arguments go to pscisim.
#
# Keyboard input reaches the PL011 through --uart-input - (interactive, so the run is
# not deterministic). The default EL2 boot stops early until the GICv3 EL2 registers
# exist; boot at EL1 with `--boot-el 1 --conduit hvc` (docs/linux.md).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=shell
if [ "${1:-}" = "--checks" ]; then
    mode=checks
    shift
fi

eval "$(scripts/fetch-linux.sh)"
cache="${PSCISIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pscisim/linux}"
initrd="$cache/initramfs.cpio.gz"
python3 scripts/mkinitramfs.py --busybox "$BUSYBOX" -o "$initrd"

cmake -S . -B build -G Ninja >/dev/null
cmake --build build --target pscisim -j "$(nproc 2>/dev/null || echo 2)"

append="console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init"
input=()
if [ "$mode" = shell ]; then
    append="$append pscisim.shell"
    input=(--uart-input -)
fi
echo "linux: $KERNEL_PACKAGE on pscisim 2x4 ($mode)" >&2
exec build/platform/pscisim --topology 2x4 --ram-size 1G \
    --kernel "$KERNEL" --initrd "$initrd" --append "$append" "${input[@]}" "$@"
