#!/usr/bin/env python3
"""Checks the suspend-latency benchmark (sw/bench/latency.c) against the configuration.

Runs pscisim with the benchmark guest and --report, takes the latency table and firmware
costs from the run's resolved configuration (the report's "config", which is what
`pscisim --print-config` prints for the same options), parses the guest's table and
asserts, for every power state the guest measured and every core:

  1. guest vs configuration: the guest's wake latency (round trip minus the programmed
     sleep, in counter ticks) equals the modelled exit latency (below) within the time the
     measurement itself adds (MEASUREMENT BOUND below);
  2. guest vs report: the same calls (matched by power_state and the context_id the guest
     passes, 0x1A70_0000 | iteration << 8 | core index) appear in the report's psci_calls,
     as many as the guest counted, all with an exit latency, and the guest's min/avg/max
     agree with the report's within the same bound;
  3. report vs configuration: every one of those exit latencies equals the modelled one
     exactly (both are simulator-side, no measurement in between).

Modelled exit latency of a CPU_SUSPEND woken by an interrupt (docs/timing-and-power.md,
"wake-up"): for every level the power_state takes down (StateID, recommended encoding: one
nibble per level, 1 = retention, 2 = off), from OFF power_up_ramp + exit(level, off), from
RETENTION exit(level, retention); after a power-down, plus warm_boot_cycles at the core's
cluster frequency (floor(n x 10^12 / f) ps). The dispatch cost D is spent on the way in
(entry latency), not on the way out, so it is not part of an exit latency. The benchmark
keeps every other core OFF (or, the lead core, in the deepest state) while a core measures,
so each level the power_state names is really down when the timer fires (the sleep, 4 ms,
is longer than every entry).

MEASUREMENT BOUND. The guest reads CNTVCT just before the call, arms the virtual timer
for t_call + sleep (a whole number of ticks, so the deadline is on a tick edge) and reads
CNTVCT again once execution continues. Measured wake = floor((exit + path) / tick) ticks,
where path is the guest code run between the core executing again and the CNTVCT read.
So  exit - tick < measured <= exit + path.  The path, counted on the disassembly of
bench-latency-*.elf with the ISS timing classes (docs/iss.md; no MMIO latency: the GIC and
RAM windows are mapped with zero latency):
  * returning at the call site (standby): RET out of sw_psci_call_resumable, the tail of
    sw_psci_cpu_suspend and after_suspend, ISB, MRS CNTVCT: 40 instructions, 63 cycles;
  * through sw_resume_entry (power-down): entry record, EL2 setup (2 ISB), context
    restore, after_suspend re-initialising the GIC CPU interface (GICR_WAKER, ICC_*, 2 ISB),
    ISB, MRS CNTVCT: 170 instructions, 288 cycles.
The bound allows PATH_CYCLES (those counts rounded up to leave room for small library
changes) at the core's cluster frequency: 0.1 us / 0.4 us at 1 GHz, plus one counter tick
(10 ns at 100 MHz, 20 ns at 50 MHz) below. No percentage: a latency table off by more than
that fails.

Usage:
  check_latency.py --pscisim PSCISIM --elf BENCH_ELF [--self-test] [--run-modified JSON]
                   -- <pscisim options>...
--self-test: also checks, on this run's data, that the comparison rejects deliberately
  wrong inputs: each configured exit latency +1 us, the power-up ramp +1 us, warm boot
  +1000 cycles, the timer frequency doubled, guest figures one tick beyond the bound, a
  report call lost, a report latency +1 ns.
--run-modified JSON: runs pscisim with this configuration file (written to a temporary
  directory, passed with --config after the options) but takes the expectation from the
  unmodified options' --print-config; passes only if the disagreement is detected (the run
  itself must succeed).
"""
import argparse
import copy
import json
import os
import re
import subprocess
import sys
import tempfile
from fractions import Fraction

SLEEP_RE = re.compile(r"^timer sleep (\d+) us per call, (\d+) calls per \(state, core\)")
HEADER_RE = re.compile(r"CNTFRQ (\d+) Hz, (\d+) core\(s\) in (\d+) cluster\(s\)")
ROW_RE = re.compile(
    r"^(\S+)\s+0x([0-9a-f]{8})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$")
STATES_RE = re.compile(r"^power states \([^)]*\): (.*)$")
CTX_TAG = 0x1A70

# Guest cycles from the core executing again to the CNTVCT read (see MEASUREMENT BOUND).
PATH_CYCLES = {"standby": 100, "powerdown": 400}

LEVELS = ("core", "cluster", "system")


def us_to_ps(v):
    # Config numbers are us with at most 3 decimals (1 ns resolution).
    return round(float(v) * 1_000_000)


