#!/usr/bin/env python3
"""Runs a command with the cached TF-A BL31 for the fvp machine (scripts/build-tf-a.sh):
`@BL31@` in any argument is replaced by the path of bl31.bin. Exit 77 (ctest: skipped)
when it has not been built, as scripts.linux_qemu does without its kernel.

Usage: with_tf_a.py [--clusters N] [--bl33 ADDR] -- COMMAND ARGS...
  --clusters N  the BL31 built with --clusters N (FVP_CLUSTER_COUNT; default 2, TF-A's)
  --bl33 ADDR   the BL31 built for this PRELOADED_BL33_BASE (default 0x80080000)"""
import argparse
import glob
import os
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--clusters", type=int, default=2)
ap.add_argument("--bl33", default="0x80080000")
ap.add_argument("command", nargs=argparse.REMAINDER)
a = ap.parse_args()
# Only the separator in front of the command goes: the command may have its own "--".
cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or
                     os.path.join(os.path.expanduser("~"), ".cache"), "pscisim", "tf-a")
suffix = "" if a.clusters == 2 else f"-c{a.clusters}"
found = sorted(glob.glob(os.path.join(cache, "*", f"bl31-{a.bl33}-release{suffix}", "fvp",
                                      "release", "bl31.bin")))
if not found:
    print(f"SKIP: no TF-A BL31 (scripts/build-tf-a.sh"
          f"{'' if a.clusters == 2 else f' --clusters {a.clusters}'}) under {cache}")
    sys.exit(77)
bl31 = found[-1]
print(f"with_tf_a: {bl31}", flush=True)
sys.exit(subprocess.run([x.replace("@BL31@", bl31) for x in cmd]).returncode)
