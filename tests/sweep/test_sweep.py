#!/usr/bin/python3
"""ctest cases for pscisim-sweep (tools/pscisim-sweep) on the local process pool.

  test_sweep.py --case local  : latency preset x OSI x 2 guests; every CSV row and value is
                                checked against a pscisim run made here, independently
  test_sweep.py --case resume : a second run skips finished points; a lost point and a new
                                axis value are the only ones run again
  test_sweep.py --case bad    : bad sweep files -> exit 2 and one "error:" line each
  test_sweep.py --case misc   : ranges with units, repetitions, option axes with flags
  test_sweep.py --case files  : an initramfs axis and a file option, relative to the sweep
                                file; a rebuilt input file reruns only its points
Each prints one line per check and a final "N passed, N failed" line.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

CHECKS = [0, 0]


def check(cond, what):
    CHECKS[0 if cond else 1] += 1
    print("%s: %s" % ("PASS" if cond else "FAIL", what))
    return cond


def run_sweep(tool, sweep_file, out, *extra):
    r = subprocess.run([tool, sweep_file, "-o", out, "-j", "2"] + list(extra),
                       capture_output=True, text=True, timeout=300)
    return r


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_toml(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def main_sweep_toml(args, name="preset-osi", extra_guest_values=""):
    return """