def parse_freq(v):
    if isinstance(v, (int, float)):
        return int(v)
    m = re.fullmatch(r"([0-9.]+)\s*(?:([kKmMgG]?)[hH][zZ])?", v.strip())
    if not m:
        raise ValueError(f"unrecognised frequency {v!r}")
    mult = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[(m.group(2) or "").lower()]
    return int(Fraction(m.group(1)) * mult)


def cycles_ps(n, freq_hz):
    return n * 10**12 // freq_hz


def decode_power_state(ps, fmt):
    """(per-level local states (0 run, 1 retention, 2 off), powerdown) in the recommended
    StateID encoding (DEN 0022 §6.5)."""
    if fmt == "extended":
        stateid, powerdown = ps & 0x0FFFFFFF, bool(ps >> 30 & 1)
    else:
        stateid, powerdown = ps & 0xFFFF, bool(ps >> 16 & 1)
    return [stateid >> (4 * l) & 0xF for l in range(3)], powerdown


def core_cluster(cfg, idx):
    """Cluster of the core with linear index Aff1 x 16 + Aff0."""
    return cfg["clusters"][idx // 16]


def model_exit_ps(cfg, ps, idx):
    """Modelled exit latency (ps) of power_state ps for core idx, or raise ValueError."""
    levels, powerdown = decode_power_state(ps, cfg["power_state_format"])
    fw = cfg["firmware"]
    total = 0
    for level, local in enumerate(levels):
        if local == 0:
            continue
        state = {1: "retention", 2: "off"}.get(local)
        entry = cfg["latencies"][LEVELS[level]].get(state) if state else None
        if entry is None:
            raise ValueError(f"power_state 0x{ps:08x}: {LEVELS[level]} {state} not configured")
        total += us_to_ps(entry["exit_us"])
        if state == "off":
            total += us_to_ps(fw["power_up_ramp_us"])
    if powerdown:
        total += cycles_ps(fw["warm_boot_cycles"], parse_freq(core_cluster(cfg, idx)["frequency"]))
    return total


def parse_guest(text):
    # fvp: console lines carry their UART's name ("uart0: ").
    lines = [re.sub(r"^uart[0-9]+: ", "", l) for l in text.splitlines()]
    g = {"rows": {}, "states": {}}
    for l in lines:
        m = HEADER_RE.search(l)
        if m and "cntfrq" not in g:
            g["cntfrq"], g["ncores"] = int(m.group(1)), int(m.group(2))
        m = SLEEP_RE.match(l)
        if m:
            g["sleep_us"], g["iterations"] = int(m.group(1)), int(m.group(2))
        m = STATES_RE.match(l)
        if m:
            for item in m.group(1).split():
                name, _, ps = item.partition("=")
                g["states"][name] = int(ps.split()[0], 16)
        m = ROW_RE.match(l.rstrip())
        if m:
            f = [int(x) for x in m.groups()[2:]]
            key = (int(m.group(2), 16), f[0])
            g["rows"][key] = dict(name=m.group(1), core=f[0], count=f[1], resumed=f[2],
                                  rt_min=f[3], rt_avg=f[4], rt_max=f[5])
    for k in ("cntfrq", "sleep_us"):
        if k not in g:
            raise ValueError(f"guest output has no {k} line")
    return g


def report_calls(report):
    """{(power_state, core index): [exit_latency_ns or None, ...]} of the guest's measured
    calls, matched by their context_id."""
    out = {}
    for c in report["psci_calls"]:
        if not c["function"].startswith("CPU_SUSPEND"):
            continue
        ctx = int(c["args"][2], 16)
        if ctx >> 16 != CTX_TAG:
            continue
        idx = ctx & 0xFF
        mpidr = int(c["mpidr"], 16)
        if (mpidr >> 8 & 0xFF) * 16 + (mpidr & 0xFF) != idx:
            raise ValueError(f"call at {c['time_ns']} ns: context_id core {idx} from "
                             f"MPIDR {c['mpidr']}")
        out.setdefault((int(c["args"][0], 16), idx), []).append(c.get("exit_latency_ns"))
    return out


def compare(cfg, guest, calls):
    """Returns (list of problems, list of table rows for printing)."""
    problems, table = [], []
    tick_ps = 10**12 // guest["cntfrq"]
    if guest["cntfrq"] != parse_freq(cfg["timer_frequency"]):
        problems.append(f"guest CNTFRQ {guest['cntfrq']} Hz, configured timer_frequency "
                        f"{cfg['timer_frequency']}")
    sleep_ticks = guest["sleep_us"] * guest["cntfrq"] // 10**6
    if sleep_ticks * 10**6 != guest["sleep_us"] * guest["cntfrq"]:
        problems.append("the sleep is not a whole number of ticks: deadline off the tick edge")
    if not guest["rows"]:
        problems.append("the guest printed no measurement row")
    measured_states = {ps for ps, _ in guest["rows"]}
    for name, ps in guest["states"].items():
        if ps not in measured_states:
            problems.append(f"advertised state {name} (0x{ps:08x}) was not measured")
    for (ps, idx), row in sorted(guest["rows"].items()):
        where = f"{row['name']} 0x{ps:08x} core {idx}"
        try:
            model_ps = model_exit_ps(cfg, ps, idx)
        except (ValueError, KeyError, IndexError) as e:
            problems.append(f"{where}: {e}")
            continue
        _, powerdown = decode_power_state(ps, cfg["power_state_format"])
        freq = parse_freq(core_cluster(cfg, idx)["frequency"])
        path_ps = cycles_ps(PATH_CYCLES["powerdown" if powerdown else "standby"], freq)
        if row["resumed"] != (row["count"] if powerdown else 0):
            problems.append(f"{where}: {row['resumed']} of {row['count']} calls resumed at the "
                            f"entry point, expected {'all' if powerdown else 'none'}")
        wake = {k: (row["rt_" + k] - sleep_ticks) * tick_ps for k in ("min", "avg", "max")}
        # (1) guest vs configuration: exit - tick < measured <= exit + path; the average is
        # an integer division of ticks, so it may lose one more tick.
        for k, v in wake.items():
            lo = model_ps - tick_ps * (2 if k == "avg" else 1)
            if not lo < v <= model_ps + path_ps:
                problems.append(
                    f"{where}: guest wake {k} {v / 1e6:.3f} us, configured {model_ps / 1e6:.3f} "
                    f"us: outside ({lo / 1e6:.3f}, {(model_ps + path_ps) / 1e6:.3f}] us")
        # (2) guest vs report, the same calls.
        lat = calls.get((ps, idx), [])
        if len(lat) != row["count"]:
            problems.append(f"{where}: guest counted {row['count']} calls, report has {len(lat)}")
        if any(x is None for x in lat):
            problems.append(f"{where}: report call without exit_latency_ns")
        lat_ps = [x * 1000 for x in lat if x is not None]
        if lat_ps:
            rep = {"min": min(lat_ps), "max": max(lat_ps), "avg": sum(lat_ps) // len(lat_ps)}
            for k, v in wake.items():
                lo = rep[k] - tick_ps * (2 if k == "avg" else 1)
                if not lo < v <= rep[k] + path_ps:
                    problems.append(f"{where}: guest wake {k} {v / 1e6:.3f} us, report "
                                    f"{rep[k] / 1e6:.3f} us (+{path_ps / 1e6:.3f} us allowed)")
            # (3) report vs configuration, exactly (the report prints whole ns).
            bad = sorted({x for x in lat if x != model_ps // 1000})
            if bad:
                problems.append(f"{where}: report exit latencies {bad} ns, configured "
                                f"{model_ps // 1000} ns")
        table.append((row["name"], ps, idx, model_ps, wake["min"], wake["max"],
                      min(lat_ps) if lat_ps else None, max(lat_ps) if lat_ps else None))
    extra = sorted(set(calls) - set(guest["rows"]))
    if extra:
        problems.append("report has measured calls the guest did not print: " +
                        ", ".join(f"0x{ps:08x} core {i}" for ps, i in extra))
    return problems, table


def perturbations(cfg):
    """Deliberately wrong tables: each configured exit latency, ramp and the warm-boot count
    off by the smallest unit the check must resolve (1 us; 1000 cycles = 1 us at 1 GHz)."""
    for level in LEVELS:
        for state, e in cfg["latencies"][level].items():
            if e is None:
                continue
            bad = copy.deepcopy(cfg)
            bad["latencies"][level][state]["exit_us"] = e["exit_us"] + 1
            yield f"{level}.{state}.exit_us +1", bad
    for key, delta in (("power_up_ramp_us", 1), ("warm_boot_cycles", 1000)):
        bad = copy.deepcopy(cfg)
        bad["firmware"][key] += delta
        yield f"firmware.{key} +{delta}", bad
    bad = copy.deepcopy(cfg)
    bad["timer_frequency"] = parse_freq(cfg["timer_frequency"]) * 2
    yield "timer_frequency x2", bad


def run(a, sim_args, tmp):
    """Runs the guest; returns (guest output, report) or raises RuntimeError."""
    rpath = os.path.join(tmp, "report.json")
    cmd = [a.pscisim, "--quiet", *sim_args, "--report", rpath, a.elf]
    print("$ " + " ".join(cmd))
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=a.timeout)
    text = p.stdout.decode("utf-8", errors="replace")
    sys.stdout.write(text)
    if p.returncode != 0:
        raise RuntimeError(f"pscisim exited with {p.returncode}")
    with open(rpath, encoding="utf-8") as f:
        report = json.load(f)
    # The report echoes the resolved configuration: it must be what --print-config gives
    # for the same options.
    if print_config(a, sim_args) != report["config"]:
        raise RuntimeError("the report's config differs from --print-config")
    return text, report


def print_config(a, sim_args):
    pc = subprocess.run([a.pscisim, *sim_args, "--print-config"], stdout=subprocess.PIPE,
                        stdin=subprocess.DEVNULL, timeout=a.timeout, check=True)
    return json.loads(pc.stdout)


def self_test(cfg, guest, calls):
    """The comparison must reject wrong tables, a guest off by more than the bound, and a
    report that lost or changed a call. Returns the number of cases not rejected."""
    cases = list(perturbations(cfg))
    tick_ps = 10**12 // guest["cntfrq"]
    late = copy.deepcopy(guest)
    for (ps, idx), row in late["rows"].items():
        _, pd = decode_power_state(ps, cfg["power_state_format"])
        freq = parse_freq(core_cluster(cfg, idx)["frequency"])
        ticks = cycles_ps(PATH_CYCLES["powerdown" if pd else "standby"], freq) // tick_ps + 1
        for k in ("rt_min", "rt_avg", "rt_max"):
            row[k] += ticks
    key = next(iter(sorted(calls)))
    lost = copy.deepcopy(calls)
    lost[key] = lost[key][1:]
    changed = copy.deepcopy(calls)
    changed[key] = [changed[key][0] + 1] + changed[key][1:]
    missed = 0
    for what, c, g, r in ([(w, bad, guest, calls) for w, bad in cases] +
                          [("guest later than the bound", cfg, late, calls),
                           (f"report lost a call of {key}", cfg, guest, lost),
                           (f"report exit latency +1 ns for {key}", cfg, guest, changed)]):
        caught, _ = compare(c, g, r)
        if caught:
            print(f"self-test: {what}: rejected ({len(caught)} problems, e.g. {caught[0]})")
        else:
            print(f"check_latency: self-test: {what}: NOT rejected")
            missed += 1
    return missed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pscisim", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--run-modified", metavar="JSON",
                    help="run with this configuration file content added (--config, written "
                         "to a temporary directory) but expect the unmodified configuration; "
                         "passes only if the disagreement is detected")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("sim_args", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    sim_args = a.sim_args[1:] if a.sim_args[:1] == ["--"] else a.sim_args

    with tempfile.TemporaryDirectory() as tmp:
        run_args = sim_args
        if a.run_modified:
            path = os.path.join(tmp, "modified.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(a.run_modified)
            run_args = [*sim_args, "--config", path]
        try:
            text, report = run(a, run_args, tmp)
            cfg = print_config(a, sim_args) if a.run_modified else report["config"]
        except (RuntimeError, subprocess.SubprocessError, ValueError) as e:
            print(f"check_latency: {e}")
            return 1
    guest = parse_guest(text)
    calls = report_calls(report)
    problems, table = compare(cfg, guest, calls)

    tick_ns = 1e9 / guest["cntfrq"]
    print(f"\nCNTFRQ {guest['cntfrq']} Hz (tick {tick_ns:g} ns), sleep {guest['sleep_us']} us, "
          f"guest path budget {PATH_CYCLES['standby']}/{PATH_CYCLES['powerdown']} cycles "
          "(standby/power-down)")
    print(f"{'state':<18} {'power_state':<11} {'core':>4} {'configured us':>14} "
          f"{'guest min..max us':>21} {'report min..max us':>21}")
    for name, ps, idx, model, gmin, gmax, rmin, rmax in table:
        rep = f"{rmin / 1e6:.3f}..{rmax / 1e6:.3f}" if rmin is not None else "-"
        print(f"{name:<18} 0x{ps:08x}  {idx:>4} {model / 1e6:>14.3f} "
              f"{gmin / 1e6:>10.3f}..{gmax / 1e6:<10.3f} {rep:>21}")

    for pr in problems:
        print(f"check_latency: {pr}")
    if a.run_modified:
        if not problems:
            print("check_latency: the run used a modified configuration but agreed with the "
                  "unmodified one: the check cannot tell configurations apart")
            return 1
        print(f"check_latency: the modified configuration was detected ({len(problems)} "
              "problems), as required")
        return 0
    if problems:
        return 1
    if a.self_test and self_test(cfg, guest, calls):
        return 1
    print(f"check_latency: {len(table)} (state, core) rows agree with the configuration "
          "and the report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
