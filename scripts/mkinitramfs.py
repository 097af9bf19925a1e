#!/usr/bin/env python3
"""Builds the pscisim Linux initramfs: a gzip-compressed newc cpio archive holding a
static busybox, the /init script of sw/linux/init and the directories and device
nodes it needs (docs/linux.md).

The archive is deterministic: fixed inode numbers, owner root, mtime 0 and a gzip
header without a time stamp, so the same inputs give the same bytes.

Usage: mkinitramfs.py --busybox BUSYBOX [--init INIT] -o OUT.cpio.gz
"""
import argparse
import gzip
import os
import stat
import sys

DIRS = ["bin", "dev", "etc", "proc", "sbin", "sys", "tmp", "usr", "usr/bin", "usr/sbin", "root"]
# /dev/console and /dev/null before devtmpfs is mounted: the kernel opens
# /dev/console for init's stdin/stdout (init/main.c console_on_rootfs).
NODES = [("dev/console", 5, 1), ("dev/null", 1, 3)]


class Newc:
    """Writer of the "new ASCII" cpio format (magic 070701): a 110-byte header of
    thirteen 8-digit hex fields, the NUL-terminated name padded to 4 bytes, the data
    padded to 4 bytes; the archive ends with the entry TRAILER!!!."""

    def __init__(self):
        self.out = bytearray()
        self.ino = 1

    def _pad(self):
        self.out += b"\0" * (-len(self.out) % 4)

    def entry(self, name, mode, data=b"", rdev=(0, 0), nlink=1):
        name_b = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1],
                  len(name_b), 0]
        self.ino += 1
        self.out += b"070701" + b"".join(b"%08X" % f for f in fields)
        self.out += name_b
        self._pad()
        self.out += data
        self._pad()

    def finish(self):
        self.ino = 0
        self.entry("TRAILER!!!", 0)
        self.out += b"\0" * (-len(self.out) % 512)
        return bytes(self.out)


def build(busybox, init):
    a = Newc()
    for d in DIRS:
        a.entry(d, stat.S_IFDIR | 0o755, nlink=2)
    for name, major, minor in NODES:
        a.entry(name, stat.S_IFCHR | 0o600, rdev=(major, minor))
    a.entry("bin/busybox", stat.S_IFREG | 0o755, busybox)
    a.entry("bin/sh", stat.S_IFLNK | 0o777, b"busybox")
    a.entry("init", stat.S_IFREG | 0o755, init)
    return a.finish()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--busybox", required=True, help="static arm64 busybox binary")
    p.add_argument("--init", default=os.path.join(here, "..", "sw", "linux", "init"),
                   help="the /init script (default sw/linux/init)")
    p.add_argument("-o", "--output", required=True, help="the .cpio.gz to write")
    a = p.parse_args()
    try:
        with open(a.busybox, "rb") as f:
            bb = f.read()
        with open(a.init, "rb") as f:
            init = f.read()
    except OSError as e:
        print(f"mkinitramfs: {e.filename}: {e.strerror}", file=sys.stderr)
        return 2
    if bb[:4] != b"\x7fELF":
        print(f"mkinitramfs: {a.busybox}: not an ELF file", file=sys.stderr)
        return 2
    data = gzip.compress(build(bb, init), compresslevel=9, mtime=0)
    with open(a.output, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
