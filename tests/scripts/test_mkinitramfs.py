#!/usr/bin/env python3
"""scripts/mkinitramfs.py: the archive is a gzip newc cpio that cpio(1) lists and
extracts with /init (sw/linux/init, executable), bin/busybox (the given binary,
executable), bin/sh -> busybox and the /dev/console and /dev/null nodes; two builds
are byte-identical; a missing or non-ELF busybox is one error line and exit 2. Also a
syntax check of the /init script with sh -n."""
import gzip
import os
import subprocess
import sys
import tempfile

script, init = sys.argv[1], sys.argv[2]
failures = []


def check(cond, what):
    print(("PASS " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


with tempfile.TemporaryDirectory() as tmp:
    bb = os.path.join(tmp, "busybox")
    payload = b"\x7fELF" + bytes(range(256)) * 9 + b"odd"  # length not a multiple of 4
    with open(bb, "wb") as f:
        f.write(payload)
    out1, out2 = os.path.join(tmp, "a.cpio.gz"), os.path.join(tmp, "b.cpio.gz")
    for out in (out1, out2):
        r = subprocess.run([script, "--busybox", bb, "--init", init, "-o", out])
        check(r.returncode == 0, f"build {os.path.basename(out)} exits 0")
    data1, data2 = open(out1, "rb").read(), open(out2, "rb").read()
    check(data1 == data2, "two builds are byte-identical")
    raw = gzip.decompress(data1)
    check(raw[:6] == b"070701", "newc magic")
    check(len(raw) % 512 == 0, "archive padded to 512 bytes")

    listing = subprocess.run(["cpio", "-itv", "--quiet"], input=raw, capture_output=True)
    check(listing.returncode == 0, "cpio lists the archive")
    lines = {l.split()[-1] if "->" not in l else l.split()[-3]: l
             for l in listing.stdout.decode().splitlines()}
    for name, prefix in [("init", "-rwxr-xr-x"), ("bin/busybox", "-rwxr-xr-x"),
                         ("bin/sh", "lrwxrwxrwx"), ("dev/console", "crw"),
                         ("dev/null", "crw"), ("proc", "d"), ("sys", "d"), ("dev", "d")]:
        check(name in lines and lines[name].startswith(prefix), f"{name} listed as {prefix}")
    check("5,   1" in lines.get("dev/console", ""), "dev/console is char 5,1")
    check("bin/sh -> busybox" in listing.stdout.decode(), "bin/sh -> busybox")

    ex = os.path.join(tmp, "x")
    os.mkdir(ex)
    r = subprocess.run(["cpio", "-id", "--quiet", "--no-absolute-filenames", "init",
                        "bin/busybox"], input=raw, cwd=ex)
    check(r.returncode == 0, "cpio extracts init and bin/busybox")
    check(open(os.path.join(ex, "init"), "rb").read() == open(init, "rb").read(),
          "init is sw/linux/init")
    check(open(os.path.join(ex, "bin/busybox"), "rb").read() == payload,
          "bin/busybox is the given binary")

    with open(os.path.join(tmp, "text"), "wb") as f:
        f.write(b"#!/bin/sh\n")
    for bad, why in [(os.path.join(tmp, "text"), "not an ELF"),
                     (os.path.join(tmp, "missing"), "No such file")]:
        r = subprocess.run([script, "--busybox", bad, "--init", init, "-o",
                            os.path.join(tmp, "c.cpio.gz")], capture_output=True, text=True)
        check(r.returncode == 2 and why in r.stderr and r.stderr.count("\n") == 1,
              f"bad busybox ({why}): one line, exit 2")

r = subprocess.run(["sh", "-n", init])
check(r.returncode == 0, "sw/linux/init passes sh -n")
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
