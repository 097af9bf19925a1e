"""Plots of a sweep (matplotlib, Agg backend), each written as PNG and SVG:

- energy_vs_wakeup: total energy against mean CPU_SUSPEND wake-up latency, one colour
  per configuration (every axis but the guest), one marker per guest;
- residency: per point, a stacked bar per power domain of the time in each power mode;
- latency: distributions (box plots) of CPU_SUSPEND entry and wake-up latencies per point.
Repetitions of a point give the same simulated results, so only repetition 0 is drawn.
"""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from .table import MODES, read_report, suspend_entry_latencies, suspend_exit_latencies  # noqa

# Same colours as the pscisim timeline (platform/report/timeline_svg.cpp).
MODE_COLOURS = {"on": "#2e7d32", "retention": "#f9a825", "off": "#bdbdbd",
                "powering_down": "#ef6c00", "powering_up": "#1565c0"}
MARKERS = "osD^v<>pP*Xh"
MAX_RESIDENCY_PANELS = 16

plt.rcParams["svg.hashsalt"] = "pscisim-sweep"  # deterministic SVG ids


def _config_label(axes, values):
    parts = ["%s=%s" % (a.name, _short(values[a.name])) for a in axes if a.kind != "guest"]
    return ", ".join(parts) or "base"


def _guest_label(axes, values):
    for a in axes:
        if a.kind == "guest":
            return os.path.basename(str(values[a.name]))
    return None


def _short(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    s = str(v)
    return os.path.basename(s) if "/" in s else s


def point_label(axes, p):
    return " ".join(_short(p.values[a.name]) for a in axes)


def _save(fig, out, name):
    paths = {}
    for ext in ("png", "svg"):
        path = os.path.join(out, "plots", "%s.%s" % (name, ext))
        fig.savefig(path, dpi=100, metadata={"Date": None} if ext == "svg" else {"Software": None})
        paths[ext] = os.path.relpath(path, out)
    plt.close(fig)
    return paths


def energy_vs_wakeup(out, axes, points, rows):
    fig, ax = plt.subplots(figsize=(8, 5.5))
    configs, guests = [], []
    for p, r in zip(points, rows):
        if p.repetition:
            continue
        c, g = _config_label(axes, p.values), _guest_label(axes, p.values)
        if c not in configs:
            configs.append(c)
        if g not in guests:
            guests.append(g)
    cmap = plt.get_cmap("tab10")
    drawn = set()
    any_point = False
    for p, r in zip(points, rows):
        if p.repetition or r.get("wakeup_latency_avg_ns") is None or r.get("energy_mj") is None:
            continue
        c, g = _config_label(axes, p.values), _guest_label(axes, p.values)
        ci, gi = configs.index(c), guests.index(g)
        label = c if c not in drawn else None
        drawn.add(c)
        ax.scatter(r["wakeup_latency_avg_ns"] / 1e3, r["energy_mj"], color=cmap(ci % 10),
                   marker=MARKERS[gi % len(MARKERS)], s=70, label=label, zorder=3,
                   alpha=0.75, edgecolors="black", linewidths=0.5)
        any_point = True
    if not any_point:
        ax.text(0.5, 0.5, "no point made a CPU_SUSPEND that woke up", ha="center",
                va="center", transform=ax.transAxes)
    ax.set_xlabel("mean CPU_SUSPEND wake-up latency (us)")
    ax.set_ylabel("energy (mJ)")
    ax.set_title("Energy vs wake-up latency, per configuration")
    ax.grid(True, alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if len([g for g in guests if g]) > 1:
        for gi, g in enumerate(guests):
            handles.append(plt.Line2D([], [], color="black", linestyle="", marker=MARKERS[gi]))
            labels.append("guest " + g)
    if handles:
        ax.legend(handles, labels, fontsize=8, loc="best")
    fig.tight_layout()
    return _save(fig, out, "energy_vs_wakeup")


def residency(out, axes, points):
    shown = [p for p in points if not p.repetition][:MAX_RESIDENCY_PANELS]
    reports = [(p, read_report(out, p)) for p in shown]
    reports = [(p, r) for p, r in reports if r is not None]
    n = max(1, len(reports))
    ncols = 2 if n > 1 else 1
    nrows = (n + ncols - 1) // ncols
    ndom = max([len(r["domains"]) for _, r in reports] or [1])
    fig, axs = plt.subplots(nrows, ncols, figsize=(7 * ncols, 0.9 + 0.28 * ndom * nrows + nrows),
                            squeeze=False)
    for i, ax in enumerate(axs.flat):
        if i >= len(reports):
            ax.axis("off")
            continue
        p, rep = reports[i]
        doms = rep["domains"]
        names = [d["name"] for d in doms]
        left = [0.0] * len(doms)
        for m in MODES:
            vals = [d["states"][m]["residency_pct"] for d in doms]
            ax.barh(names, vals, left=left, color=MODE_COLOURS[m],
                    label=m if i == 0 else None, height=0.7)
            left = [a + b for a, b in zip(left, vals)]
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_title("point %d: %s" % (p.index, point_label(axes, p)), fontsize=9)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("residency (% of simulated time)", fontsize=8)
    if not reports:
        axs.flat[0].text(0.5, 0.5, "no reports", ha="center", va="center")
    fig.legend(loc="upper center", ncol=len(MODES), fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()))
    return _save(fig, out, "residency")


def latency(out, axes, points):
    shown = [p for p in points if not p.repetition]
    labels, entry, exit_ = [], [], []
    for p in shown:
        rep = read_report(out, p)
        if rep is None:
            continue
        labels.append("%d" % p.index)
        entry.append([v / 1e3 for v in suspend_entry_latencies(rep)])
        exit_.append([v / 1e3 for v in suspend_exit_latencies(rep)])
    fig, axs = plt.subplots(2, 1, figsize=(max(6, 0.5 * len(labels) + 2), 7), sharex=True)
    for ax, data, what in ((axs[0], entry, "entry"), (axs[1], exit_, "wake-up (exit)")):
        if any(data):
            ax.boxplot([d if d else [float("nan")] for d in data], labels=labels,
                       showfliers=True)
        else:
            ax.text(0.5, 0.5, "no CPU_SUSPEND %s latencies" % what, ha="center",
                    va="center", transform=ax.transAxes)
        ax.set_ylabel("CPU_SUSPEND %s\nlatency (us)" % what)
        ax.set_yscale("symlog", linthresh=1.0)
        ax.grid(True, axis="y", alpha=0.3)
    axs[1].set_xlabel("point (see the table)")
    axs[0].set_title("CPU_SUSPEND latency distribution per point")
    fig.tight_layout()
    return _save(fig, out, "latency")


def render_all(out, axes, points, rows):
    os.makedirs(os.path.join(out, "plots"), exist_ok=True)
    return {"energy_vs_wakeup": energy_vs_wakeup(out, axes, points, rows),
            "residency": residency(out, axes, points),
            "latency": latency(out, axes, points)}
