#!/usr/bin/env python3
"""Runs a guest program (on QEMU or pscisim) and judges its output.

The guest prints one line per check ("PASS name", "FAIL name: ...", "SKIP name: ...") and
a final "N passed, N failed, N skipped" line (see sw/lib/include/sw/check.h). This runner
passes when:
  * the program finished within --timeout seconds and printed the summary line, which
    agrees with the FAIL lines it printed, and no "CRASH" report;
  * every FAIL line matches an entry of the expected-failure file for this --config
    (entries: "<config glob> <check glob>  # reason"); an expected failure that passed
    is reported (XPASS) but does not fail the test;
  * the exit status is 0 when nothing failed, and 1 when only expected failures did.
With --no-checks (benchmarks, demo) the program must exit with --expect-exit (default 0)
and print lines matching every --require; --allow-crash accepts a CRASH report.
Usage: run_guest.py --config NAME [--expected-failures FILE] [--timeout S]
                    [--no-checks [--expect-exit N] [--allow-crash]] [--require REGEX]...
                    -- command...
"""
import argparse
import fnmatch
import re
import subprocess
import sys

SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed, (\d+) skipped$")


def load_expected(path, config):
    entries = []
    if not path:
        return entries
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2:
                sys.exit(f"{path}:{lineno}: expected '<config glob> <check glob>'")
            if fnmatch.fnmatchcase(config, parts[0]):
                entries.append(parts[1])
    return entries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--expected-failures")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--no-checks", action="store_true")
    ap.add_argument("--require", action="append", default=[])
    ap.add_argument("--expect-exit", type=int, default=0,
                    help="with --no-checks: the exit status required (default 0)")
    ap.add_argument("--allow-crash", action="store_true",
                    help="a CRASH report is the expected outcome")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command given")

    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=args.timeout)
        out, status, timed_out = proc.stdout, proc.returncode, False
    except subprocess.TimeoutExpired as e:
        out, status, timed_out = e.stdout or b"", None, True
    text = out.decode("utf-8", errors="replace")
    # On a machine with several UARTs (fvp) each console line carries its UART's name
    # ("uart0: "); the checks read the line without it.
    lines = [re.sub(r"^uart[0-9]+: ", "", l.rstrip("\r")) for l in text.splitlines()]
    sys.stdout.write("\n".join(lines) + "\n")

    problems = []
    if timed_out:
        problems.append(f"timed out after {args.timeout:g} s")
    if any(l.startswith("CRASH") for l in lines) and not args.allow_crash:
        problems.append("the guest reported a crash")

    if args.no_checks:
        if not timed_out and status != args.expect_exit:
            problems.append(f"exit status {status}, expected {args.expect_exit}")
        for req in args.require:
            if not any(re.search(req, l) for l in lines):
                problems.append(f"no output line matches {req!r}")
    else:
        expected = load_expected(args.expected_failures, args.config)
        fails = [l[5:].split(":", 1)[0] for l in lines if l.startswith("FAIL ")]
        passes = [l[5:].strip() for l in lines if l.startswith("PASS ")]
        summary = [m for m in (SUMMARY.match(l) for l in lines) if m]
        if not summary:
            problems.append("no summary line")
        elif int(summary[-1].group(2)) != len(fails):
            problems.append(f"summary says {summary[-1].group(2)} failed, "
                            f"{len(fails)} FAIL lines")
        unexpected = [f for f in fails
                      if not any(fnmatch.fnmatchcase(f, p) for p in expected)]
        for f in unexpected:
            problems.append(f"unexpected failure: {f}")
        for p in expected:
            ok = [c for c in passes if fnmatch.fnmatchcase(c, p)]
            if ok and not any(fnmatch.fnmatchcase(f, p) for f in fails):
                print(f"XPASS (expected to fail on {args.config}, passed): {', '.join(ok)}")
        if not timed_out:
            want = 1 if fails else 0
            if status != want:
                problems.append(f"exit status {status}, expected {want}")
        print(f"{args.config}: {len(passes)} passed, {len(fails)} failed "
              f"({len(fails) - len(unexpected)} expected)")

    for p in problems:
        print(f"run_guest: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
