"""The sweep file: parsing, validation and expansion into points.

A sweep file (JSON, or TOML when its name ends in .toml) describes a base run and the
axes to vary; the cross product of the axes' values, times the repetitions, is the set
of points. The schema is documented in docs/sweeps.md. Every mistake raises SweepError
with one line naming the file, the field and the value.
"""
import hashlib
import itertools
import json
import os
import re
import subprocess

try:
    import tomllib as _toml  # Python >= 3.11

    def _toml_load(f):
        return _toml.load(f)

    _toml_mode = "rb"
except ImportError:  # Debian 11: python3-toml
    import toml as _toml

    def _toml_load(f):
        return _toml.load(f)

    _toml_mode = "r"


class SweepError(Exception):
    """A mistake in the sweep file or on the command line (exit status 2)."""


TOP_KEYS = {"name", "config", "options", "guest", "axes", "repetitions", "timeout", "pscisim"}
AXIS_KEYS = {"param", "values", "range", "name"}
RANGE_KEYS = {"from", "to", "step", "unit"}
# Options the sweep tool sets itself for every point.
RESERVED_OPTIONS = {"report", "timeline", "quiet", "config", "print-config", "help",
                    "version", "vcd", "dtb-out", "q", "c", "h", "V"}
NAME_RE = re.compile(r"^[A-Za-z0-9._-]+$")


class Axis:
    def __init__(self, kind, target, name, values):
        self.kind = kind  # "config", "option" or "guest"
        self.target = target  # config key path, option name, or None
        self.name = name  # column name
        self.values = values


class Point:
    """One simulation: the values of every axis and a repetition number."""

    def __init__(self, index, values, repetition, config, options, guest):
        self.index = index
        self.values = values  # {axis name: value}, in axis order
        self.repetition = repetition
        self.config = config  # dict (the per-point configuration file) or None
        self.options = options  # list of "--name=value" / "--name"
        self.guest = guest  # absolute path of the ELF
        self.id = "%04d" % index
        self.key = None  # set by Sweep.finalise()

    def to_json(self):
        return {"index": self.index, "id": self.id, "values": self.values,
                "repetition": self.repetition, "config": self.config,
                "options": self.options, "guest": self.guest, "key": self.key}

    @staticmethod
    def from_json(j):
        p = Point(j["index"], j["values"], j["repetition"], j["config"], j["options"],
                  j["guest"])
        p.id = j["id"]
        p.key = j["key"]
        return p


class Sweep:
    def __init__(self, name, axes, points, timeout, source, display):
        self.name = name
        self.display = display  # the path as the user gave it, for messages
        self.axes = axes
        self.points = points
        self.timeout = timeout
        self.source = source


