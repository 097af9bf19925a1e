#!/usr/bin/env bash
# pscisim speed benchmarks (docs/benchmarks.md):
#   (a) 8 cores with 7 suspended vs 1 core alone, same work: host-time ratio
#   (b) PSCI calls handled per host second
#   (c) MIPS of a compute loop on 1 and on 8 cores
#   (d) the ISS alone (iss-bench, when Unicorn is installed): the ldr/str loop with the
#       MMU on vs off, and against Unicorn
# Usage: scripts/bench.sh [--short] [BUILD_DIR]   (default build dir: build)
# --short runs small sizes (seconds, for CI); the full run takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
size=full
if [ "${1:-}" = "--short" ]; then size=short; shift; fi
build=${1:-build}
if [ ! -x "$build/platform/pscisim" ]; then
    cmake -S . -B "$build" -G Ninja >/dev/null
fi
cmake --build "$build" -j2 --target pscisim bench_guests >/dev/null
cmake --build "$build" -j2 --target iss-bench >/dev/null 2>&1 || true # needs Unicorn
exec python3 - "$build" "$size" <<'PY'
import json, os, subprocess, sys, tempfile, time
build, size = sys.argv[1], sys.argv[2]
sim = os.path.join(build, "platform", "pscisim")
bench = os.path.join(build, "bench")
tmp = tempfile.mkdtemp(prefix="pscisim-bench-")

def run(topo, elf, report=True):
    rep = os.path.join(tmp, "r.json")
    args = [sim, "-q", "--topology", topo, os.path.join(bench, elf)]
    if report:
        args += ["--report", rep]
    t0 = time.monotonic()
    p = subprocess.run(args, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit(f"{elf} on {topo}: exit status {p.returncode}")
    return (json.load(open(rep)) if report else None), wall

def best(cases, n=5):
    # Runs the cases interleaved, n rounds, and keeps each case's fastest run: host
    # noise (a shared or frequency-scaled machine) only ever adds time, and
    # interleaving exposes every case to the same conditions.
    runs = {c: [] for c in cases}
    for _ in range(n):
        for c in cases:
            runs[c].append(run(*c)[0])
    return [min(runs[c], key=lambda r: r["host"]["seconds"]) for c in cases]

alone, alone8, idle7 = best([("1x1", f"bench-compute-m0-{size}.elf"),
                             ("2x4", f"bench-compute-m0-{size}.elf"),  # 7 never started
                             ("2x4", f"bench-compute-m1-{size}.elf")])
all8, = best([("2x4", f"bench-compute-m2-{size}.elf")], n=3)
# (b) without a report (writing a million-entry JSON log is not call handling);
# the wall time of a one-call run (start-up, SYSTEM_OFF) is subtracted.
calls = 1000000 if size == "full" else 50000
wall_psci = min(run("1x1", f"bench-psci-{size}.elf", report=False)[1] for _ in range(5))
wall_base = min(run("1x1", "bench-psci-base.elf", report=False)[1] for _ in range(5))
wall_psci = max(wall_psci - wall_base, 1e-9)

ha, hi = alone["host"]["seconds"], idle7["host"]["seconds"]
print(f"pscisim benchmarks ({size}), host: {os.uname().machine}, {os.cpu_count()} CPUs")
print(f"(a) compute loop, 1 core alone (1x1):         {ha:8.3f} s host, {alone['host']['mips']:7.1f} MIPS")
print(f"    same loop, 8 cores with 7 suspended (2x4): {hi:8.3f} s host, {idle7['host']['mips']:7.1f} MIPS")
print(f"    ratio 8-with-7-suspended / alone:          {hi / ha:8.3f}  (goal <= 1.10)")
h8 = alone8["host"]["seconds"]
print(f"    same loop, 2x4 with 7 cores never started: {h8:8.3f} s host; 7 suspended / never started: {hi / h8:.3f}")
print(f"(b) PSCI_VERSION calls: {calls} in {wall_psci:.3f} s host (start-up {wall_base:.3f} s excluded)"
      f" = {calls / wall_psci:,.0f} calls per host second (goal >= 500,000)")
print(f"(c) MIPS, compute loop: 1 core {alone['host']['mips']:.1f}; 8 cores {all8['host']['mips']:.1f} "
      f"({all8['summary']['instructions']:,} instructions in {all8['host']['seconds']:.3f} s host)")
iss_bench = os.path.join(build, "tests", "iss", "iss-bench")
if os.path.exists(iss_bench):
    iters = "10000000" if size == "full" else "1000000"
    out = subprocess.run([iss_bench, "--iterations", iters, "--repeat", "3"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("iss-bench failed:\n" + out.stderr)
    lines = [l for l in out.stdout.splitlines() if "MMU on" in l or l.startswith("iss-bench: pscisim")]
    print("(d) ISS alone, ldr/str/subs/b.ne loop (iss-bench, thread CPU time):")
    for l in lines:
        print("    " + l.replace("iss-bench: ", ""))
else:
    print("(d) ISS alone: iss-bench not built (Unicorn not installed)")
PY