name = "%s"
pscisim = "%s"
config = "%s"
[[axes]]
param = "option:latency-preset"
values = ["fvp", "juno"%s]
[[axes]]
param = "config:osi"
values = [false, true]
[[axes]]
param = "guest"
values = ["%s", "%s"]
""" % (name, args.pscisim, args.config, extra_guest_values, args.guests[0], args.guests[1])


def direct_report(args, tmp, preset, osi, guest):
    """The report of the same point, run here without the sweep tool."""
    with open(args.config) as f:
        cfg = json.load(f)
    cfg["osi"] = osi
    cpath = os.path.join(tmp, "direct-config.json")
    rpath = os.path.join(tmp, "direct-report.json")
    with open(cpath, "w") as f:
        json.dump(cfg, f)
    r = subprocess.run([args.pscisim, "--quiet", "--config", cpath, "--latency-preset", preset,
                        "--report", rpath, guest], capture_output=True, timeout=120)
    with open(rpath) as f:
        return r.returncode, json.load(f)


def case_local(args, tmp):
    sweep = write_toml(os.path.join(tmp, "sweep.toml"), main_sweep_toml(args))
    out = os.path.join(tmp, "out")
    r = run_sweep(args.tool, sweep, out, "--no-plots")
    check(r.returncode == 0, "sweep exits 0 (got %d: %s)" % (r.returncode, r.stderr.strip()[-300:]))
    rows = read_csv(os.path.join(out, "results.csv"))
    check(len(rows) == 8, "8 rows (2 presets x 2 OSI x 2 guests), got %d" % len(rows))
    with open(os.path.join(out, "results.json")) as f:
        jt = json.load(f)
    check(len(jt["rows"]) == 8 and jt["columns"] == list(rows[0].keys()),
          "results.json has the same 8 rows and columns")
    combos = set()
    for i, row in enumerate(rows):
        preset, osi, guest = row["latency-preset"], row["osi"], row["guest"]
        combos.add((preset, osi, guest))
        status, rep = direct_report(args, tmp, preset, osi == "true", guest)
        where = "point %d (%s, osi=%s, %s)" % (i, preset, osi, os.path.basename(guest))
        ok = check(row["point"] == str(i) and row["repetition"] == "0", where + ": index")
        ok &= check(rep["config"]["preset"] == preset and rep["config"]["osi"] == (osi == "true"),
                    where + ": the direct run used the swept preset and OSI")
        ok &= check(row["exit_status"] == str(status) == "0" and
                    row["exit_reason"] == rep["run"]["exit"]["reason"] == "system_off",
                    where + ": exit status 0, reason system_off")
        ok &= check(int(row["simulated_time_ns"]) == rep["run"]["simulated_time_ns"] and
                    int(row["instructions"]) == rep["summary"]["instructions"] and
                    float(row["energy_mj"]) == rep["summary"]["energy_mj"],
                    where + ": simulated time %s ns, instructions, energy %s mJ" %
                    (row["simulated_time_ns"], row["energy_mj"]))
        # Per-domain residency and energy, and the residencies add up to the run.
        dom_ok = True
        for d in rep["domains"]:
            total = 0
            for m, s in d["states"].items():
                v = int(row["residency_ns.%s.%s" % (d["name"], m)])
                dom_ok &= v == s["residency_ns"]
                total += v
            dom_ok &= total == rep["run"]["simulated_time_ns"]
            dom_ok &= float(row["energy_mj." + d["name"]]) == d["energy_mj"]
        check(dom_ok, where + ": residency and energy of all %d domains" % len(rep["domains"]))
        calls_ok = all(int(row["calls." + k]) == v
                       for k, v in rep["summary"]["psci_call_counts"].items())
        calls_ok &= all(row[c] == "0" for c in row if c.startswith("calls.") and
                        c[6:] not in rep["summary"]["psci_call_counts"])
        check(calls_ok, where + ": PSCI call counts")
        lat_ok = True
        for k, g in rep["summary"]["latencies"].items():
            for ph in ("entry", "exit"):
                for s in ("count", "min_ns", "avg_ns", "max_ns"):
                    col = "latency.%s.%s.%s" % (k.replace(" ", ":"), ph, s)
                    lat_ok &= (row.get(col) == str(g[ph][s])) if ph in g else (row.get(col, "") == "")
        wake = [c["exit_latency_ns"] for c in rep["psci_calls"]
                if c["function"].startswith("CPU_SUSPEND") and "exit_latency_ns" in c]
        lat_ok &= bool(wake) and int(row["wakeup_latency_avg_ns"]) == round(sum(wake) / len(wake))
        lat_ok &= int(row["wakeup_latency_max_ns"]) == max(wake)
        check(lat_ok, where + ": latency statistics, wake-up avg %s ns" %
              row["wakeup_latency_avg_ns"])
        check(float(row["host_seconds"]) > 0 and float(row["wall_seconds"]) > 0,
              where + ": host seconds recorded")
        for f in ("report.json", "timeline.svg", "config.json", "result.json"):
            ok &= check(os.path.isfile(os.path.join(out, "points", "%04d" % i, f)),
                        where + ": kept " + f)
    check(len(combos) == 8, "every combination appears exactly once")
    # The axes took effect: the Juno table is slower to wake up than FVP's for each guest.
    for g in args.guests:
        w = {(r["latency-preset"], r["osi"]): int(r["wakeup_latency_avg_ns"])
             for r in rows if r["guest"] == g}
        check(w[("juno", "false")] > w[("fvp", "false")],
              "%s: juno wake-up %d ns > fvp %d ns" % (os.path.basename(g), w[("juno", "false")],
                                                      w[("fvp", "false")]))


def stamps(out):
    res = {}
    for p in sorted(os.listdir(os.path.join(out, "points"))):
        res[p] = os.stat(os.path.join(out, "points", p, "result.json")).st_mtime_ns
    return res


def case_resume(args, tmp):
    sweep = write_toml(os.path.join(tmp, "sweep.toml"), main_sweep_toml(args))
    out = os.path.join(tmp, "out")
    r = run_sweep(args.tool, sweep, out, "--no-plots")
    check(r.returncode == 0 and "8/8 points (0 skipped" in r.stderr, "first run: 8 points run")
    first = read_csv(os.path.join(out, "results.csv"))
    before = stamps(out)
    r = run_sweep(args.tool, sweep, out, "--no-plots")
    check(r.returncode == 0 and "8/8 points (8 skipped, 0 failed)" in r.stderr,
          "second run: all 8 finished points skipped")
    check(stamps(out) == before, "second run: no point's result rewritten")
    again = read_csv(os.path.join(out, "results.csv"))
    check(first == again, "second run: identical table")
    # A point whose result was lost (killed job) is the only one run again.
    os.remove(os.path.join(out, "points", "0005", "result.json"))
    del before["0005"]
    r = run_sweep(args.tool, sweep, out, "--no-plots")
    after = stamps(out)
    check(r.returncode == 0 and "8/8 points (7 skipped, 0 failed)" in r.stderr,
          "lost point: 7 skipped, 1 run")
    check(all(after[k] == v for k, v in before.items()), "lost point: the other 7 untouched")
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("host_seconds", "wall_seconds")}
                          for r in rows]
    check(strip(read_csv(os.path.join(out, "results.csv"))) == strip(first),
          "lost point: same table, host columns aside")
    # Changing a point's parameters changes its key: an option added to every point makes
    # every point run again.
    sweep2 = write_toml(os.path.join(tmp, "sweep2.toml"), main_sweep_toml(args).replace(
        'param = "config:osi"\nvalues = [false, true]',
        'param = "config:osi"\nvalues = [false, true]\n[[axes]]\nparam = "option:quantum"\n'
        'values = ["1us"]'))
    before = stamps(out)
    r = run_sweep(args.tool, sweep2, out, "--no-plots")
    check(r.returncode == 0 and "8/8 points (0 skipped" in r.stderr,
          "changed sweep (new option on every point): all 8 points run again")
    check(all(stamps(out)[k] != v for k, v in before.items()), "changed sweep: results rewritten")


def expect_error(args, tmp, name, text, must_contain):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    r = subprocess.run([args.tool, path, "-o", os.path.join(tmp, "bad-out")],
                       capture_output=True, text=True, timeout=120)
    lines = r.stderr.splitlines()
    check(r.returncode == 2 and len(lines) == 1 and lines[0].startswith("pscisim-sweep: error: ")
          and must_contain in lines[0] and r.stdout == "",
          "%s: exit 2 with one error line naming '%s' (got %d, %r)"
          % (name, must_contain, r.returncode, r.stderr.strip()))


def case_bad(args, tmp):
    good = main_sweep_toml(args)
    expect_error(args, tmp, "syntax.toml", good + "\n[[axes]\n", "not valid TOML")
    expect_error(args, tmp, "syntax.json", '{"axes": [}', "not valid JSON")
    expect_error(args, tmp, "unknown-key.toml", "colour = 1\n" + good, "unknown key 'colour'")
    expect_error(args, tmp, "no-axes.toml", 'guest = "%s"\npscisim = "%s"\n'
                 % (args.guests[0], args.pscisim), "axes: must be a non-empty list")
    expect_error(args, tmp, "bad-param.toml", good.replace("option:latency-preset", "latency"),
                 "'latency' is not config:KEY, option:NAME, guest or initramfs")
    expect_error(args, tmp, "unknown-option.toml",
                 good.replace("option:latency-preset", "option:latency-pre"),
                 "pscisim has no option --latency-pre")
    expect_error(args, tmp, "reserved-option.toml",
                 good.replace("option:latency-preset", "option:report"),
                 "--report is set by pscisim-sweep itself")
    expect_error(args, tmp, "missing-guest.toml", good.replace(args.guests[1], "/nonexistent.elf"),
                 "/nonexistent.elf: no such file")
    expect_error(args, tmp, "bad-value.toml", good.replace("[false, true]", '[false, "maybe"]'),
                 "osi=maybe")
    expect_error(args, tmp, "bad-preset.toml", good.replace('"juno"', '"qemu"'),
                 "latency-preset=qemu")
    expect_error(args, tmp, "bad-range.toml", good.replace(
        'values = ["fvp", "juno"]', 'range = { from = 4, to = 1, step = 1 }'),
        "to (1) is below from (4)")
    expect_error(args, tmp, "both.toml", good.replace(
        'values = ["fvp", "juno"]', 'values = ["fvp"]\nrange = { from = 1, to = 2, step = 1 }'),
        "exactly one of 'values' and 'range'")
    expect_error(args, tmp, "reps.toml", "repetitions = 0\n" + good, "repetitions: 0")
    r = subprocess.run([args.tool, os.path.join(tmp, "missing.toml")], capture_output=True,
                       text=True, timeout=60)
    check(r.returncode == 2 and r.stderr.count("\n") == 1 and "no such sweep file" in r.stderr,
          "missing sweep file: exit 2, one line")
    r = subprocess.run([args.tool, "--jobs", "x", "s.toml"], capture_output=True, text=True,
                       timeout=60)
    check(r.returncode == 2 and r.stderr.count("\n") == 1 and "--jobs" in r.stderr,
          "bad --jobs: exit 2, one line")
    check(not os.path.exists(os.path.join(tmp, "bad-out")), "no output directory for a bad file")


def case_misc(args, tmp):
    # A frequency range with a unit, 2 repetitions, a flag option (true -> --osi).
    text = """
