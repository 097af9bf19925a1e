"""Running points: one pscisim process per point, in its own directory.

Layout of a sweep's output directory:
    plan.json                 the expanded points (written before anything runs)
    points/NNNN/config.json   the point's configuration file (when it has one)
    points/NNNN/report.json   pscisim --report
    points/NNNN/timeline.svg  pscisim --timeline
    points/NNNN/stdout.txt, stderr.txt
    points/NNNN/result.json   written last: the point's key, exit status, wall seconds
A point is finished when result.json carries the point's key and says finished: pscisim
ran to its end (any exit status) and wrote its report; a point killed by the host
timeout or interrupted (Ctrl-C: pscisim still writes a partial report) is not.
Finished points are not run again (resume).
"""
import concurrent.futures
import json
import os
import subprocess
import sys
import time

from .spec import Point, SweepError


def point_dir(out, point):
    return os.path.join(out, "points", point.id)


def is_finished(out, point):
    d = point_dir(out, point)
    try:
        with open(os.path.join(d, "result.json")) as f:
            res = json.load(f)
    except (OSError, ValueError):
        return False
    return (res.get("key") == point.key and res.get("finished") is True
            and os.path.isfile(os.path.join(d, "report.json")))


def run_point(out, point, pscisim, timeout=None):
    """Runs one point; returns its result dictionary."""
    d = point_dir(out, point)
    os.makedirs(d, exist_ok=True)
    res_path = os.path.join(d, "result.json")
    for stale in ("result.json", "report.json", "timeline.svg"):
        try:
            os.remove(os.path.join(d, stale))
        except FileNotFoundError:
            pass
    argv = [pscisim, "--quiet", "--report", "report.json", "--timeline", "timeline.svg"]
    if point.config is not None:
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(point.config, f, indent=2, sort_keys=True)
            f.write("\n")
        argv += ["--config", "config.json"]
    argv += point.options + [point.guest]
    t0 = time.monotonic()
    with open(os.path.join(d, "stdout.txt"), "wb") as so, \
            open(os.path.join(d, "stderr.txt"), "wb") as se:
        try:
            status = subprocess.run(argv, cwd=d, stdout=so, stderr=se,
                                    timeout=timeout).returncode
            reason = None
        except subprocess.TimeoutExpired:
            status, reason = -1, "host timeout after %g s" % timeout
    wall = time.monotonic() - t0
    finished = False
    if reason is None:
        try:
            with open(os.path.join(d, "report.json")) as f:
                exit_reason = json.load(f)["run"]["exit"]["reason"]
            finished = exit_reason != "interrupted"
            if not finished:
                reason = "interrupted"
        except (OSError, ValueError, KeyError, TypeError):
            reason = "no report (see stderr.txt)"
    res = {"key": point.key, "finished": finished, "exit_status": status,
           "wall_seconds": round(wall, 6), "argv": argv}
    if reason:
        res["error"] = reason
    tmp = res_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(res, f, indent=2)
        f.write("\n")
    os.replace(tmp, res_path)
    return res


class Progress:
    """A progress bar on stderr: redrawn in place on a terminal, one line per point
    otherwise (logs of batch jobs)."""

    def __init__(self, total, skipped, stream=sys.stderr):
        self.total, self.done, self.failed = total, skipped, 0
        self.skipped = skipped
        self.stream = stream
        self.tty = stream.isatty()
        self.t0 = time.monotonic()
        self.draw(None)

    def draw(self, last):
        width = 30
        fill = int(width * self.done / self.total) if self.total else width
        bar = "#" * fill + "." * (width - fill)
        line = "[%s] %d/%d points (%d skipped, %d failed) %.1fs" % (
            bar, self.done, self.total, self.skipped, self.failed, time.monotonic() - self.t0)
        if self.tty:
            self.stream.write("\r" + line)
            if self.done == self.total:
                self.stream.write("\n")
        elif last is not None or self.done == self.total:
            self.stream.write(line + ("  point %s" % last if last else "") + "\n")
        self.stream.flush()

    def step(self, point_id, ok):
        self.done += 1
        if not ok:
            self.failed += 1
        self.draw(point_id)


def run_local(out, points, pscisim, jobs, timeout=None, progress=True):
    """Runs the unfinished points on a pool of `jobs` processes. Returns (ran, skipped)."""
    todo = [p for p in points if not is_finished(out, p)]
    skipped = len(points) - len(todo)
    prog = Progress(len(points), skipped) if progress else None
    if not todo:
        return 0, skipped
    # Threads only wait for pscisim processes; the simulations run in parallel.
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futs = {pool.submit(run_point, out, p, pscisim, timeout): p for p in todo}
        for fut in concurrent.futures.as_completed(futs):
            p = futs[fut]
            res = fut.result()
            if prog:
                prog.step(p.id, is_finished(out, p) and res["exit_status"] >= 0)
    return len(todo), skipped


def load_plan(out):
    path = os.path.join(out, "plan.json")
    try:
        with open(path) as f:
            plan = json.load(f)
    except (OSError, ValueError) as e:
        raise SweepError("%s: no readable sweep plan (%s)" % (path, getattr(e, "strerror", None)
                                                             or "not JSON"))
    return plan, [Point.from_json(p) for p in plan["points"]]
