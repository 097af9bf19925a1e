"""Boots the fetched Debian kernel with the check initramfs (sw/linux/init) on pscisim
and checks the run: shared by the Linux ctests (test_linux_pscisim.py,
test_linux_determinism.py) and the benchmark (scripts/bench-linux.py).

What is checked against what (docs/linux.md, "Linux ctests"):
- /init's own checks: every one printed PASS, none FAIL, the summary line says so;
- pscisim's report against the counters Linux printed ("STAT" lines of /init):
  CPU_SUSPEND calls >= the idle entries Linux counted (per CPU and in total),
  SYSTEM_SUSPEND called and accepted while Linux counted its suspends as successes, and
  per CPU the power-down residency that followed CPU_SUSPEND calls (from the VCD) against
  Linux's cpuidle `time`.
"""
import json
import os
import re
import resource
import subprocess
import time

# The checks sw/linux/init runs (each prints one PASS or FAIL line).
EXPECTED_CHECKS = 8

# Residency tolerance, per CPU: |pscisim - Linux| <= RESIDENCY_PER_ENTRY_US x entries +
# the length of /init's counter dump + RESIDENCY_CLOCK_US, after taking off the s2idle
# time Linux did not see (check_report). Linux times a stay from before its CPU_SUSPEND
# call to after the return (cpuidle_enter_state: the kernel's entry and resume paths,
# the cpu_pm notifiers, the PSCI call itself), pscisim from the power controller's
# powering-down start to the end of powering-up; that path costs some microseconds of
# simulated core time per stay (measured: 10-50 us; the allowance is generous).
# pscisim counts the stays that ended 1 s before SYSTEM_OFF (when /init's dump had
# ended); Linux misses those that ended during the dump after its counters were read.
# The dump's length comes from /proc/uptime, in 10 ms steps: RESIDENCY_CLOCK_US.
RESIDENCY_PER_ENTRY_US = 100
RESIDENCY_CLOCK_US = 20000


