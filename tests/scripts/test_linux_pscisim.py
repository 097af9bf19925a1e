#!/usr/bin/env python3
"""Boots the fetched Debian kernel with the check initramfs on pscisim and checks it
(docs/linux.md, "Linux ctests"). Skipped (77) when scripts/fetch-linux.sh has not run.

Full form: /init's checks all pass, the run ends in SYSTEM_OFF (exit 0), and pscisim's
report agrees with Linux's counters (tests/scripts/linux_boot.py says how).
Short form (--short TIME, for the sanitizer build): the boot runs for TIME simulated
with an early console and must have printed the kernel banner, the machine model, the
PSCI probe and the SMP bring-up.

Usage: test_linux_pscisim.py --pscisim P --mkinitramfs M --init I --boot-el {1,2}
           --out DIR [--short TIME] -- PSCISIM-ARGS...
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linux_boot as lb  # noqa: E402

EARLY_LINES = ["Booting Linux on physical CPU", "Machine model: pscisim",
               "psci: PSCIv1.1 detected in firmware.", "smp: Brought up 1 node, "]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pscisim", required=True)
    p.add_argument("--mkinitramfs", required=True)
    p.add_argument("--init", required=True)
    p.add_argument("--boot-el", type=int, choices=(1, 2), required=True)
    p.add_argument("--out", required=True, help="directory for console, report, VCD")
    p.add_argument("--short", metavar="TIME", help="early-boot form: run TIME simulated")
    p.add_argument("args", nargs="*", help="pscisim arguments (topology, --osi, ...)")
    a = p.parse_args()

    got = lb.fetched()
    if not got:
        print("SKIP: the kernel has not been fetched (scripts/fetch-linux.sh)")
        return 77
    kernel, busybox = got
    os.makedirs(a.out, exist_ok=True)
    # No output of an earlier build may survive into this run (the determinism test
    # compares against it).
    for f in os.listdir(a.out):
        os.remove(os.path.join(a.out, f))
    initrd = os.path.join(a.out, "initramfs.cpio.gz")
    lb.build_initramfs(a.mkinitramfs, busybox, a.init, initrd)

    if a.short:
        r = lb.boot(a.pscisim, kernel, initrd, a.out, a.boot_el, a.args,
                    append="console=ttyAMA0 earlycon=pl011,0x09000000", max_time=a.short,
                    vcd=False)
        text = open(r["console"], errors="replace").read()
        print(text[-2000:])
        print(f"host {r['host_seconds']:.1f} s, exit status {r['status']}")
        problems = [f"no '{l}' on the console" for l in EARLY_LINES if l not in text]
        if r["status"] not in (0, 3):
            problems.append(f"exit status {r['status']}: {r['stderr'].strip()}")
    else:
        r = lb.boot(a.pscisim, kernel, initrd, a.out, a.boot_el, a.args)
        text = open(r["console"], errors="replace").read()
        print(text[-1500:] if r["status"] == 0 else text[-6000:])
        print(f"host {r['host_seconds']:.1f} s, exit status {r['status']}")
        problems = []
        if r["status"] != 0:
            problems.append(f"exit status {r['status']} (poweroff -f ends the run with 0): "
                            f"{r['stderr'].strip()}")
        con = lb.parse_console(text)
        problems += lb.check_checks(con)
        if os.path.exists(r["report"]):
            more, table = lb.check_report(con, r["report"], r["vcd"])
            print("\n".join(table))
            problems += more
            with open(os.path.join(a.out, "summary.txt"), "w") as f:
                f.write(f"host {r['host_seconds']:.1f} s, CPU {r['cpu_seconds']:.1f} s\n")
                f.write("\n".join(table) + "\n")
        else:
            problems.append("no report written")
    for pr in problems:
        print("FAIL " + pr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