name = "misc"
pscisim = "%s"
config = "%s"
guest = "%s"
repetitions = 2
options = { topology = "1x2", osi = true }
[[axes]]
param = "config:clusters[0].frequency"
name = "freq"
range = { from = 500, to = 1000, step = 500, unit = "MHz" }
""" % (args.pscisim, args.config, args.guests[1])
    sweep = write_toml(os.path.join(tmp, "misc.toml"), text)
    out = os.path.join(tmp, "out")
    r = run_sweep(args.tool, sweep, out, "--no-plots")
    check(r.returncode == 0, "misc sweep exits 0 (%s)" % r.stderr.strip()[-200:])
    rows = read_csv(os.path.join(out, "results.csv"))
    check([(r["freq"], r["repetition"]) for r in rows] ==
          [("500MHz", "0"), ("500MHz", "1"), ("1000MHz", "0"), ("1000MHz", "1")],
          "range 500..1000 step 500 MHz x 2 repetitions -> 4 rows in order")
    for r in rows:
        with open(os.path.join(out, r["report"])) as f:
            rep = json.load(f)
        c = rep["config"]
        check(c["clusters"][0]["frequency"] in (r["freq"], r["freq"].replace("1000MHz", "1GHz"))
              and c["osi"] is True and len(c["clusters"]) == 1 and c["clusters"][0]["cores"] == 2,
              "point %s: frequency %s, OSI, 1x2 reached pscisim" % (r["point"], r["freq"]))
    strip = lambda r: {k: v for k, v in r.items()
                       if k not in ("point", "repetition", "host_seconds", "wall_seconds",
                                    "report")}
    check(strip(rows[0]) == strip(rows[1]) and strip(rows[2]) == strip(rows[3]),
          "repetitions give identical simulated results")
    check(rows[0]["simulated_time_ns"] != rows[2]["simulated_time_ns"],
          "the frequency axis changes the simulated time")
    # A point killed by the host timeout is not finished: no table values, exit 1, and
    # it runs again on resume.
    tpath = os.path.join(tmp, "timeout.toml")
    with open(tpath, "w") as f:
        f.write('name = "t"\npscisim = "%s"\nguest = "%s"\ntimeout = 0.001\n'
                '[[axes]]\nparam = "option:topology"\nvalues = ["1x1"]\n'
                % (args.pscisim, args.guests[0]))
    for attempt in (1, 2):
        r = run_sweep(args.tool, tpath, os.path.join(tmp, "outt"), "--no-plots")
        rows = read_csv(os.path.join(tmp, "outt", "results.csv"))
        with open(os.path.join(tmp, "outt", "points", "0000", "result.json")) as f:
            res = json.load(f)
        check(r.returncode == 1 and "1 point(s) without a report: 0" in r.stderr and
              rows[0]["exit_status"] == "-1" and rows[0]["simulated_time_ns"] == "" and
              res["finished"] is False and res["error"].startswith("host timeout") and
              "(0 skipped, 1 failed)" in r.stderr,
              "run %d: a point past the host timeout is recorded as failed and not skipped"
              % attempt)
    # JSON sweep files work too.
    jpath = os.path.join(tmp, "misc.json")
    with open(jpath, "w") as f:
        json.dump({"name": "misc-json", "pscisim": args.pscisim, "guest": args.guests[1],
                   "axes": [{"param": "option:topology", "values": ["1x1", "1x2"]}]}, f)
    r = run_sweep(args.tool, jpath, os.path.join(tmp, "outj"), "--no-plots")
    rows = read_csv(os.path.join(tmp, "outj", "results.csv"))
    check(r.returncode == 0 and [x["topology"] for x in rows] == ["1x1", "1x2"] and
          "residency_ns.cluster0.core1.on" in rows[0] and rows[0]["residency_ns.cluster0.core1.on"] == ""
          and rows[1]["residency_ns.cluster0.core1.on"] != "",
          "JSON sweep file; domain columns are the union over points")


def case_files(args, tmp):
    # Input files named relative to the sweep file, which is not in the current directory:
    # an initramfs axis (--initrd) and a fixed --load FILE@ADDR. The points run in their
    # own directories, so pscisim must get absolute paths.
    sub = os.path.join(tmp, "inputs")
    os.makedirs(sub)
    for name, fill in (("rd-a.cpio", b"a"), ("rd-b.cpio", b"b"), ("blob.bin", b"z")):
        with open(os.path.join(sub, name), "wb") as f:
            f.write(fill * 4096)
    text = """