def cache_dir():
    return os.environ.get("PSCISIM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "pscisim", "linux")


def fetched():
    """(kernel, busybox) from scripts/fetch-linux.sh's stamp, or None if not fetched."""
    stamp = os.path.join(cache_dir(), "fetched")
    if not os.path.exists(stamp):
        return None
    vals = dict(l.strip().split("=", 1) for l in open(stamp) if "=" in l)
    k, b = vals.get("KERNEL", ""), vals.get("BUSYBOX", "")
    if not os.path.isfile(k) or not os.path.isfile(b):
        return None
    return k, b


def build_initramfs(mkinitramfs, busybox, init, out):
    subprocess.run([mkinitramfs, "--busybox", busybox, "--init", init, "-o", out], check=True)


def conduit_args(boot_el):
    # A kernel booted at EL1 has no hypervisor: PSCI over HVC, as QEMU virt without
    # virtualization. Booted at EL2 the kernel owns HVC, so PSCI is over SMC.
    return ["--boot-el", str(boot_el)] + (["--conduit", "hvc"] if boot_el == 1 else [])


def boot(pscisim, kernel, initrd, outdir, boot_el, args, append="console=ttyAMA0 quiet",
         max_time="60s", vcd=True):
    """Runs one boot; console, report (and VCD) go to outdir. Returns a dict with the
    exit status, host seconds, the command and the output paths."""
    os.makedirs(outdir, exist_ok=True)
    out = {k: os.path.join(outdir, f) for k, f in
           (("console", "console.txt"), ("report", "report.json"), ("vcd", "power.vcd"))}
    cmd = [pscisim, "-q", *conduit_args(boot_el), *args, "--kernel", kernel,
           "--initrd", initrd, "--append", append, "--max-time", max_time,
           "--report", out["report"]]
    if vcd:
        cmd += ["--vcd", out["vcd"]]
    t0, c0 = time.monotonic(), child_cpu_seconds()
    with open(out["console"], "wb") as con:
        r = subprocess.run(cmd, stdout=con, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    out["host_seconds"] = time.monotonic() - t0
    out["cpu_seconds"] = child_cpu_seconds() - c0
    out["status"] = r.returncode
    out["stderr"] = r.stderr.decode(errors="replace")
    out["cmd"] = cmd
    return out


def child_cpu_seconds():
    """User + system CPU time of the finished child processes so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def parse_console(text):
    """/init's results: PASS names, FAIL lines, the summary and the STAT block."""
    res = {"pass": re.findall(r"^PASS (.*?)\r?$", text, re.M),
           "fail": re.findall(r"^FAIL (.*?)\r?$", text, re.M),
           "summary": None, "mpidr": {}, "cpuidle": {}, "genpd": [], "suspend": None,
           "uptime": {}, "frozen_us": {}, "stat_end": False}
    m = re.search(r"^(\d+) passed, (\d+) failed\r?$", text, re.M)
    if m:
        res["summary"] = (int(m.group(1)), int(m.group(2)))
    for line in re.findall(r"^STAT (.*?)\r?$", text, re.M):
        f = line.split()
        kv = {a: b for a, b in (x.split("=", 1) for x in f if "=" in x)}
        if f[0] == "uptime":
            res["uptime"][f[1]] = float(f[2])
        elif f[0] == "mpidr":
            res["mpidr"][f[1]] = int(f[2], 16) & 0xFF00FFFFFF
        elif f[0] == "cpuidle":
            st = {"name": f[3], **{k: int(v) for k, v in kv.items()}}
            res["cpuidle"].setdefault(f[1], {})[int(f[2][5:])] = st
        elif f[0] == "frozen":
            res["frozen_us"][f[1]] = int(kv["us"])
        elif f[0] == "genpd":
            res["genpd"].append({"domain": f[1], "state": f[2], "usage": int(kv["usage"]),
                                 "time_ms": int(kv["time_ms"])})
        elif f[0] == "suspend":
            res["suspend"] = (int(kv["success"]), int(kv["fail"]))
        elif f[0] == "end":
            res["stat_end"] = True
    return res


def vcd_low_power_intervals(path):
    """Per core domain name ("cluster0.core1"): the [start, end) ns of each stay out of
    ON (retention, off, powering down/up), from pscisim's VCD (docs/user-guide.md)."""
    ids, cur, out = {}, {}, {}
    scope, t, last = [], 0, 0
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == "$scope":
                scope.append(w[2])
            elif w[0] == "$upscope":
                scope.pop()
            elif w[0] == "$var" and w[4] == "power" and len(scope) == 3:
                ids[w[3]] = f"{scope[1]}.{scope[2]}"
            elif w[0].startswith("#"):
                t = int(w[0][1:])
                last = t
            elif w[0].startswith("b") and len(w) == 2 and w[1] in ids:
                name, v = ids[w[1]], int(w[0][1:], 2)
                start = cur.get(name)
                if v != 0 and start is None:
                    cur[name] = t
                elif v == 0 and start is not None:
                    out.setdefault(name, []).append((start, t))
                    cur[name] = None
    for name, start in cur.items():
        if start is not None:
            out.setdefault(name, []).append((start, last))
    return out


def check_report(con, report_path, vcd_path):
    """Compares pscisim's report and VCD with Linux's counters. Returns (problems,
    table lines)."""
    problems, table = [], []
    rep = json.load(open(report_path))
    calls = rep["psci_calls"]
    cores = {int(d["mpidr"], 16) & 0xFF00FFFFFF: d["name"] for d in rep["domains"]
             if d["level"] == "core"}
    if not con["stat_end"]:
        return ["no complete STAT block from /init"], table
    low_power = vcd_low_power_intervals(vcd_path)

    # CPU_SUSPEND calls >= idle entries Linux counted. cpuidle state 0 is WFI (no PSCI);
    # every deeper psci_idle state is a CPU_SUSPEND. s2idle stays count separately.
    suspend_calls = [c for c in calls if c["function"].startswith("CPU_SUSPEND")]
    # Every CPU idles through s2idle in one stay that pscisim times in full, while
    # Linux's sched_clock stands still for the frozen part of it (tick_freeze ->
    # sched_clock_suspend), which /init measured as boot time minus monotonic time.
    frozen = con["frozen_us"].get("s2idle", 0)
    # /init sleeps 1 s between the end of its dump and poweroff -f (SYSTEM_OFF).
    off = [c["time_ns"] for c in calls if c["function"] == "SYSTEM_OFF"]
    if not off or "start" not in con["uptime"] or "end" not in con["uptime"]:
        return ["no SYSTEM_OFF call or no dump times from /init"], table
    cutoff = off[0] - 1_000_000_000
    dump_us = (con["uptime"]["end"] - con["uptime"]["start"]) * 1e6
    if len(con["cpuidle"]) != len(cores):
        problems.append(f"cpuidle counters of {len(con['cpuidle'])} CPUs, "
                        f"the report has {len(cores)} cores")
    total_entries = 0
    table.append(f"{'cpu':6}{'mpidr':>8}{'entries':>9}{'CPU_SUSPEND':>13}"
                 f"{'Linux ms':>11}{'pscisim ms':>12}{'diff ms':>9}{'allowed':>9}")
    for cpu in sorted(con["cpuidle"], key=lambda c: int(c[3:])):
        states = con["cpuidle"][cpu]
        mp = con["mpidr"].get(cpu)
        if mp is None or mp not in cores:
            problems.append(f"{cpu}: MPIDR {mp} not a core of the report")
            continue
        deep = [s for i, s in states.items() if i >= 1]
        entries = sum(s["usage"] + s["s2idle_usage"] for s in deep)
        linux_us = sum(s["time"] + s["s2idle_time"] for s in deep)
        total_entries += entries
        mine = sorted((c for c in calls if int(c["mpidr"], 16) & 0xFF00FFFFFF == mp),
                      key=lambda c: c["time_ns"])
        n_calls = sum(1 for c in mine if c["function"].startswith("CPU_SUSPEND"))
        if n_calls < entries:
            problems.append(f"{cpu}: {n_calls} CPU_SUSPEND calls < {entries} idle entries")
        # The stays out of ON that a CPU_SUSPEND of this core began (the core's last
        # call before the stay) and that ended before the dump's end.
        stays = []
        times = [c["time_ns"] for c in mine]
        j = -1
        for (s, e) in low_power.get(cores[mp], []):
            while j + 1 < len(mine) and times[j + 1] <= s:
                j += 1
            if j >= 0 and mine[j]["function"].startswith("CPU_SUSPEND") and e <= cutoff:
                stays.append(e - s)
        sim_us = sum(stays) / 1000
        diff = sim_us - linux_us - frozen
        allowed = RESIDENCY_PER_ENTRY_US * entries + dump_us + RESIDENCY_CLOCK_US
        table.append(f"{cpu:6}{mp:>#8x}{entries:>9}{n_calls:>13}{linux_us / 1000:>11.3f}"
                     f"{sim_us / 1000:>12.3f}{diff / 1000:>9.3f}{allowed / 1000:>9.3f}")
        if abs(diff) > allowed:
            problems.append(f"{cpu}: power-down residency {sim_us:.0f} us in pscisim, "
                            f"{linux_us} us in Linux's cpuidle time (allowed +-{allowed:.0f})")
    if len(suspend_calls) < total_entries:
        problems.append(f"{len(suspend_calls)} CPU_SUSPEND calls < {total_entries} idle entries")
    if total_entries == 0:
        problems.append("Linux counted no idle entries")

    sys_susp = [c for c in calls if c["function"].startswith("SYSTEM_SUSPEND")]
    if not any(c["result"] == 0 for c in sys_susp):
        problems.append("no accepted SYSTEM_SUSPEND in the report")
    system = next(d for d in rep["domains"] if d["level"] == "system")
    if system["states"]["off"]["entries"] < 1:
        problems.append("the system domain was never off (SYSTEM_SUSPEND)")
    if con["suspend"] is None or con["suspend"][0] < 2 or con["suspend"][1] != 0:
        problems.append(f"Linux suspend stats (success, fail) = {con['suspend']}, "
                        "expected >= 2 successes (deep, s2idle) and no failure")
    table.append(f"CPU_SUSPEND calls {len(suspend_calls)}, Linux idle entries {total_entries}; "
                 f"SYSTEM_SUSPEND calls {len(sys_susp)}, Linux suspend stats "
                 f"(success, fail) {con['suspend']}; s2idle frozen {frozen / 1000:.3f} ms "
                 f"(taken off pscisim's side), counter dump {dump_us / 1000:.0f} ms")
    return problems, table


def check_checks(con):
    """/init's own checks: all EXPECTED_CHECKS passed."""
    problems = [f"/init check failed: {f}" for f in con["fail"]]
    if con["summary"] is None:
        problems.append("no summary line (the kernel or /init did not get there)")
    elif con["summary"] != (EXPECTED_CHECKS, 0) or len(con["pass"]) != EXPECTED_CHECKS:
        problems.append(f"summary {con['summary']}, {len(con['pass'])} PASS lines; "
                        f"expected {EXPECTED_CHECKS} passed, 0 failed")
    return problems
