#!/usr/bin/env python3
"""The GDB stub under a raw RSP client: bad packets, a second client, a
disconnect mid-session. pscisim must answer each case as the protocol says and
then run the guest to its end (exit status 0) without a crash. Also bad --gdb
options and a port in use (exit status 2 with one line); with a third argument
(a guest that runs long enough), a debugger attached mid-run leaves the report
unchanged."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def frame(payload):
    return b"$" + payload + b"#%02x" % (sum(payload) & 0xFF)


class Client:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""

    def send(self, raw):
        self.s.sendall(raw)

    def read_until(self, pred):
        deadline = time.time() + 10
        while time.time() < deadline:
            r = pred(self.buf)
            if r is not None:
                return r
            chunk = self.s.recv(65536)
            if not chunk:
                fail("the stub closed the connection")
            self.buf += chunk
        fail("no answer; have %r" % self.buf[:200])

    def ack(self):
        def p(b):
            if b[:1] in (b"+", b"-"):
                c, self.buf = b[:1], b[1:]
                return c
            return None
        return self.read_until(p)

    def packet(self):
        def p(b):
            m = re.match(rb"\$([^#]*)#([0-9a-f]{2})", b, re.S)
            if not m:
                return None
            if int(m.group(2), 16) != sum(m.group(1)) & 0xFF:
                fail("bad checksum from the stub")
            self.buf = b[m.end():]
            return m.group(1)
        return self.read_until(p)

    def cmd(self, payload):
        self.send(frame(payload))
        if self.ack() != b"+":
            fail("no '+' for %r" % payload)
        return self.packet()


def start(pscisim, elf, wait=True):
    p = subprocess.Popen([pscisim, "-q", "--topology", "2x1", "--gdb", "0"] +
                         (["--gdb-wait"] if wait else []) + [elf],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = None
    while port is None:
        line = p.stderr.readline()
        if not line:
            fail("no port line")
        m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        port = int(m.group(1)) if m else None
    threading.Thread(target=lambda: p.stderr.read(), daemon=True).start()
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
    if c.cmd(b"Z0,%x,4" % symbol(elf, "gdb_spin")) != b"OK":
        fail("Z0")
    c.send(frame(b"c"))
    c.ack()
    if not c.packet().startswith(b"T05thread:1;"):
        fail("no stop at gdb_spin")
    if c.cmd(b"M%x,8:ffffffffff000000" % spin) != b"OK":
        fail("M")
    if c.cmd(b"D") != b"OK":
        fail("D")
    c.s.close()
    time.sleep(0.3)
    c = Client(port)
    r = c.cmd(b"?")
    if not r.startswith(b"T05thread:"):
        fail("attach to a running run: %r" % r)
    if c.cmd(b"M%x,8:0000000000000000" % spin) != b"OK":
        fail("M 0")
    c.send(frame(b"c"))
    c.ack()
    r = c.packet()
    if r != b"W00":
        fail("end of run reported as %r, expected W00" % r)
    try:
        out, _ = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        fail("pscisim did not finish")
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


def report_without_host(path):
    with open(path) as f:
        j = json.load(f)
    j.pop("host", None)
    return j


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
        p = subprocess.Popen([pscisim, "-q", "--report", dbg, "--gdb", "0", elf],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        port = None
        while port is None:
            line = p.stderr.readline()
            if not line:
                fail("no port line")
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            port = int(m.group(1)) if m else None
        threading.Thread(target=lambda: p.stderr.read(), daemon=True).start()
        c = Client(port)
        # The stub stops the machine at the synchronisation point where it accepts.
        r = c.cmd(b"?")
        if not r.startswith(b"T05thread:"):
            fail("mid-run attach: halt reason %r" % r)
        if not re.fullmatch(rb"[0-9a-f]+", c.cmd(b"g")):
            fail("mid-run attach: g")
        if not re.fullmatch(rb"[0-9a-f]{8}", c.cmd(b"m40080000,4")):
            fail("mid-run attach: m")
        c.send(frame(b"vCont;c"))
        c.ack()
        time.sleep(0.05)
        c.send(b"\x03")
        r = c.packet()
        if r.startswith(b"T02thread:"):
            print("mid-run attach: interrupted (%s)" % r.decode())
            c.cmd(b"g")
            c.send(frame(b"vCont;c"))
            c.ack()
            r = c.packet()
        if r != b"W00":
            fail("mid-run attach: end of run reported as %r, expected W00" % r)
        try:
            p.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill()
            fail("mid-run attach: pscisim did not finish")
        if p.returncode != 0:
            fail("mid-run attach: pscisim exited %d" % p.returncode)
        x, y = report_without_host(ref), report_without_host(dbg)
        if x != y:
            for k in x:
                if x.get(k) != y.get(k):
                    print("differs: %s" % k)
            fail("mid-run attach: the report differs from the one without a debugger")
        print("mid-run attach: report identical (host section aside)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    pscisim, elf = sys.argv[1], sys.argv[2]
    bad_options(pscisim, elf)
    if len(sys.argv) > 3:
        attach_midrun_same_report(pscisim, sys.argv[3])
    p = subprocess.Popen([pscisim, "-q", "--topology", "2x1", "--gdb", "tcp::0", "--gdb-wait",
                          elf], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = None
    while port is None:
        line = p.stderr.readline()
        if not line:
            fail("no port line")
        m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        port = int(m.group(1)) if m else None
    threading.Thread(target=lambda: p.stderr.read(), daemon=True).start()
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
    r = c.cmd(b"?")
    if not r.startswith(b"T05thread:1;"):
        fail("halt reason %r" % r)
    for bad, want in [(b"mzz,4", b"E01"), (b"m40000000", b"E01"), (b"Pffff=00", b"E01"),
                      (b"Z9,0,4", b"E01"), (b"vFoo", b""), (b"Hgzz", b"E01"),
                      (b"Hg99", b"E02"), (b"p7fff", b"E01"), (b"M40000000,2:00", b"E01"),
                      (b"qThreadExtraInfo,0", b"E01"), (b"vCont;x", b"E01"), (b"", b"")]:
        r = c.cmd(bad)
        if r != want:
            fail("%r answered %r, expected %r" % (bad, r, want))
    r = c.cmd(b"qXfer:features:read:target.xml:0,ffff")
    if not (r.startswith(b"l") and b"org.gnu.gdb.aarch64.core" in r and b"SCTLR_EL2" in r):
        fail("target description %r" % r[:100])
    r = c.cmd(b"qfThreadInfo")
    if r != b"m1,2":
        fail("thread list %r" % r)
    r = c.cmd(b"m40080000,4")
    if not re.fullmatch(rb"[0-9a-f]{8}", r):
        fail("memory read %r" % r)
    c.send(frame(b"qRcmd," + b"help".hex().encode()))
    c.ack()
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
    if c.cmd(b"qC") != b"QC1":
        fail("first client broken by the second")
    # A breakpoint, then the debugger vanishes mid-session: the run goes on to its
    # end with the breakpoint gone.
    if c.cmd(b"Z0,40080000,4") != b"OK":
        fail("Z0")
    c.s.close()
    try:
        out, _ = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        fail("pscisim did not finish after the disconnect")
    if p.returncode != 0 or "gdb target: ok" not in out:
        fail("pscisim exited %d with %r" % (p.returncode, out))
    attach_to_running(pscisim, elf)
    # `k` ends the run like Ctrl-C on pscisim: status 130.
    p = subprocess.Popen([pscisim, "-q", "--topology", "2x1", "--gdb", "0", "--gdb-wait", elf],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = None
    while port is None:
        line = p.stderr.readline()
        if not line:
            fail("no port line")
        m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        port = int(m.group(1)) if m else None
    threading.Thread(target=lambda: p.stderr.read(), daemon=True).start()
    c = Client(port)
    c.send(frame(b"k"))
    try:
        p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        fail("pscisim did not end after k")
    if p.returncode != 130:
        fail("k: pscisim exited %d, expected 130" % p.returncode)
    # SIGINT to pscisim while a debugger holds it stopped: the run still ends as
    # interrupted (status 130), the debugger is dropped.
    p, port = start(pscisim, elf)
    c = Client(port)
    if not c.cmd(b"?").startswith(b"T05"):
        fail("?")
    p.send_signal(signal.SIGINT)
    try:
        p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        fail("SIGINT did not end a stopped run")
    if p.returncode != 130:
        fail("SIGINT: pscisim exited %d, expected 130" % p.returncode)
    print("PASS")


if __name__ == "__main__":
    main()