def _fmt(v):
    """A value as pscisim's command line or a CSV cell spells it."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _expand_range(r, where):
    if not isinstance(r, dict):
        raise SweepError("%s: must be a table {from, to, step[, unit]}" % where)
    for k in r:
        if k not in RANGE_KEYS:
            raise SweepError("%s: unknown key '%s' (expected from, to, step, unit)" % (where, k))
    for k in ("from", "to", "step"):
        if k not in r:
            raise SweepError("%s: missing '%s'" % (where, k))
        if isinstance(r[k], bool) or not isinstance(r[k], (int, float)):
            raise SweepError("%s.%s: %r is not a number" % (where, k, r[k]))
    a, b, s = r["from"], r["to"], r["step"]
    if s <= 0:
        raise SweepError("%s.step: %r must be > 0" % (where, s))
    if b < a:
        raise SweepError("%s: to (%r) is below from (%r)" % (where, b, a))
    n = int(round((b - a) / s)) + 1
    if n > 10000:
        raise SweepError("%s: %d values; at most 10000 per axis" % (where, n))
    vals = []
    for i in range(n):
        v = a + i * s
        if v > b + abs(s) * 1e-9:
            break
        v = round(v, 12)
        if all(isinstance(x, int) for x in (a, s)):
            v = int(v)
        vals.append(v)
    unit = r.get("unit")
    if unit is not None:
        if not isinstance(unit, str):
            raise SweepError("%s.unit: %r is not a string" % (where, unit))
        vals = [_fmt(v) + unit for v in vals]
    return vals


_KEY_PART = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)((?:\[[0-9]+\])*)$")


def _set_key(cfg, path, value, where):
    """Sets config key `path` ("osi", "clusters[1].frequency", "latencies.core.off.exit_us")."""
    node = cfg
    parts = path.split(".")
    for i, part in enumerate(parts):
        m = _KEY_PART.match(part)
        if not m:
            raise SweepError("%s: bad config key '%s'" % (where, path))
        key, idx = m.group(1), [int(x) for x in re.findall(r"\[([0-9]+)\]", m.group(2))]
        last = i == len(parts) - 1
        steps = [key] + idx
        for j, s in enumerate(steps):
            final = last and j == len(steps) - 1
            if isinstance(s, int):
                if not isinstance(node, list) or s >= len(node):
                    raise SweepError("%s: config key '%s': index [%d] is not in the base "
                                     "configuration" % (where, path, s))
            elif not isinstance(node, dict):
                raise SweepError("%s: config key '%s': '%s' is not an object in the base "
                                 "configuration" % (where, path, s))
            if final:
                node[s] = value
            else:
                nxt_is_index = j + 1 < len(steps) and isinstance(steps[j + 1], int)
                if isinstance(s, str) and s not in node:
                    if nxt_is_index:
                        raise SweepError("%s: config key '%s': '%s' is not in the base "
                                         "configuration" % (where, path, s))
                    node[s] = {}
                node = node[s]


def load_file(path):
    if not os.path.isfile(path):
        raise SweepError("%s: no such sweep file" % path)
    try:
        if path.endswith(".toml"):
            with open(path, _toml_mode) as f:
                return _toml_load(f)
        with open(path) as f:
            return json.load(f)
    except (ValueError, TypeError) as e:  # JSONDecodeError and TOML errors
        msg = " ".join(str(e).split())
        raise SweepError("%s: not valid %s: %s" % (path, "TOML" if path.endswith(".toml")
                                                    else "JSON", msg))
    except OSError as e:
        raise SweepError("%s: %s" % (path, e.strerror))


def pscisim_options(pscisim):
    """The long option names pscisim --help lists."""
    try:
        out = subprocess.run([pscisim, "--help"], capture_output=True, text=True,
                             timeout=60).stdout
    except OSError as e:
        raise SweepError("%s: cannot run pscisim: %s" % (pscisim, e.strerror))
    return set(re.findall(r"--([a-z][a-z0-9-]*)", out))


# pscisim options whose value is an input file (--load: FILE@ADDR). Every point runs in
# its own directory, so a relative path is resolved against the sweep file's directory,
# as every other path in the sweep file, and must exist.
FILE_OPTIONS = {"initrd", "dtb", "uart-input", "load"}


def _resolve_file_option(name, value, base, where):
    if name not in FILE_OPTIONS or not isinstance(value, str) or value == "-":
        return value
    path, at, addr = value, "", ""
    if name == "load" and "@" in value:
        path, at, addr = value.rpartition("@")
    full = os.path.normpath(os.path.join(base, path))
    if not os.path.isfile(full):
        raise SweepError("%s: --%s: %s: no such file" % (where, name, path))
    return full + at + addr


def _option_args(name, value, where):
    if value is True:
        return ["--" + name]
    if value is False:
        return []  # a flag left out
    if isinstance(value, (int, float, str)):
        return ["--%s=%s" % (name, _fmt(value))]
    raise SweepError("%s: option --%s: %r is not a string, number or boolean"
                     % (where, name, value))


def _file_sha(path, cache):
    if path not in cache:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        cache[path] = h.hexdigest()
    return cache[path]


def parse(path, pscisim):
    """Reads and checks the sweep file at `path`; returns a Sweep with every point."""
    doc = load_file(path)
    src = path
    base = os.path.dirname(os.path.abspath(path))
    if not isinstance(doc, dict):
        raise SweepError("%s: the top level must be an object" % src)
    for k in doc:
        if k not in TOP_KEYS:
            raise SweepError("%s: unknown key '%s' (expected one of %s)"
                             % (src, k, ", ".join(sorted(TOP_KEYS))))
    name = doc.get("name", os.path.splitext(os.path.basename(path))[0])
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise SweepError("%s: name: %r must be letters, digits, '.', '_' or '-'" % (src, name))

    reps = doc.get("repetitions", 1)
    if isinstance(reps, bool) or not isinstance(reps, int) or not 1 <= reps <= 1000:
        raise SweepError("%s: repetitions: %r must be an integer 1..1000" % (src, reps))
    timeout = doc.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                or timeout <= 0):
        raise SweepError("%s: timeout: %r must be a positive number of host seconds"
                         % (src, timeout))

    known = pscisim_options(pscisim)

    # Base configuration: a file (relative to the sweep file) or an inline object.
    cfg = doc.get("config")
    if isinstance(cfg, str):
        cpath = os.path.join(base, cfg)
        try:
            with open(cpath) as f:
                cfg = json.load(f)
        except OSError as e:
            raise SweepError("%s: config: %s: %s" % (src, cfg, e.strerror))
        except ValueError as e:
            raise SweepError("%s: config: %s is not valid JSON: %s" % (src, cfg, e))
    if cfg is not None and not isinstance(cfg, dict):
        raise SweepError("%s: config: must be a file name or an object" % src)

    opts = doc.get("options", {})
    if not isinstance(opts, dict):
        raise SweepError("%s: options: must be an object {option: value}" % src)
    fixed_args = []
    for k, v in opts.items():
        where = "%s: options.%s" % (src, k)
        if k in RESERVED_OPTIONS:
            raise SweepError("%s: --%s is set by pscisim-sweep itself" % (where, k))
        if k not in known:
            raise SweepError("%s: pscisim has no option --%s" % (where, k))
        v = _resolve_file_option(k, v, base, where)
        fixed_args += _option_args(k, v, "%s: options" % src)

    guest = doc.get("guest")
    if guest is not None and not isinstance(guest, str):
        raise SweepError("%s: guest: %r must be a file name" % (src, guest))

    axes_doc = doc.get("axes")
    if not isinstance(axes_doc, list) or not axes_doc:
        raise SweepError("%s: axes: must be a non-empty list of axes" % src)
    axes = []
    names = set()
    for i, a in enumerate(axes_doc):
        where = "%s: axes[%d]" % (src, i)
        if not isinstance(a, dict):
            raise SweepError("%s: must be an object {param, values | range}" % where)
        for k in a:
            if k not in AXIS_KEYS:
                raise SweepError("%s: unknown key '%s' (expected param, values, range, name)"
                                 % (where, k))
        param = a.get("param")
        if not isinstance(param, str):
            raise SweepError("%s: param: missing (config:KEY, option:NAME, guest or initramfs)"
                             % where)
        if param.startswith("config:"):
            kind, target = "config", param[len("config:"):]
            if not target:
                raise SweepError("%s: param: '%s' names no config key" % (where, param))
        elif param.startswith("option:"):
            kind, target = "option", param[len("option:"):].lstrip("-")
            if target in RESERVED_OPTIONS:
                raise SweepError("%s: param: --%s is set by pscisim-sweep itself" % (where, target))
            if target not in known:
                raise SweepError("%s: param: pscisim has no option --%s" % (where, target))
        elif param == "guest":
            kind, target = "guest", None
        elif param == "initramfs":
            # Linux guests: the initramfs reaches pscisim as --initrd.
            if "initrd" not in known:
                raise SweepError("%s: param: initramfs needs a pscisim with --initrd (Linux "
                                 "guests); this one has no such option" % where)
            kind, target = "option", "initrd"
        else:
            raise SweepError("%s: param: '%s' is not config:KEY, option:NAME, guest or initramfs"
                             % (where, param))
        if ("values" in a) == ("range" in a):
            raise SweepError("%s: give exactly one of 'values' and 'range'" % where)
        if "values" in a:
            vals = a["values"]
            if not isinstance(vals, list) or not vals:
                raise SweepError("%s: values: must be a non-empty list" % where)
            for v in vals:
                if isinstance(v, (list, dict)) and kind != "config":
                    raise SweepError("%s: values: %r is not a string, number or boolean"
                                     % (where, v))
        else:
            vals = _expand_range(a["range"], where + ".range")
        if kind == "guest" or (kind == "option" and target == "initrd"):
            for v in vals:
                if not isinstance(v, str):
                    raise SweepError("%s: values: %r is not a file name" % (where, v))
        axname = a.get("name", param if param == "initramfs" else (target or param))
        if not isinstance(axname, str) or not NAME_RE.match(axname):
            raise SweepError("%s: name: %r must be letters, digits, '.', '_' or '-'"
                             % (where, axname))
        if axname in names or axname in ("point", "repetition"):
            raise SweepError("%s: name: '%s' is used twice; give the axis a 'name'"
                             % (where, axname))
        names.add(axname)
        if len(set(json.dumps(v, sort_keys=True) for v in vals)) != len(vals):
            raise SweepError("%s: values: a value appears twice" % where)
        axes.append(Axis(kind, target, axname, vals))

    guest_axes = [a for a in axes if a.kind == "guest"]
    if len(guest_axes) > 1:
        raise SweepError("%s: axes: more than one guest axis" % src)
    if not guest_axes and guest is None:
        raise SweepError("%s: no guest: set 'guest' or add a guest axis" % src)
    if guest_axes and guest is not None:
        raise SweepError("%s: guest: given both as 'guest' and as an axis" % src)

    def resolve_file(v, where):
        p = os.path.normpath(os.path.join(base, v))
        if not os.path.isfile(p):
            raise SweepError("%s: %s: no such file" % (where, v))
        return p

    guest_abs = resolve_file(guest, src + ": guest") if guest is not None else None
    for i, a in enumerate(axes):
        if a.kind == "guest" or (a.kind == "option" and a.target == "initrd"):
            for v in a.values:
                resolve_file(v, "%s: axes[%d]" % (src, i))

    points = []
    combos = list(itertools.product(*[a.values for a in axes]))
    if len(combos) * reps > 100000:
        raise SweepError("%s: %d points; at most 100000" % (src, len(combos) * reps))
    for combo in combos:
        for rep in range(reps):
            pcfg = json.loads(json.dumps(cfg)) if cfg is not None else None
            args = list(fixed_args)
            g = guest_abs
            values = {}
            for ai, (a, v) in enumerate(zip(axes, combo)):
                values[a.name] = v
                if a.kind == "config":
                    if pcfg is None:
                        pcfg = {}
                    _set_key(pcfg, a.target, v, "%s: axes[%d]" % (src, ai))
                elif a.kind == "option":
                    v = _resolve_file_option(a.target, v, base, "%s: axes[%d]" % (src, ai))
                    args += _option_args(a.target, v, "%s: axes[%d]" % (src, ai))
                else:
                    g = os.path.normpath(os.path.join(base, v))
            points.append(Point(len(points), values, rep, pcfg, args, g))
    shas = {}
    for p in points:
        # The contents of the input files are part of the key, so that a rebuilt guest,
        # initramfs or other input file at the same path makes its points run again.
        key = {"config": p.config, "options": p.options, "guest": p.guest,
               "guest_sha256": _file_sha(p.guest, shas), "repetition": p.repetition}
        for o in p.options:
            name, eq, value = o[2:].partition("=")
            if eq and name in FILE_OPTIONS and value != "-":
                path = value.rpartition("@")[0] if name == "load" and "@" in value else value
                key["sha256:" + o] = _file_sha(path, shas)
        p.key = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
    return Sweep(name, axes, points, timeout, os.path.abspath(path), path)


def check_configs(sweep, pscisim, tmpdir):
    """Resolves every distinct point configuration with pscisim --print-config, so that a
    bad key or value is reported before anything runs."""
    seen = set()
    for p in sweep.points:
        sig = json.dumps([p.config, p.options], sort_keys=True)
        if sig in seen:
            continue
        seen.add(sig)
        argv = [pscisim, "--print-config"]
        if p.config is not None:
            cpath = os.path.join(tmpdir, "check-config.json")
            with open(cpath, "w") as f:
                json.dump(p.config, f)
            argv += ["--config", cpath]
        argv += [o for o in p.options if not o.startswith("--initrd")]
        r = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            err = (r.stderr.strip().splitlines() or ["exit status %d" % r.returncode])[-1]
            err = err.replace(cpath if p.config is not None else "\0", "config")
            desc = ", ".join("%s=%s" % (k, _fmt(v)) for k, v in p.values.items()
                             if not isinstance(v, (list, dict)))
            raise SweepError("%s: point %d (%s): %s" % (sweep.display, p.index, desc, err))
