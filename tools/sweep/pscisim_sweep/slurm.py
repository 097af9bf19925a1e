"""Slurm backend: the unfinished points become one sbatch array job.

Each array task runs `pscisim-sweep --run-point $SLURM_ARRAY_TASK_ID --out DIR`, which
reads DIR/plan.json and runs that point exactly as the local pool would; the task index
is the point index. DIR, the tool and pscisim must be visible at the same paths on the
compute nodes (a shared file system), as usual for batch jobs.
"""
import os
import shlex
import subprocess
import sys
import time

from .runner import is_finished
from .spec import SweepError


def _ranges(idx):
    """[0,1,2,5,7,8] -> "0-2,5,7-8" (sbatch --array syntax)."""
    out, i = [], 0
    while i < len(idx):
        j = i
        while j + 1 < len(idx) and idx[j + 1] == idx[j] + 1:
            j += 1
        out.append(str(idx[i]) if i == j else "%d-%d" % (idx[i], idx[j]))
        i = j + 1
    return ",".join(out)


def write_script(out, sweep, launcher, extra):
    """Writes DIR/slurm/array.sbatch for the unfinished points; None if there are none."""
    todo = [p.index for p in sweep.points if not is_finished(out, p)]
    if not todo:
        return None
    sdir = os.path.join(out, "slurm")
    os.makedirs(sdir, exist_ok=True)
    lines = ["#!/bin/sh",
             "# pscisim-sweep %s: %d of %d points (written by pscisim-sweep --backend slurm)"
             % (sweep.name, len(todo), len(sweep.points)),
             "#SBATCH --job-name=%s" % ("pscisim-" + sweep.name)[:64],
             "#SBATCH --array=%s" % _ranges(todo),
             "#SBATCH --output=%s" % os.path.join(sdir, "task-%a.out"),
             "#SBATCH --chdir=%s" % out,
             "#SBATCH --ntasks=1",
             "#SBATCH --cpus-per-task=1"]
    for e in extra:
        if not e.startswith("--"):
            raise SweepError("--sbatch-arg: '%s' must be a long sbatch option (--name=value)" % e)
        lines.append("#SBATCH %s" % e)
    lines.append("exec %s %s --quiet --run-point \"$SLURM_ARRAY_TASK_ID\" --out %s"
                 % (shlex.quote(sys.executable), shlex.quote(launcher), shlex.quote(out)))
    path = os.path.join(sdir, "array.sbatch")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o755)
    return path


def _run(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise SweepError("%s not found: --backend slurm needs the Slurm client commands"
                         % argv[0])


def submit_and_wait(out, script, points, quiet=False, poll=1.0):
    r = _run(["sbatch", "--parsable", script])
    if r.returncode != 0:
        msg = " ".join(r.stderr.split()) or "exit status %d" % r.returncode
        raise SweepError("sbatch %s: %s" % (script, msg))
    job = r.stdout.strip().split(";")[0]
    if not quiet:
        print("pscisim-sweep: submitted Slurm array job %s (%s)" % (job, script),
              file=sys.stderr)
    last = None
    while True:
        q = _run(["squeue", "--noheader", "--array", "--jobs", job, "--format=%i %T"])
        # An unknown job id (already purged) means it is over, like an empty list.
        if q.returncode != 0 and "Invalid job id" not in q.stderr:
            raise SweepError("squeue --jobs %s: %s" % (job, " ".join(q.stderr.split())))
        pending = [ln for ln in q.stdout.splitlines() if ln.strip()] if q.returncode == 0 else []
        done = sum(1 for p in points if is_finished(out, p))
        if not quiet and (done, len(pending)) != last:
            print("pscisim-sweep: job %s: %d/%d points finished, %d task(s) queued or running"
                  % (job, done, len(points), len(pending)), file=sys.stderr)
            last = (done, len(pending))
        if not pending:
            return job
        time.sleep(poll)
