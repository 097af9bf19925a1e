#!/usr/bin/env python3
"""Runs pscisim with its GDB stub (--gdb 0 --gdb-wait) and a scripted
gdb-multiarch session in batch mode, then judges the session.

The gdb script holds @PORT@ (replaced by the stub's port) and lines
`# expect: REGEX` that must match the session's output in that order, and
`# reject: REGEX` that must not match anywhere. pscisim must exit with
--expect-exit and print --expect-stdout. With --compare-report the same run is
made without a debugger first and both JSON reports must be identical apart
from their "host" section. With --system-resets N the report of the run with the
debugger must count N resets (run.system_resets). Exit 77 (ctest SKIP) when
gdb-multiarch is missing.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from gdb_harness import fail, reports_equal, start_pscisim, wait_end


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pscisim", required=True)
    ap.add_argument("--gdb", default=shutil.which("gdb-multiarch") or "")
    ap.add_argument("--elf", required=True)
    ap.add_argument("--script", required=True)
    ap.add_argument("--expect-exit", type=int, default=0)
    ap.add_argument("--expect-stdout", default="")
    ap.add_argument("--compare-report", action="store_true")
    ap.add_argument("--system-resets", type=int, default=None)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("args", nargs="*", help="extra pscisim arguments")
    a = ap.parse_args()
    if not a.gdb or not os.path.exists(a.gdb):
        print("SKIP: gdb-multiarch is not installed (scripts/setup.sh installs it)")
        sys.exit(77)

    with open(a.script) as f:
        script = f.read()
    expects = re.findall(r"^# expect: (.*)$", script, re.M)
    rejects = re.findall(r"^# reject: (.*)$", script, re.M)
    tmp = tempfile.mkdtemp(prefix="pscisim-gdb-")
    try:
        base = [a.pscisim, "-q"] + a.args
        if a.compare_report:
            ref = os.path.join(tmp, "ref.json")
            r = subprocess.run(base + ["--report", ref, a.elf], capture_output=True, text=True,
                               timeout=a.timeout)
            if r.returncode != a.expect_exit:
                fail("run without debugger exited %d: %s" % (r.returncode, r.stderr))
        dbg_report = os.path.join(tmp, "dbg.json")
        base += ["--report", dbg_report]
        p, port, _, rest, drain = start_pscisim(base + ["--gdb", "0", "--gdb-wait", a.elf])
        gs = os.path.join(tmp, "session.gdb")
        with open(gs, "w") as f:
            f.write(script.replace("@PORT@", str(port)))
        try:
            g = subprocess.run([a.gdb, "-nx", "-batch", "-x", gs, a.elf], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=a.timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            fail("gdb did not finish within %g s" % a.timeout)
        out = g.stdout
        print(out)
        out_sim = wait_end(p, a.timeout, "pscisim did not finish after the session")
        drain.join(5)
        print("--- pscisim stdout ---\n" + out_sim + "--- pscisim stderr ---\n" + "".join(rest))
        pos = 0
        for e in expects:
            m = re.compile(e, re.M).search(out, pos)
            if not m:
                fail("expected /%s/ after offset %d of the session" % (e, pos))
            pos = m.end()
        for e in rejects:
            if re.search(e, out, re.M):
                fail("unexpected /%s/ in the session" % e)
        if p.returncode != a.expect_exit:
            fail("pscisim exited %d, expected %d" % (p.returncode, a.expect_exit))
        if a.expect_stdout and a.expect_stdout not in out_sim:
            fail("pscisim stdout lacks %r" % a.expect_stdout)
        if a.system_resets is not None:
            with open(dbg_report) as f:
                n = json.load(f)["run"]["system_resets"]
            if n != a.system_resets:
                fail("report: %d system resets, expected %d" % (n, a.system_resets))
        if a.compare_report:
            if not reports_equal(ref, dbg_report):
                fail("the report with a debugger attached differs from the one without")
            print("reports identical (host section aside)")
        print("PASS")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
