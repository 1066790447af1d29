"""`pyxi run …` before argparse: exec straight away when the workspace is provably unchanged.

A bare interpreter starts in ~15 ms; argparse, dataclasses and rattler would each add as much
or more, and so would json and hashlib (`env/quickio.py` reads and hashes without them). So
this module imports only os, sys and pyxi's stdlib-only helpers, understands only the plain
`run [-e ENV] [-p PLATFORM] [--frozen|--locked] [--manifest-path P] [--] CMD…` form, and
returns None (the full path takes over) whenever anything is unusual: an unknown flag, a task
name, a changed manifest or lock, a missing stamp or activation cache, a platform other than
the one installed, a host requirement it cannot verify.
"""

from __future__ import annotations

import os
import sys

from pyxi.env.host_facts import meets, remembered
from pyxi.env.platform_select import Candidate, choose
from pyxi.env.quickio import loads, sha256_hex

_STAMP = os.path.join("conda-meta", "pyxi")
_ACTIVATION = os.path.join("conda-meta", "pyxi-activation")
_SHELL_CHARS = frozenset("|&;<>()$`\\\"'*?[]#~=%{}\n ")
# Every task name of the workspace (all environments), keyed by the manifest's hash: written
# by the full `run` path, so a word that is a task anywhere never takes the shortcut.
TASK_NAMES = os.path.join(".pixi", "pyxi-task-names.json")


def quick_run(argv: list[str]) -> int | None:
    parsed = _parse(argv)
    if parsed is None:
        return None
    environment, platform, frozen, manifest_arg, command = parsed
    manifest = _find_manifest(manifest_arg)
    if manifest is None or not command or not command[0].strip():
        return None
    root = os.path.dirname(manifest)
    prefix = os.path.join(root, ".pixi", "envs", environment)
    stamp = _read_json(os.path.join(prefix, _STAMP))
    if not stamp or command[0] in stamp.get("task_names", ()) or not in_place(stamp, prefix):
        return None
    manifest_hash = _sha256(manifest)
    if not frozen and stamp.get("manifest_sha256") != manifest_hash:
        return None
    if _is_task_name(root, manifest_hash, command[0]):
        return None
    if stamp.get("lock_sha256") != _sha256(os.path.join(root, "pixi.lock")):
        return None
    if not stamp_fits_host(root, stamp, manifest_hash, platform):
        return None
    activation = _read_json(os.path.join(prefix, _ACTIVATION))
    if not activation or not _activates(activation, prefix):
        return None
    return _exec(command, _environment(activation))


def in_place(stamp: dict, prefix: str) -> bool:  # type: ignore[type-arg]
    """Whether the stamped environment was installed where it is now (not moved or copied
    since; stamps of older pyxi versions do not say: the full path decides)."""
    return stamp.get("prefix") == os.path.realpath(prefix)


def _activates(activation: dict, prefix: str) -> bool:  # type: ignore[type-arg]
    """The cached activation is for this very prefix, and no script it ran was edited."""
    variables = activation.get("variables")
    if not isinstance(variables, dict) or not isinstance(variables.get("CONDA_PREFIX"), str):
        return False
    if os.path.realpath(variables["CONDA_PREFIX"]) != os.path.realpath(prefix):
        return False
    return _scripts_unchanged(activation.get("scripts", ()))


def _parse(argv: list[str]) -> tuple[str, str | None, bool, str | None, list[str]] | None:
    values: dict[str, str] = {"-e": "default"}
    frozen, index = False, 0
    while index < len(argv):
        word = argv[index]
        name, equals, value = word.partition("=")
        flag = _VALUE_FLAGS.get(name)
        if flag and equals:
            if not word.startswith("--"):
                return None
            values[flag], index = value, index + 1
        elif flag and index + 1 < len(argv):
            values[flag], index = argv[index + 1], index + 2
        elif word in ("--frozen", "--locked"):
            frozen, index = frozen or word == "--frozen", index + 1
        elif word.startswith("-") and word != "--":
            return None
        else:
            command = argv[index + 1 :] if word == "--" else argv[index:]
            return values["-e"], values.get("-p"), frozen, values.get("--manifest-path"), command
    return None


_VALUE_FLAGS = {"-e": "-e", "--environment": "-e", "-p": "-p", "--platform": "-p",
                "--manifest-path": "--manifest-path"}


def stamp_fits_host(
    root: str, stamp: dict, manifest_hash: str, requested: str | None  # type: ignore[type-arg]
) -> bool:
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
    try:
        result = [
            (str(n), str(s), tuple((str(v), str(w)) for v, w in d))
            for n, s, d in data  # type: ignore[union-attr]
        ]
    except (TypeError, ValueError):
        return None
    return result or None


def _is_task_name(root: str, manifest_hash: str, word: str) -> bool:
    """True also when unsure (no record for this manifest yet)."""
    known = _read_json(os.path.join(root, TASK_NAMES))
    if not known or known.get("manifest_sha256") != manifest_hash:
        return True
    return word in known.get("names", ())


def write_task_names(root, manifest_sha256: str, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Record the task names of the manifest whose bytes hash to `manifest_sha256` (the ones
    that were parsed) for `_is_task_name` (best effort; the full path calls this)."""
    from pathlib import Path

    from pyxi.atomic import atomic_write

    path = os.path.join(str(root), TASK_NAMES)
    data = {"manifest_sha256": manifest_sha256, "names": sorted(names)}
    if not manifest_sha256 or _read_json(path) == data:
        return
    import json

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        atomic_write(Path(path), json.dumps(data).encode(), durable=False)
    except OSError:
        pass


def _find_manifest(explicit: str | None) -> str | None:
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


def _read_json(path: str) -> dict | None:  # type: ignore[type-arg]
    try:
        with open(path, encoding="utf-8") as handle:
            data = loads(handle.read())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _sha256(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return sha256_hex(handle.read())
    except OSError:
        return ""


def _scripts_unchanged(scripts) -> bool:  # type: ignore[no-untyped-def]
    try:
        return all(os.stat(path).st_mtime_ns == mtime for path, mtime in scripts)
    except OSError:
        return False


def _environment(activation: dict) -> dict[str, str]:  # type: ignore[type-arg]
    env = dict(os.environ)
    env.update(activation["variables"])
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
    import _signal  # the C module: `signal` would import enum

    _signal.signal(_signal.SIGPIPE, _signal.SIG_DFL)  # not Python's SIG_IGN (see env/process.py)
    try:
        os.execvpe(command[0], command, env)
    except OSError:
        return None  # not found / not executable: the full path reports it properly
    return None
