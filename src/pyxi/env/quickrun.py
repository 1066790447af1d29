"""`pyxi run …` before argparse: exec straight away when the workspace is provably unchanged.

A bare interpreter starts in ~15 ms; argparse, dataclasses and rattler would each add as much
or more, and so would json and hashlib (`quickio.py` reads and hashes without them). So this
module imports only os, sys and pyxi's stdlib-only helpers, understands only the plain
`run [-e ENV] [-p PLATFORM] [--frozen|--locked] [--manifest-path P] [--] CMD…` form
(`quickargs.py`), reads only the fast path's files (`quickstate.py`), and returns None (the full
path takes over) whenever anything is unusual: an unknown flag, a task name, a changed manifest
or lock, a missing stamp or activation cache, a platform other than the one installed, a host
requirement it cannot verify.
"""

from __future__ import annotations

import os
import sys

from pyxi import quickstate
from pyxi.env.host_facts import meets, remembered
from pyxi.env.platform_select import Candidate, choose
from pyxi.progname import current_exe
from pyxi.quickargs import parse_run

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs the shortcut ~2 ms
if TYPE_CHECKING:
    from pyxi.quickstate import Json

_SHELL_CHARS = frozenset("|&;<>()$`\\\"'*?[]#~=%{}\n ")


def quick_run(argv: list[str]) -> int | None:
    args = parse_run(argv)
    if args is None:
        return None
    command = args.command
    manifest = find_manifest(args.manifest_path)
    if manifest is None or not command[0].strip():
        return None
    root = os.path.dirname(manifest)
    if detached_configured(root):
        return None  # the environments may live elsewhere: the full path knows where
    prefix = os.path.join(root, ".pixi", "envs", args.environment)
    stamp = quickstate.read_stamp(prefix)
    if not stamp or command[0] in stamp.get("task_names", ()):
        return None
    if not quickstate.stamp_in_place(stamp, prefix):
        return None
    manifest_hash = quickstate.file_sha256(manifest)
    if not args.frozen and stamp.get("manifest_sha256") != manifest_hash:
        return None
    if quickstate.is_task_name(root, manifest_hash, command[0]):
        return None
    if stamp.get("lock_sha256") != quickstate.file_sha256(os.path.join(root, "pixi.lock")):
        return None
    if not stamp_fits_host(root, stamp, manifest_hash, args.platform):
        return None
    activation = quickstate.read_activation(prefix)
    if not activation or not _activates(activation, prefix):
        return None
    return _exec(command, _environment(activation))


def _activates(activation: Json, prefix: str) -> bool:
    """The cached activation is for this very prefix, and no script it ran was edited."""
    variables = activation.get("variables")
    if not isinstance(variables, dict) or not isinstance(variables.get("CONDA_PREFIX"), str):
        return False
    if os.path.realpath(variables["CONDA_PREFIX"]) != os.path.realpath(prefix):
        return False
    return _scripts_unchanged(activation.get("scripts", ()))


def stamp_fits_host(root: str, stamp: Json, manifest_hash: str, requested: str | None) -> bool:
    """True when the full path would select the platform the stamp was installed for, and this
    machine provably meets what it and its packages need (else the full path decides)."""
    if stamp.get("candidates_manifest_sha256") != manifest_hash:
        return False
    candidates, host = _candidates(stamp.get("platform_candidates")), remembered(root)
    if candidates is None or host is None:
        return False
    choice = choose(candidates, host[0], host[1], requested, fast=True)
    if choice is None or choice.name != stamp.get("platform"):
        return False
    facts = host[1]
    if not all(meets(spec, facts) is True for spec in stamp.get("host_requirements", ())):
        return False
    constraints = stamp.get("host_constraints", ())
    return all(s.split()[0] not in facts or meets(s, facts) is True for s in constraints)


def _candidates(data: object) -> list[Candidate] | None:
    """The stamp's `platform_candidates` as `platform_select` takes them; None if malformed."""
    if not isinstance(data, list):
        return None
    try:
        result = [(str(n), str(s), tuple((str(v), str(w)) for v, w in d)) for n, s, d in data]
    except (TypeError, ValueError):
        return None
    return result or None


def find_manifest(explicit: str | None) -> str | None:
    """The manifest `--manifest-path` names, or the nearest one upwards; None when unsure (the
    full discovery rules of `manifest/discover.py` then decide)."""
    if explicit:
        path = os.path.abspath(explicit)
        if os.path.isdir(path):
            return _manifest_in(path)
        return path if os.path.isfile(path) else None
    if os.environ.get("PIXI_IN_SHELL") and os.environ.get("PIXI_PROJECT_MANIFEST"):
        return None  # nested in a pixi shell: let the full discovery rules decide
    folder = os.getcwd()
    while True:
        found = _manifest_in(folder)
        if found:
            return found
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _manifest_in(folder: str) -> str | None:
    pixi = os.path.join(folder, "pixi.toml")
    if os.path.isfile(pixi):
        return pixi
    pyproject = os.path.join(folder, "pyproject.toml")
    try:
        with open(pyproject, encoding="utf-8") as handle:
            return pyproject if "[tool.pixi" in handle.read() else None
    except OSError:
        return None


def detached_configured(root: str) -> bool:
    """Whether a config file that pixi reads (`config/paths.py` has their order) mentions
    `detached-environments`; read as text, no TOML parser on the fast path."""
    home = os.path.expanduser("~")
    candidates = [os.path.join(os.sep, "etc", "pixi"), os.path.join(home, ".config", "pixi"),
                  os.path.join(home, ".pixi"), os.path.join(root, ".pixi")]
    for variable, sub in (("XDG_CONFIG_HOME", "pixi"), ("PIXI_HOME", ""), ("APPDATA", "pixi")):
        if os.environ.get(variable):
            candidates.append(os.path.join(os.environ[variable], sub))
    files = [os.path.join(folder, "config.toml") for folder in candidates]
    files += [os.environ["PIXI_CONFIG_FILE"]] if os.environ.get("PIXI_CONFIG_FILE") else []
    for path in files:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                if "detached" in handle.read():
                    return True
        except OSError:
            continue
    return False


def _scripts_unchanged(scripts: object) -> bool:
    if not isinstance(scripts, (list, tuple)):
        return False
    try:
        return all(os.stat(path).st_mtime_ns == mtime for path, mtime in scripts)
    except (OSError, TypeError, ValueError):
        return False


def _environment(activation: Json) -> dict[str, str]:
    env = dict(os.environ)
    env.update(activation["variables"])
    if "PIXI_EXE" in env:
        env["PIXI_EXE"] = current_exe()
    old_path = os.environ.get("PATH", "")
    env["PATH"] = os.pathsep.join(list(activation["path_prepend"]) + ([old_path] if old_path else []))
    env["INIT_CWD"] = os.getcwd()
    return env


def _exec(command: list[str], env: dict[str, str]) -> int | None:
    if os.name != "posix":
        return None
    if len(command) == 1 and any(c in _SHELL_CHARS for c in command[0]):
        return None  # shell syntax: the full path knows how to run it
    sys.stdout.flush()
    sys.stderr.flush()
    _signal = __import__("_signal")  # the C module: `signal` would import enum

    _signal.signal(_signal.SIGPIPE, _signal.SIG_DFL)  # not Python's SIG_IGN (see env/process.py)
    try:
        os.execvpe(command[0], command, env)
    except OSError:
        return None  # not found / not executable: the full path reports it properly
    return None
