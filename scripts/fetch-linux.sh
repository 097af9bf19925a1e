#!/usr/bin/env bash
# Fetches the guest software for "Boot Linux" (docs/linux.md): the newest Debian arm64
# cloud kernel (linux-image-*-cloud-arm64-unsigned) and busybox-static:arm64, as Debian
# binary packages, into a cache outside the repository, extracted with dpkg-deb -x.
# A second run downloads nothing. The machine's apt sources are not edited; the arm64
# architecture is added to dpkg only if it is not there yet.
#
# Cache: $PSCISIM_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/pscisim/linux.
# Prints the paths it produced as shell assignments (KERNEL=..., BUSYBOX=...).
set -euo pipefail

cache="${PSCISIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pscisim/linux}"
mkdir -p "$cache/debs" "$cache/root"

run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Everything already fetched and extracted: nothing to do (no network, no apt).
stamp="$cache/fetched"
if [ -f "$stamp" ]; then
    # shellcheck disable=SC1090
    . "$stamp"
    if [ -f "${KERNEL:-}" ] && [ -x "${BUSYBOX:-}" ]; then
        cat "$stamp"
        exit 0
    fi
fi

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "fetch-linux: adding the arm64 architecture to dpkg" >&2
    run dpkg --add-architecture arm64
fi
echo "fetch-linux: apt-get update" >&2
run apt-get update -qq

# The newest cloud kernel image package (name sorts by ABI version; -V for 6.1 < 6.10).
kpkg=$(apt-cache search --names-only '^linux-image-[0-9].*-cloud-arm64-unsigned$' |
    awk '{print $1}' | sort -V | tail -1)
if [ -z "$kpkg" ]; then
    echo "fetch-linux: no linux-image-*-cloud-arm64-unsigned package in the apt lists" >&2
    exit 1
fi

cd "$cache/debs"
for p in "$kpkg:arm64" "busybox-static:arm64"; do
    name=${p%%:*}
    if ! ls "${name}"_*_arm64.deb >/dev/null 2>&1; then
        echo "fetch-linux: downloading $p" >&2
        apt-get download -q "$p"
    fi
done
for deb in "$kpkg"_*_arm64.deb busybox-static_*_arm64.deb; do
    dpkg-deb -x "$deb" "$cache/root"
done

kernel=$(ls "$cache"/root/boot/vmlinuz-*-cloud-arm64 | sort -V | tail -1)
busybox="$cache/root/bin/busybox"
[ -f "$kernel" ] || { echo "fetch-linux: no kernel image in $kpkg" >&2; exit 1; }
[ -x "$busybox" ] || { echo "fetch-linux: no busybox in busybox-static" >&2; exit 1; }
printf 'KERNEL=%s\nBUSYBOX=%s\nKERNEL_PACKAGE=%s\n' "$kernel" "$busybox" "$kpkg" >"$stamp"
cat "$stamp"
