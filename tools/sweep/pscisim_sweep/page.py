"""index.html of a sweep: the table's main columns, the plots, and each point's timeline
(pscisim --timeline SVG). Static HTML with relative links, so the directory can be
copied or served as it is; the full table is results.csv / results.json."""
import html
import os

from .runner import point_dir

MAIN_COLUMNS = ("exit_status", "exit_reason", "simulated_time_ns", "energy_mj",
                "wakeup_latency_avg_ns", "wakeup_latency_max_ns", "host_seconds")

CSS = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
div.wide { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: right; }
th { background: #eee; }
td.t { text-align: left; }
tr.bad td { background: #fde0dc; }
img.plot { max-width: 100%; border: 1px solid #ddd; margin: 4px 0; }
details { margin: 4px 0; }
details img { width: 100%; border: 1px solid #ddd; }
"""


def _v(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "%.6g" % v
    return str(v)


def write(out, name, axes, points, columns, rows, figs):
    e = html.escape
    cols = ["point", "repetition"] + [a.name for a in axes] + list(MAIN_COLUMNS)
    h = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
         "<title>pscisim sweep %s</title>" % e(name), "<style>%s</style></head><body>" % CSS,
         "<h1>pscisim sweep <code>%s</code></h1>" % e(name),
         "<p>%d points; axes: %s. Full table: <a href=\"results.csv\">results.csv</a>, "
         "<a href=\"results.json\">results.json</a>.</p>"
         % (len(rows), e(", ".join("%s (%d values)" % (a.name, len(a.values)) for a in axes)))]
    h.append("<h2>Results</h2><div class=\"wide\"><table><tr>%s</tr>"
             % "".join("<th>%s</th>" % e(c) for c in cols))
    for r in rows:
        bad = r.get("exit_reason") is None or r.get("exit_status") not in (0,)
        h.append("<tr%s>%s</tr>" % (" class=\"bad\"" if bad else "", "".join(
            "<td%s>%s</td>" % (" class=\"t\"" if isinstance(r.get(c), str) else "",
                               e(_v(r.get(c)))) for c in cols)))
    h.append("</table></div>")
    h.append("<h2>Plots</h2>")
    titles = {"energy_vs_wakeup": "Energy vs wake-up latency",
              "residency": "Residency per power domain", "latency": "Latency distributions"}
    for key, paths in figs.items():
        h.append("<h3>%s</h3><p><a href=\"%s\">SVG</a></p><img class=\"plot\" src=\"%s\" "
                 "alt=\"%s\">" % (e(titles.get(key, key)), e(paths["svg"]), e(paths["png"]),
                                  e(titles.get(key, key))))
    h.append("<h2>Timelines</h2>")
    for p, r in zip(points, rows):
        svg = os.path.join(point_dir(out, p), "timeline.svg")
        if not os.path.isfile(svg):
            continue
        rel = os.path.relpath(svg, out)
        desc = ", ".join("%s=%s" % (a.name, _v(p.values[a.name])) for a in axes)
        h.append("<details%s><summary>point %d (rep %d): %s</summary>"
                 "<p><a href=\"%s\">open the SVG</a> \u00b7 <a href=\"%s\">report</a></p>"
                 "<img src=\"%s\" alt=\"timeline of point %d\"></details>"
                 % (" open" if p.index == 0 else "", p.index, p.repetition, e(desc), e(rel),
                    e(os.path.join("points", p.id, "report.json")), e(rel), p.index))
    h.append("</body></html>")
    with open(os.path.join(out, "index.html"), "w") as f:
        f.write("\n".join(h) + "\n")
