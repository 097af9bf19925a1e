"""Helpers shared by the GDB stub tests (run_gdb.py, protocol.py): starting pscisim
with its stub and learning the port, waiting for its end, comparing reports, and a
raw Remote Serial Protocol client."""
import json
import re
import socket
import subprocess
import sys
import threading
import time


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def start_pscisim(cmd):
    """Starts pscisim (cmd holds --gdb) and reads stderr up to the stub's port line.
    Returns (process, port, stderr lines so far, list that collects the rest of
    stderr, the thread that collects it)."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = None
    err_lines = []
    while port is None:
        line = p.stderr.readline()
        if not line:
            p.kill()
            fail("pscisim did not open its GDB port: " + "".join(err_lines))
        err_lines.append(line)
        m = re.search(r"gdb server listening on 127\.0\.0\.1:(\d+)", line)
        port = int(m.group(1)) if m else None
    # Keep draining stderr so the simulator never blocks on a full pipe.
    rest = []
    t = threading.Thread(target=lambda: rest.extend(p.stderr.readlines()), daemon=True)
    t.start()
    return p, port, err_lines, rest, t


def wait_end(p, timeout, what):
    """Waits for pscisim to end; returns its stdout. Kills it and fails with
    `what` when it does not end within timeout seconds."""
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        fail(what)
    return out


def report_without_host(path):
    with open(path) as f:
        j = json.load(f)
    j.pop("host", None)
    return j


def reports_equal(ref_path, dbg_path):
    """True when both JSON reports are identical apart from their "host" section;
    otherwise prints each differing section."""
    x, y = report_without_host(ref_path), report_without_host(dbg_path)
    if x == y:
        return True
    for k in sorted(set(x) | set(y)):
        if x.get(k) != y.get(k):
            print("differs: %s\n  without: %s\n  with:    %s" %
                  (k, json.dumps(x.get(k))[:400], json.dumps(y.get(k))[:400]))
    return False


def frame(payload):
    return b"$" + payload + b"#%02x" % (sum(payload) & 0xFF)


class Client:
    """A raw RSP client: every packet it sends must be acknowledged with '+', every
    packet it receives must carry a correct checksum."""

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

    def post(self, payload):
        """Sends a packet whose answer comes later (c, vCont;c, k): only the ack."""
        self.send(frame(payload))
        if self.ack() != b"+":
            fail("no '+' for %r" % payload)

    def cmd(self, payload):
        self.post(payload)
        return self.packet()

    def expect(self, payload, want, prefix=False, what=None):
        """Sends payload and returns its answer, which must be want: equal to it
        (bytes), start with it (bytes, prefix=True) or match it in full (a compiled
        bytes pattern)."""
        r = self.cmd(payload)
        if isinstance(want, re.Pattern):
            ok = want.fullmatch(r) is not None
        else:
            ok = r.startswith(want) if prefix else r == want
        if not ok:
            fail("%s%r answered %r, expected %s%r" %
                 (what + ": " if what else "", payload, r[:200], "a prefix " if prefix else "",
                  getattr(want, "pattern", want)))
        return r

    def resume(self, payload=b"c"):
        """Resumes the machine and returns the stop (or exit) packet."""
        self.post(payload)
        return self.packet()
