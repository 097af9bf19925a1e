"""pscisim-sweep command line (docs/sweeps.md).

    pscisim-sweep [options] SWEEP_FILE          run (or resume) a sweep, write the table,
                                                plots and HTML page
    pscisim-sweep --run-point N -o DIR          run one point of a planned sweep (used by
                                                the Slurm array tasks)
Exit status: 0 every point produced a report; 1 some point did not (see its
stderr.txt); 2 bad usage or sweep file (one "pscisim-sweep: error:" line).
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

from . import runner, spec, table
from .spec import SweepError


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise SweepError(message)


def _parser():
    p = _Parser(prog="pscisim-sweep", description="Run a pscisim design-space sweep: the "
                "cross product of a sweep file's axes, locally or as a Slurm array job.")
    p.add_argument("sweep", nargs="?", metavar="SWEEP_FILE", help="sweep file (.json or .toml)")
    p.add_argument("-o", "--out", metavar="DIR",
                   help="output directory (default: sweep-<name> in the current directory)")
    p.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="parallel simulations on the local pool (default: all cores)")
    p.add_argument("--backend", choices=("local", "slurm"), default="local")
    p.add_argument("--write-only", action="store_true",
                   help="slurm: write the sbatch array script and stop")
    p.add_argument("--sbatch-arg", action="append", default=[], metavar="ARG",
                   help="slurm: extra #SBATCH line, e.g. --sbatch-arg=--partition=batch")
    p.add_argument("--pscisim", metavar="PATH", help="the simulator (default: the sweep "
                   "file's 'pscisim', $PSCISIM, pscisim next to this tool, or on PATH)")
    p.add_argument("--no-plots", action="store_true", help="table only: no plots, no HTML")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--run-point", type=int, metavar="N", help=argparse.SUPPRESS)
    return p


def _find_pscisim(args, launcher, sweep_doc_dir=None, sweep_value=None):
    cands = []
    if args.pscisim:
        cands.append(args.pscisim)
    elif sweep_value:
        cands.append(os.path.join(sweep_doc_dir, sweep_value))
    elif os.environ.get("PSCISIM"):
        cands.append(os.environ["PSCISIM"])
    else:
        if launcher:
            cands.append(os.path.join(os.path.dirname(launcher), "pscisim"))
        w = shutil.which("pscisim")
        if w:
            cands.append(w)
    for c in cands:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    if cands:
        raise SweepError("%s: pscisim not found or not executable" % cands[0])
    raise SweepError("pscisim not found: give --pscisim PATH or set PSCISIM")


def _report(out, name, axes, points, plots, quiet):
    cols, rows = table.build(out, axes, points)
    csv_path = table.write(out, name, axes, cols, rows)
    if plots:
        from . import page, plots as plotmod
        figs = plotmod.render_all(out, axes, points, rows)
        page.write(out, name, axes, points, cols, rows, figs)
    if not quiet:
        print("pscisim-sweep: %d points -> %s%s" % (
            len(rows), csv_path, (", " + os.path.join(out, "index.html")) if plots else ""),
            file=sys.stderr)
    missing = [r["point"] for r in rows if r.get("exit_reason") is None]
    if missing:
        print("pscisim-sweep: %d point(s) without a report: %s (see points/NNNN/stderr.txt)"
              % (len(missing), " ".join(str(m) for m in missing[:20])), file=sys.stderr)
        return 1
    return 0


def _main(argv, launcher):
    args = _parser().parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        raise SweepError("--jobs: %d must be >= 1" % args.jobs)

    if args.run_point is not None:
        if not args.out:
            raise SweepError("--run-point needs --out DIR")
        plan, points = runner.load_plan(args.out)
        if not 0 <= args.run_point < len(points):
            raise SweepError("--run-point: %d is not a point of %s (0..%d)"
                             % (args.run_point, args.out, len(points) - 1))
        p = points[args.run_point]
        if runner.is_finished(args.out, p):
            return 0
        runner.run_point(args.out, p, plan["pscisim"], plan.get("timeout"))
        return 0 if runner.is_finished(args.out, p) else 1

    if not args.sweep:
        raise SweepError("no sweep file given (pscisim-sweep --help)")
    doc = spec.load_file(args.sweep)
    pscisim = _find_pscisim(args, launcher, os.path.dirname(os.path.abspath(args.sweep)),
                            doc.get("pscisim") if isinstance(doc, dict) else None)
    sweep = spec.parse(args.sweep, pscisim)
    with tempfile.TemporaryDirectory(prefix="pscisim-sweep-") as tmp:
        spec.check_configs(sweep, pscisim, tmp)

    out = os.path.abspath(args.out or ("sweep-" + sweep.name))
    os.makedirs(os.path.join(out, "points"), exist_ok=True)
    plan = {"format": "pscisim-sweep-plan", "format_version": 1, "sweep": sweep.name,
            "source": sweep.source, "pscisim": pscisim, "timeout": sweep.timeout,
            "axes": [{"name": a.name, "kind": a.kind, "target": a.target, "values": a.values}
                     for a in sweep.axes],
            "points": [p.to_json() for p in sweep.points]}
    tmp_plan = os.path.join(out, "plan.json.tmp")
    with open(tmp_plan, "w") as f:
        json.dump(plan, f, indent=1)
        f.write("\n")
    os.replace(tmp_plan, os.path.join(out, "plan.json"))

    if args.backend == "local":
        if args.write_only:
            raise SweepError("--write-only applies to --backend slurm")
        runner.run_local(out, sweep.points, pscisim, args.jobs or os.cpu_count() or 1,
                         sweep.timeout, progress=not args.quiet)
    else:
        from . import slurm
        script = slurm.write_script(out, sweep, launcher, args.sbatch_arg)
        if script is None:
            if not args.quiet:
                print("pscisim-sweep: every point is finished; nothing to submit",
                      file=sys.stderr)
        elif args.write_only:
            print(script)
            return 0
        else:
            slurm.submit_and_wait(out, script, sweep.points, quiet=args.quiet)
    return _report(out, sweep.name, sweep.axes, sweep.points, not args.no_plots, args.quiet)


def main(argv, launcher=None):
    try:
        return _main(argv, launcher)
    except SweepError as e:
        print("pscisim-sweep: error: %s" % e, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pscisim-sweep: interrupted; finished points are kept (run again to resume)",
              file=sys.stderr)
        return 130
