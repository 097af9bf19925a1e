#!/usr/bin/env python3
"""The /init checks of sw/linux/init on QEMU virt with the cached Debian kernel: every
check passes except those listed (with the reason) in sw/linux/qemu-expected-failures.txt,
and the run ends with the power-off. Skipped (77) when the kernel has not been fetched
(scripts/fetch-linux.sh) or qemu-system-aarch64 is missing.

Usage: test_linux_qemu.py MKINITRAMFS INIT EXPECTED_FAILURES"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

mkinitramfs, init, expected_file = sys.argv[1:4]
cache = os.environ.get("PSCISIM_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
    "pscisim", "linux")
stamp = os.path.join(cache, "fetched")
qemu = shutil.which("qemu-system-aarch64")
if not os.path.exists(stamp) or not qemu:
    print("SKIP: no fetched kernel (scripts/fetch-linux.sh) or no qemu-system-aarch64")
    sys.exit(77)
vals = dict(l.strip().split("=", 1) for l in open(stamp) if "=" in l)
kernel, busybox = vals["KERNEL"], vals["BUSYBOX"]
expected = {l.split(":", 1)[0].strip() for l in open(expected_file)
            if l.strip() and not l.startswith("#")}

with tempfile.TemporaryDirectory() as tmp:
    rd = os.path.join(tmp, "initramfs.cpio.gz")
    subprocess.run([mkinitramfs, "--busybox", busybox, "--init", init, "-o", rd], check=True)
    r = subprocess.run([qemu, "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp", "2",
                        "-m", "512M", "-nographic", "-no-reboot", "-nodefaults", "-net", "none",
                        "-serial", "stdio", "-kernel", kernel, "-initrd", rd,
                        "-append", "console=ttyAMA0 rdinit=/init quiet"],
                       capture_output=True, text=True, errors="replace", timeout=600)
out = r.stdout
print(out[-3000:])
passed = re.findall(r"^PASS (.*?)\r?$", out, re.M)
failed = [f.split(":", 1)[0] for f in re.findall(r"^FAIL (.*?)\r?$", out, re.M)]
problems = []
if not re.search(r"^\d+ passed, \d+ failed", out, re.M):
    problems.append("no summary line (the kernel or /init did not get there)")
for f in failed:
    if f not in expected:
        problems.append(f"unexpected failure: {f}")
for e in expected:
    if e not in failed:
        problems.append(f"expected failure did not happen: {e}")
if len(passed) < 5:
    problems.append(f"only {len(passed)} checks passed")
if r.returncode != 0:
    problems.append(f"qemu exit status {r.returncode} (poweroff -f should end it with 0)")
for p in problems:
    print("FAIL " + p)
sys.exit(1 if problems else 0)
