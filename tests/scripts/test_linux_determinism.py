#!/usr/bin/env python3
"""Determinism of a Linux boot: runs the boot of an earlier test_linux_pscisim.py run
again with the same inputs (its initramfs, the same kernel and arguments) and requires
byte-identical console output, VCD and JSON report (the report without its "host"
section, docs/user-guide.md). Skipped (77) when the kernel has not been fetched.

Usage: test_linux_determinism.py --pscisim P --boot-el N --first DIR --out DIR -- ARGS...
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linux_boot as lb  # noqa: E402


def report_without_host(path):
    """The report's bytes with its "host" object cut out (host seconds and MIPS)."""
    text = open(path, "rb").read()
    m = re.search(rb'\n  "host": \{[^}]*\},?', text)
    if not m or "host" not in json.loads(text):
        raise SystemExit(f"FAIL {path}: no \"host\" section where expected")
    return text[:m.start()] + text[m.end():]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pscisim", required=True)
    p.add_argument("--boot-el", type=int, choices=(1, 2), required=True)
    p.add_argument("--first", required=True, help="output directory of the first boot")
    p.add_argument("--out", required=True)
    p.add_argument("args", nargs="*")
    a = p.parse_args()

    got = lb.fetched()
    if not got:
        print("SKIP: the kernel has not been fetched (scripts/fetch-linux.sh)")
        return 77
    first = {f: os.path.join(a.first, f) for f in
             ("initramfs.cpio.gz", "console.txt", "report.json", "power.vcd")}
    missing = [f for f in first.values() if not os.path.exists(f)]
    if missing:
        print(f"FAIL the first boot left no {', '.join(missing)} (run its test first)")
        return 1
    r = lb.boot(a.pscisim, got[0], first["initramfs.cpio.gz"], a.out, a.boot_el, a.args)
    print(f"second boot: host {r['host_seconds']:.1f} s, exit status {r['status']}")
    problems = []
    for kind, mine in (("console.txt", r["console"]), ("power.vcd", r["vcd"])):
        x, y = open(first[kind], "rb").read(), open(mine, "rb").read()
        if x != y:
            n = next((i for i in range(min(len(x), len(y))) if x[i] != y[i]),
                     min(len(x), len(y)))
            problems.append(f"{kind} differs from byte {n} ({len(x)} and {len(y)} bytes)")
        else:
            print(f"{kind}: {len(x)} bytes, identical")
    ra, rb = report_without_host(first["report.json"]), report_without_host(r["report"])
    if ra != rb:
        ja, jb = json.loads(ra), json.loads(rb)
        keys = [k for k in ja if ja.get(k) != jb.get(k)]
        problems.append(f"report differs (host aside) in {keys or 'its bytes only'}")
    else:
        print(f"report.json: {len(ra)} bytes without 'host', identical")
    for pr in problems:
        print("FAIL " + pr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
