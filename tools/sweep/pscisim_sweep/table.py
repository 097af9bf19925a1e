"""The result table: one row per point, built from the points' JSON reports.

Column groups (docs/sweeps.md): point, repetition, the axes, exit status and reason,
simulated time, instructions, total energy, wake-up latency (CPU_SUSPEND exit
latency, avg and max), energy per domain, residency per domain and power mode, PSCI
call counts per function, latency statistics per report group, and last the host
columns (host_seconds from the report, wall_seconds measured by the sweep), which are
the only ones that differ between two runs of the same sweep.
"""
import csv
import json
import os

from .runner import point_dir

MODES = ("on", "retention", "off", "powering_down", "powering_up")
HOST_COLUMNS = ("host_seconds", "wall_seconds")


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, dict)):
        return json.dumps(v, sort_keys=True)
    return v


def read_report(out, point):
    try:
        with open(os.path.join(point_dir(out, point), "report.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read_result(out, point):
    try:
        with open(os.path.join(point_dir(out, point), "result.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def suspend_exit_latencies(report):
    """Wake-up latencies (ns) of every CPU_SUSPEND call of a report, in call order."""
    return [c["exit_latency_ns"] for c in report.get("psci_calls", [])
            if c["function"].startswith("CPU_SUSPEND") and "exit_latency_ns" in c]


def suspend_entry_latencies(report):
    return [c["entry_latency_ns"] for c in report.get("psci_calls", [])
            if c["function"].startswith("CPU_SUSPEND") and "entry_latency_ns" in c]


def build(out, axes, points):
    """Returns (columns, rows); rows are dicts keyed by column."""
    rows = []
    dom_cols, call_cols, lat_cols = [], set(), set()
    seen_dom = set()
    for p in points:
        res = read_result(out, p)
        # Only finished points count: a partial report (interrupted, timed out) is left out.
        rep = read_report(out, p) if res and res.get("finished") is True else None
        row = {"point": p.index, "repetition": p.repetition}
        for a in axes:
            row[a.name] = p.values[a.name]
        row["exit_status"] = res["exit_status"] if res else None
        if rep is not None:
            run, summ = rep["run"], rep["summary"]
            row["exit_reason"] = run["exit"]["reason"]
            row["simulated_time_ns"] = run["simulated_time_ns"]
            row["instructions"] = summ["instructions"]
            row["energy_mj"] = summ["energy_mj"]
            wl = suspend_exit_latencies(rep)
            row["wakeup_latency_avg_ns"] = int(round(sum(wl) / len(wl))) if wl else None
            row["wakeup_latency_max_ns"] = max(wl) if wl else None
            for d in rep["domains"]:
                n = d["name"]
                if n not in seen_dom:
                    seen_dom.add(n)
                    dom_cols.append(n)
                row["energy_mj." + n] = d["energy_mj"]
                for m in MODES:
                    row["residency_ns.%s.%s" % (n, m)] = d["states"][m]["residency_ns"]
            for fn, cnt in summ["psci_call_counts"].items():
                row["calls." + fn] = cnt
                call_cols.add("calls." + fn)
            for key, g in summ["latencies"].items():
                k = key.replace(" ", ":")
                for phase in ("entry", "exit"):
                    if phase in g:
                        for s in ("count", "min_ns", "avg_ns", "max_ns"):
                            c = "latency.%s.%s.%s" % (k, phase, s)
                            row[c] = g[phase][s]
                            lat_cols.add(c)
            row["host_seconds"] = rep["host"]["seconds"]
        row["wall_seconds"] = res["wall_seconds"] if res else None
        row["report"] = os.path.join("points", p.id, "report.json") if rep else None
        rows.append(row)
    # Calls never made by a point that has a report count 0.
    for r in rows:
        if r.get("exit_reason") is not None:
            for c in call_cols:
                r.setdefault(c, 0)
    cols = ["point", "repetition"] + [a.name for a in axes] + [
        "exit_status", "exit_reason", "simulated_time_ns", "instructions", "energy_mj",
        "wakeup_latency_avg_ns", "wakeup_latency_max_ns"]
    cols += ["energy_mj." + n for n in dom_cols]
    cols += ["residency_ns.%s.%s" % (n, m) for n in dom_cols for m in MODES]
    cols += sorted(call_cols) + sorted(lat_cols)
    cols += list(HOST_COLUMNS) + ["report"]
    return cols, rows


def write(out, name, axes, columns, rows):
    csv_path = os.path.join(out, "results.csv")
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
    doc = {
        "format": "pscisim-sweep-table",
        "format_version": 1,
        "sweep": name,
        "axes": [{"name": a.name, "param": (a.kind + ":" + a.target) if a.target else a.kind,
                  "values": a.values} for a in axes],
        "columns": columns,
        "rows": [{c: r.get(c) for c in columns} for r in rows],
    }
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    return csv_path
