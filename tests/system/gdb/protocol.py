#!/usr/bin/env python3
"""The GDB stub under a raw RSP client: bad packets, a second client, a
disconnect mid-session. pscisim must answer each case as the protocol says and
then run the guest to its end (exit status 0) without a crash. Also bad --gdb
options and a port in use (exit status 2 with one line); with a third argument
(a guest that runs long enough), a debugger attached mid-run leaves the report
unchanged."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from gdb_harness import Client, fail, reports_equal, start_pscisim, wait_end


def start(pscisim, elf, gdb="0"):
    """pscisim on a 2x1 topology with --gdb GDB --gdb-wait: (process, port)."""
    p, port, _, _, _ = start_pscisim(
        [pscisim, "-q", "--topology", "2x1", "--gdb", gdb, "--gdb-wait", elf])
    return p, port


def symbol(elf, name):
    nm = shutil.which("aarch64-linux-gnu-nm") or shutil.which("nm")
    out = subprocess.run([nm, elf], capture_output=True, text=True).stdout
    m = re.search(r"^([0-9a-f]+) \w %s$" % name, out, re.M)
    if not m:
        fail("no symbol %s in %s" % (name, elf))
    return int(m.group(1), 16)


def attach_to_running(pscisim, elf):
    """Detach, then a new debugger attaches to the running simulation, stops it,
    lets it finish and is told the exit status (W00)."""
    spin = symbol(elf, "gdb_spin_iters")
    p, port = start(pscisim, elf)
    c = Client(port)
    # At gdb_spin, make the guest loop (almost) forever, then detach: the run goes
    # on alone (the breakpoint goes with the debugger).
    c.expect(b"Z0,%x,4" % symbol(elf, "gdb_spin"), b"OK")
    if not c.resume().startswith(b"T05thread:1;"):
        fail("no stop at gdb_spin")
    c.expect(b"M%x,8:ffffffffff000000" % spin, b"OK")
    c.expect(b"D", b"OK")
    c.s.close()
    time.sleep(0.3)
    c = Client(port)
    c.expect(b"?", b"T05thread:", prefix=True, what="attach to a running run")
    c.expect(b"M%x,8:0000000000000000" % spin, b"OK")
    r = c.resume()
    if r != b"W00":
        fail("end of run reported as %r, expected W00" % r)
    out = wait_end(p, 60, "pscisim did not finish")
    if p.returncode != 0 or "gdb target: ok" not in out:
        fail("attach to a running run: exit %d %r" % (p.returncode, out))


def bad_options(pscisim, elf):
    """Bad --gdb values, a port already in use and --gdb-wait alone: one line naming
    the problem on stderr and exit status 2, before the guest runs."""
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    cases = [(["--gdb", v], "--gdb: '%s' is not a TCP port" % v)
             for v in ("abc", "65536", "-1", "tcp::", "tcp:10.0.0.1:1234", "1234x", "")]
    cases += [(["--gdb", str(port)], "--gdb: cannot listen on 127.0.0.1:%d" % port),
              (["--gdb", "tcp::%d" % port], "--gdb: cannot listen on 127.0.0.1:%d" % port),
              (["--gdb-wait"], "--gdb-wait needs --gdb PORT")]
    for args, want in cases:
        r = subprocess.run([pscisim, "-q", "--topology", "2x1"] + args + [elf],
                           capture_output=True, text=True, timeout=30)
        lines = r.stderr.strip().splitlines()
        if r.returncode != 2 or len(lines) != 1 or want not in lines[0] or r.stdout:
            fail("%r: exit %d, stderr %r, stdout %r (expected exit 2 and one line with %r)" %
                 (args, r.returncode, r.stderr, r.stdout, want))
    busy.close()


def attach_midrun_same_report(pscisim, elf):
    """A debugger attaches to a run already under way (no --gdb-wait), reads
    registers and memory, continues, interrupts it (Ctrl-C) and continues to the
    end: the report is the one of a run without a debugger (host section aside).
    Where the attach and the interrupt land depends on host timing; the report
    must not."""
    tmp = tempfile.mkdtemp(prefix="pscisim-gdb-attach-")
    try:
        ref, dbg = os.path.join(tmp, "ref.json"), os.path.join(tmp, "dbg.json")
        r = subprocess.run([pscisim, "-q", "--report", ref, elf], capture_output=True,
                           text=True, timeout=120)
        if r.returncode != 0:
            fail("mid-run attach: the run without a debugger exited %d" % r.returncode)
        p, port, _, _, _ = start_pscisim([pscisim, "-q", "--report", dbg, "--gdb", "0", elf])
        c = Client(port)
        # The stub stops the machine at the synchronisation point where it accepts.
        c.expect(b"?", b"T05thread:", prefix=True, what="mid-run attach: halt reason")
        c.expect(b"g", re.compile(rb"[0-9a-f]+"), what="mid-run attach")
        c.expect(b"m40080000,4", re.compile(rb"[0-9a-f]{8}"), what="mid-run attach")
        c.post(b"vCont;c")
        time.sleep(0.05)
        c.send(b"\x03")
        r = c.packet()
        if r.startswith(b"T02thread:"):
            print("mid-run attach: interrupted (%s)" % r.decode())
            c.expect(b"g", re.compile(rb"[0-9a-f]+"), what="mid-run attach, interrupted")
            r = c.resume(b"vCont;c")
        if r != b"W00":
            fail("mid-run attach: end of run reported as %r, expected W00" % r)
        wait_end(p, 120, "mid-run attach: pscisim did not finish")
        if p.returncode != 0:
            fail("mid-run attach: pscisim exited %d" % p.returncode)
        if not reports_equal(ref, dbg):
            fail("mid-run attach: the report differs from the one without a debugger")
        print("mid-run attach: report identical (host section aside)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    pscisim, elf = sys.argv[1], sys.argv[2]
    bad_options(pscisim, elf)
    if len(sys.argv) > 3:
        attach_midrun_same_report(pscisim, sys.argv[3])
    p, port = start(pscisim, elf, gdb="tcp::0")
    c = Client(port)
    # Noise outside packets is ignored; a wrong checksum is refused with '-'.
    c.send(b"garbage")
    c.send(b"$g#00")
    if c.ack() != b"-":
        fail("bad checksum not refused")
    # An over-long packet is refused, not buffered without bound.
    c.send(b"$" + b"A" * 20000 + b"#00")
    if c.ack() != b"-":
        fail("over-long packet not refused")
    c.expect(b"?", b"T05thread:1;", prefix=True, what="halt reason")
    for bad, want in [(b"mzz,4", b"E01"), (b"m40000000", b"E01"), (b"Pffff=00", b"E01"),
                      (b"Z9,0,4", b"E01"), (b"vFoo", b""), (b"Hgzz", b"E01"),
                      (b"Hg99", b"E02"), (b"p7fff", b"E01"), (b"M40000000,2:00", b"E01"),
                      (b"qThreadExtraInfo,0", b"E01"), (b"vCont;x", b"E01"), (b"", b"")]:
        c.expect(bad, want)
    r = c.cmd(b"qXfer:features:read:target.xml:0,ffff")
    if not (r.startswith(b"l") and b"org.gnu.gdb.aarch64.core" in r and b"SCTLR_EL2" in r):
        fail("target description %r" % r[:100])
    c.expect(b"qfThreadInfo", b"m1,2", what="thread list")
    c.expect(b"m40080000,4", re.compile(rb"[0-9a-f]{8}"), what="memory read")
    c.post(b"qRcmd," + b"help".hex().encode())
    out = c.packet()
    if not out.startswith(b"O") or b"power" not in bytes.fromhex(out[1:].decode()):
        fail("monitor help %r" % out[:60])
    if c.packet() != b"OK":
        fail("monitor help did not end with OK")
    # A second client is turned away; the first keeps working.
    s2 = socket.create_connection(("127.0.0.1", port), timeout=10)
    c.cmd(b"qC")  # the stub sees the second connection while serving this one
    s2.settimeout(10)
    if s2.recv(100) != b"":
        fail("second client was not closed")
    s2.close()
    c.expect(b"qC", b"QC1", what="first client broken by the second")
    # A breakpoint, then the debugger vanishes mid-session: the run goes on to its
    # end with the breakpoint gone.
    c.expect(b"Z0,40080000,4", b"OK")
    c.s.close()
    out = wait_end(p, 60, "pscisim did not finish after the disconnect")
    if p.returncode != 0 or "gdb target: ok" not in out:
        fail("pscisim exited %d with %r" % (p.returncode, out))
    attach_to_running(pscisim, elf)
    # `k` ends the run like Ctrl-C on pscisim: status 130.
    p, port = start(pscisim, elf)
    c = Client(port)
    c.post(b"k")
    wait_end(p, 30, "pscisim did not end after k")
    if p.returncode != 130:
        fail("k: pscisim exited %d, expected 130" % p.returncode)
    # SIGINT to pscisim while a debugger holds it stopped: the run still ends as
    # interrupted (status 130), the debugger is dropped.
    p, port = start(pscisim, elf)
    c = Client(port)  # held open: a closed connection would be a detach
    c.expect(b"?", b"T05", prefix=True)
    p.send_signal(signal.SIGINT)
    wait_end(p, 30, "SIGINT did not end a stopped run")
    if p.returncode != 130:
        fail("SIGINT: pscisim exited %d, expected 130" % p.returncode)
    print("PASS")


if __name__ == "__main__":
    main()