name = "files"
pscisim = "%s"
guest = "%s"
options = { load = "blob.bin@0x4f000000" }
[[axes]]
param = "initramfs"
values = ["rd-a.cpio", "rd-b.cpio"]
""" % (args.pscisim, args.guests[0])
    sweep = write_toml(os.path.join(sub, "files.toml"), text)
    out = os.path.join(tmp, "out")
    r = run_sweep(args.tool, sweep, out, "--no-plots")
    check(r.returncode == 0 and "2/2 points (0 skipped, 0 failed)" in r.stderr,
          "initramfs sweep exits 0, 2 points run (%s)" % r.stderr.strip()[-300:])
    rows = read_csv(os.path.join(out, "results.csv"))
    check([x["initramfs"] for x in rows] == ["rd-a.cpio", "rd-b.cpio"] and
          all(x["exit_status"] == "0" and x["exit_reason"] == "system_off" for x in rows),
          "the initramfs column holds the values as written; both points ran to SYSTEM_OFF")
    for i, rd in enumerate(("rd-a.cpio", "rd-b.cpio")):
        with open(os.path.join(out, "points", "%04d" % i, "result.json")) as f:
            argv = json.load(f)["argv"]
        check("--initrd=" + os.path.join(sub, rd) in argv and
              "--load=" + os.path.join(sub, "blob.bin") + "@0x4f000000" in argv,
              "point %d: pscisim got --initrd and --load with absolute paths" % i)
    r = run_sweep(args.tool, sweep, out, "--no-plots")
    check(r.returncode == 0 and "2/2 points (2 skipped, 0 failed)" in r.stderr,
          "resumed: both points skipped")
    # A rebuilt initramfs at the same path: only its point runs again.
    with open(os.path.join(sub, "rd-b.cpio"), "wb") as f:
        f.write(b"c" * 4096)
    r = run_sweep(args.tool, sweep, out, "--no-plots")
    check(r.returncode == 0 and "2/2 points (1 skipped, 0 failed)" in r.stderr,
          "a changed initramfs reruns its point only (%s)" % r.stderr.strip()[-200:])
    # A changed --load file reruns every point.
    with open(os.path.join(sub, "blob.bin"), "wb") as f:
        f.write(b"y" * 4096)
    r = run_sweep(args.tool, sweep, out, "--no-plots")
    check(r.returncode == 0 and "2/2 points (0 skipped, 0 failed)" in r.stderr,
          "a changed --load file reruns every point")
    # Missing input files: one error line, exit 2.
    expect_error(args, sub, "missing-load.toml", text.replace("blob.bin@", "nope.bin@"),
                 "options.load: --load: nope.bin: no such file")
    expect_error(args, sub, "missing-initramfs.toml", text.replace("rd-b.cpio", "rd-x.cpio"),
                 "axes[0]: rd-x.cpio: no such file")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", required=True, choices=("local", "resume", "bad", "misc", "files"))
    ap.add_argument("--tool", required=True)
    ap.add_argument("--pscisim", required=True)
    ap.add_argument("--config", required=True, help="base configuration file")
    ap.add_argument("--guest", dest="guests", action="append", required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="pscisim-sweep-test-") as tmp:
        globals()["case_" + args.case](args, tmp)
    print("%d passed, %d failed" % tuple(CHECKS))
    return 1 if CHECKS[1] or not CHECKS[0] else 0


if __name__ == "__main__":
    sys.exit(main())
