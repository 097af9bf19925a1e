#!/usr/bin/python3
"""ctest: a sweep's plots and HTML page, checked as a reader gets them.

- The PNG plots: size, dimensions and non-blank content (Pillow); the SVG plots parse.
- index.html in headless Chromium driven over the DevTools protocol (python3-websocket):
  no console errors, no uncaught exceptions, no failed loads, every image decoded
  (plots and each point's timeline SVG), and a screenshot that is not blank.
- A control page with a console error and a missing image must be caught by the same
  checks, so the check can fail.
Prints one line per check and "N passed, N failed". Exit 77 (ctest SKIP) when Chromium,
Pillow or python3-websocket is missing and PSCISIM_REQUIRE_BROWSER is not set.
"""
import argparse
import base64
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET

CHECKS = [0, 0]
SKIP = 77


def check(cond, what):
    CHECKS[0 if cond else 1] += 1
    print("%s: %s" % ("PASS" if cond else "FAIL", what))
    return cond


def image_stats(png_bytes):
    from PIL import Image
    im = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    small = im.resize((200, max(1, int(200 * im.height / im.width))))
    px = list(small.getdata())
    non_white = sum(1 for p in px if min(p) < 240) / len(px)
    return im.size, len(set(px)), non_white


class Browser:
    """Headless Chromium with a DevTools websocket to its first page."""

    def __init__(self, exe, tmp):
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp)
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             "--disable-extensions", "--user-data-dir=" + self.profile,
             "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1280,1000",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 60
        while not os.path.isfile(port_file) or os.path.getsize(port_file) == 0:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        with urllib.request.urlopen("http://127.0.0.1:%s/json/list" % port, timeout=30) as r:
            pages = [t for t in json.load(r) if t["type"] == "page"]
        import websocket
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.next_id = 0
        self.events = []
        for m in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.cmd(m)

    def cmd(self, method, **params):
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def drain(self, seconds):
        end = time.monotonic() + seconds
        self.ws.settimeout(0.2)
        while time.monotonic() < end:
            try:
                msg = json.loads(self.ws.recv())
            except Exception:  # timeout: nothing more for now
                continue
            if "method" in msg:
                self.events.append(msg)
        self.ws.settimeout(30)

    def load(self, url):
        """Navigates and returns the problems the page reported while loading."""
        self.events = []
        self.cmd("Page.navigate", url=url)
        deadline = time.monotonic() + 60
        while not any(e["method"] == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise RuntimeError("%s: no load event within 60 s" % url)
            self.drain(0.3)
        self.drain(1.0)  # late console messages
        problems = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                problems.append("exception: %s" % p["exceptionDetails"].get("text"))
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                problems.append("console.%s: %s" % (p["type"], " ".join(
                    str(a.get("value", a.get("description"))) for a in p.get("args", []))))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                problems.append("log: %s %s" % (p["entry"]["text"], p["entry"].get("url", "")))
            elif e["method"] == "Network.loadingFailed":
                problems.append("load failed: %s" % p.get("errorText"))
        broken = self.evaluate("Array.from(document.images).filter(i => !(i.complete && "
                               "i.naturalWidth > 0)).map(i => i.getAttribute('src'))")
        problems += ["image not decoded: %s" % s for s in broken]
        return problems

    def evaluate(self, expr):
        r = self.cmd("Runtime.evaluate", expression=expr, returnByValue=True)
        return r["result"].get("value")

    def screenshot(self):
        return base64.b64decode(self.cmd("Page.captureScreenshot", format="png")["data"])

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--pscisim", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--guest", dest="guests", action="append", required=True)
    ap.add_argument("--chromium", default="chromium")
    args = ap.parse_args()
    required = os.environ.get("PSCISIM_REQUIRE_BROWSER") == "1"

    missing = []
    exe = shutil.which(args.chromium)
    if not exe:
        missing.append("chromium")
    for mod, pkg in (("PIL", "python3-pil"), ("websocket", "python3-websocket")):
        try:
            __import__(mod)
        except ImportError:
            missing.append(pkg)
    if missing:
        print("SKIP: %s not installed (scripts/setup.sh installs them)" % ", ".join(missing))
        return 1 if required else SKIP

    with tempfile.TemporaryDirectory(prefix="pscisim-render-test-") as tmp:
        sweep = os.path.join(tmp, "sweep.toml")
        with open(sweep, "w") as f:
            f.write("""name = "render"
pscisim = "%s"
config = "%s"
[[axes]]
param = "option:latency-preset"
values = ["fvp", "juno"]
[[axes]]
param = "config:osi"
values = [false, true]
[[axes]]
param = "guest"
values = ["%s", "%s"]
""" % (args.pscisim, args.config, args.guests[0], args.guests[1]))
        out = os.path.join(tmp, "out")
        r = subprocess.run([args.tool, sweep, "-o", out, "-j", "2", "--quiet"],
                           capture_output=True, text=True, timeout=300)
        check(r.returncode == 0, "sweep with plots exits 0 (%s)" % r.stderr.strip()[-300:])

        for name in ("energy_vs_wakeup", "residency", "latency"):
            png = os.path.join(out, "plots", name + ".png")
            data = open(png, "rb").read() if os.path.isfile(png) else b""
            check(len(data) > 10000, "%s.png: %d bytes (> 10 KB)" % (name, len(data)))
            if data:
                (w, h), colours, ink = image_stats(data)
                check(w >= 500 and h >= 400, "%s.png: %dx%d pixels" % (name, w, h))
                check(colours > 20 and 0.02 < ink < 0.9,
                      "%s.png: not blank (%d colours, %.1f%% ink)" % (name, colours, 100 * ink))
            svg = os.path.join(out, "plots", name + ".svg")
            try:
                root = ET.parse(svg).getroot()
                check(root.tag.endswith("svg") and len(list(root.iter())) > 50,
                      "%s.svg parses as SVG" % name)
            except (OSError, ET.ParseError) as e:
                check(False, "%s.svg parses as SVG (%s)" % (name, e))
        # Deterministic plots: a second rendering (resume, nothing to run) is identical.
        before = {n: open(os.path.join(out, "plots", n), "rb").read()
                  for n in sorted(os.listdir(os.path.join(out, "plots")))}
        subprocess.run([args.tool, sweep, "-o", out, "--quiet"], capture_output=True,
                       timeout=300)
        after = {n: open(os.path.join(out, "plots", n), "rb").read() for n in before}
        check(before == after, "plots are byte-identical when drawn again")

        control = os.path.join(tmp, "control.html")
        with open(control, "w") as f:
            f.write("<!DOCTYPE html><html><body><p>control</p><img src=\"missing.png\">"
                    "<script>console.error('deliberate control error');</script></body></html>")

        browser = None
        try:
            browser = Browser(exe, tmp)
            problems = browser.load("file://" + os.path.join(out, "index.html"))
            check(not problems, "index.html loads without console errors or failed loads%s"
                  % ("" if not problems else ": " + "; ".join(problems[:5])))
            n_img = browser.evaluate("document.images.length")
            n_svg = browser.evaluate("Array.from(document.images).filter(i => "
                                     "i.getAttribute('src').endsWith('timeline.svg')).length")
            check(n_img == 3 + 8 and n_svg == 8,
                  "index.html shows 3 plots and 8 timelines (%s images, %s timelines)"
                  % (n_img, n_svg))
            rows = browser.evaluate("document.querySelectorAll('table tr').length")
            check(rows == 9, "index.html table has 8 point rows (+ header): %s" % rows)
            (w, h), colours, ink = image_stats(browser.screenshot())
            check(colours > 20 and ink > 0.02,
                  "screenshot %dx%d not blank (%d colours, %.1f%% ink)" % (w, h, colours, 100 * ink))
            # Scroll to the timelines: the first one (open) is drawn too.
            browser.evaluate("document.querySelector('details img').scrollIntoView()")
            browser.drain(0.5)
            (w, h), colours, ink = image_stats(browser.screenshot())
            check(colours > 10 and ink > 0.05,
                  "timeline in view not blank (%d colours, %.1f%% ink)" % (colours, 100 * ink))
            bad = browser.load("file://" + control)
            check(any("deliberate control error" in p for p in bad) and
                  any("missing.png" in p for p in bad),
                  "control page: the console error and the missing image are caught (%d problems)"
                  % len(bad))
        except Exception as e:  # a browser that does not answer is a failure, not a skip
            check(False, "Chromium DevTools session: %s" % e)
        finally:
            if browser:
                browser.close()
    print("%d passed, %d failed" % tuple(CHECKS))
    return 1 if CHECKS[1] or not CHECKS[0] else 0


if __name__ == "__main__":
    sys.exit(main())
