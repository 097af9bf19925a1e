#!/usr/bin/env python3
"""Firmware mode (--boot-el 3): the report's four points per call against the configured
power-controller latencies and the waveform.

Runs pscisim with --report and --vcd, takes the latency table and ramps from the report's
resolved configuration, and for every call in psci_calls that powered its core down and
back up (points_ns has lowpower_entry and lowpower_exit) asserts, exactly (all four points
and the waveform are simulator-side):

  1. the core's domain starts powering down at lowpower_entry and is OFF
     entry(core, off) + power_down_ramp later (models/fvp fvp_sequencer.h);
  2. it starts powering up exit(core, off) + power_up_ramp before lowpower_exit and is ON
     at lowpower_exit, the first instruction after the warm reset;
  3. the cluster is ON when the core starts powering up, and if the call's power_state
     asks for the cluster (level >= 1: the original format's PowerLevel bits 25:24, or the
     extended format's StateID as TF-A's FVP port encodes it, one 4-bit field per level,
     2 = off), every cluster power-down and power-up in between took exactly its
     configured time (the cluster may go down and up several times for other cores, or
     stay ON when another core of the cluster runs: coordination, DEN 0022 4.4);
  4. the derived latencies are the differences of the points: entry_latency_ns =
     lowpower_entry - psci_entry, exit_latency_ns = psci_exit - lowpower_exit, both
     present, and psci_entry <= lowpower_entry < lowpower_exit <= psci_exit.

It also requires at least --min-calls such calls (so a run that never powers down cannot
pass). Exit 77 (skipped) when --needs FILE is given and FILE does not exist (the cached
TF-A BL31, scripts/build-tf-a.sh).

--run-modified JSON: runs pscisim with this configuration file added (--config, written to
a temporary directory) but expects the unmodified options' --print-config; passes only if
the disagreement is detected (the run itself must succeed).

Usage: check_fw_latency.py --pscisim BIN [--min-calls N] [--needs FILE] [--run-modified JSON]
                           -- <pscisim args>
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def parse_vcd(path):
    """{scope path: [(time_ns, value)]} for the power signals."""
    ids, scope, changes, t = {}, [], {}, 0
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == "$scope":
                scope.append(w[2])
            elif w[0] == "$upscope":
                scope.pop()
            elif w[0] == "$var" and w[4] == "power":
                ids[w[3]] = ".".join(scope[1:])
            elif w[0].startswith("#"):
                t = int(w[0][1:])
            elif w[0].startswith("b") and len(w) == 2 and w[1] in ids:
                changes.setdefault(ids[w[1]], []).append((t, int(w[0][1:], 2)))
    return changes


ON, OFF, DOWN, UP = 0, 2, 3, 4


def value_at(track, t):
    v = None
    for tt, vv in track:
        if tt > t:
            break
        v = vv
    return v


def change_at(track, t, value):
    return any(tt == t and vv == value for tt, vv in track)


def cluster_level(fid, power_state, fmt):
    if fmt == "extended":
        return ((power_state >> 4) & 0xF) == 2
    return ((power_state >> 24) & 3) >= 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pscisim", required=True)
    ap.add_argument("--min-calls", type=int, default=1)
    ap.add_argument("--needs")
    ap.add_argument("--run-modified", metavar="JSON")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("sim_args", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    if a.needs and not os.path.exists(a.needs):
        print(f"SKIP: {a.needs} not found (scripts/build-tf-a.sh builds it)")
        return 77
    args = [x for x in a.sim_args if x != "--"]
    with tempfile.TemporaryDirectory() as tmp:
        rep, vcd = os.path.join(tmp, "r.json"), os.path.join(tmp, "r.vcd")
        run_args = args
        if a.run_modified:
            path = os.path.join(tmp, "modified.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(a.run_modified)
            run_args = args + ["--config", path]
        r = subprocess.run([a.pscisim, "--quiet", "--report", rep, "--vcd", vcd] + run_args,
                           capture_output=True, text=True, errors="replace",
                           timeout=a.timeout)
        print(r.stdout[-2000:] + r.stderr[-2000:])
        if r.returncode != 0:
            print(f"FAIL pscisim exit status {r.returncode}")
            return 1
        j = json.load(open(rep))
        tracks = parse_vcd(vcd)
        cfg = j["config"]
        if a.run_modified:
            pc = subprocess.run([a.pscisim, *args, "--print-config"], capture_output=True,
                                text=True, timeout=a.timeout, check=True)
            cfg = json.loads(pc.stdout)
    lat, fw = cfg["latencies"], cfg["firmware"]
    us = 1000
    core_down = (lat["core"]["off"]["entry_us"] + fw["power_down_ramp_us"]) * us
    core_up = (lat["core"]["off"]["exit_us"] + fw["power_up_ramp_us"]) * us
    cl_down = (lat["cluster"]["off"]["entry_us"] + fw["power_down_ramp_us"]) * us
    cl_up = (lat["cluster"]["off"]["exit_us"] + fw["power_up_ramp_us"]) * us
    ncores = [c["cores"] for c in cfg["clusters"]]
    problems, checked = [], 0
    for c in j["psci_calls"]:
        p = c.get("points_ns")
        if p is None:
            problems.append(f"call at {c['time_ns']} has no points_ns (not firmware mode?)")
            continue
        if "lowpower_entry" not in p or "lowpower_exit" not in p:
            continue
        mp = int(c["mpidr"], 16)
        cl, core = (mp >> 8) & 0xFF, mp & 0xFF
        if cl >= len(ncores) or core >= ncores[cl]:
            problems.append(f"{c['mpidr']}: not a core of the configuration")
            continue
        name = f"{c['function']} {c['mpidr']} at {c['time_ns']} ns"
        ct, kt = tracks.get(f"cluster{cl}.core{core}", []), tracks.get(f"cluster{cl}", [])
        le, lx = p["lowpower_entry"], p["lowpower_exit"]
        if not (p["psci_entry"] <= le < lx and ("psci_exit" not in p or lx <= p["psci_exit"])):
            problems.append(f"{name}: points out of order {p}")
        if c.get("entry_latency_ns") != le - p["psci_entry"]:
            problems.append(f"{name}: entry_latency_ns != lowpower_entry - psci_entry")
        if "psci_exit" in p and c.get("exit_latency_ns") != p["psci_exit"] - lx:
            problems.append(f"{name}: exit_latency_ns != psci_exit - lowpower_exit")
        if not change_at(ct, le, DOWN):
            problems.append(f"{name}: core not powering down at lowpower_entry {le}")
        if not change_at(ct, le + core_down, OFF):
            problems.append(f"{name}: core not OFF at lowpower_entry + {core_down}")
        if not change_at(ct, lx - core_up, UP):
            problems.append(f"{name}: core not powering up at lowpower_exit - {core_up}")
        if not change_at(ct, lx, ON):
            problems.append(f"{name}: core not ON at lowpower_exit {lx}")
        if c["function"].startswith("CPU_SUSPEND") and cluster_level(
                int(c["function_id"], 16), int(c["args"][0], 16), cfg["power_state_format"]):
            # The cluster's own transitions in between (it may go down and up more than
            # once while the core is off, for other cores of the cluster, or stay ON
            # under coordination, DEN 0022 4.4), each over its configured time.
            for t, v in kt:
                if le <= t < lx and v == DOWN and not change_at(kt, t + cl_down, OFF):
                    problems.append(f"{name}: cluster powering down at {t} not OFF {cl_down} later")
                if le <= t < lx and v == UP and not change_at(kt, t + cl_up, ON):
                    problems.append(f"{name}: cluster powering up at {t} not ON {cl_up} later")
        # The core powers up only in an ON cluster.
        if value_at(kt, lx - core_up) != ON:
            problems.append(f"{name}: cluster not ON when the core starts powering up")
        checked += 1
    if checked < a.min_calls:
        problems.append(f"only {checked} calls powered down and up (need {a.min_calls})")
    for pr in problems:
        print(("detected: " if a.run_modified else "FAIL ") + pr)
    if a.run_modified:
        print("check_fw_latency: the modified run was " +
              ("caught" if problems else "NOT caught"))
        return 0 if problems else 1
    print(f"check_fw_latency: {checked} power-down calls agree with the configuration"
          if not problems else f"check_fw_latency: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
