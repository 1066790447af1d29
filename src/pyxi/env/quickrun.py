"""`pyxi run …` before argparse: exec straight away when the workspace is provably unchanged.

A bare interpreter starts in ~15 ms; argparse, dataclasses and rattler would each add as much
or more. So this module imports only os, sys, json and hashlib, understands only the plain
`run [-e ENV] [--frozen|--locked] [--manifest-path P] [--] CMD…` form, and returns None (the
full path takes over) whenever anything is unusual: an unknown flag, a task name, a changed
manifest or lock, a missing stamp or activation cache, a host requirement it cannot verify.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

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
    environment, frozen, manifest_arg, command = parsed
    manifest = _find_manifest(manifest_arg)
    if manifest is None or not command or not command[0].strip():
        return None
    root = os.path.dirname(manifest)
    prefix = os.path.join(root, ".pixi", "envs", environment)
    stamp = _read_json(os.path.join(prefix, _STAMP))
    if not stamp or command[0] in stamp.get("task_names", ()):
        return None
    manifest_hash = _sha256(manifest)
    if not frozen and stamp.get("manifest_sha256") != manifest_hash:
        return None
    if _is_task_name(root, manifest_hash, command[0]):
        return None
    if stamp.get("lock_sha256") != _sha256(os.path.join(root, "pixi.lock")):
        return None
    if not all(_host_meets(spec) for spec in stamp.get("host_requirements", ())):
        return None
    activation = _read_json(os.path.join(prefix, _ACTIVATION))
    if not activation or not _scripts_unchanged(activation.get("scripts", ())):
        return None
    return _exec(command, _environment(activation))


def _parse(argv: list[str]) -> tuple[str, bool, str | None, list[str]] | None:
    environment, frozen, manifest = "default", False, None
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in ("-e", "--environment", "--manifest-path") and index + 1 < len(argv):
            if word == "--manifest-path":
                manifest = argv[index + 1]
            else:
                environment = argv[index + 1]
            index += 2
        elif word.startswith("--environment="):
            environment, index = word.split("=", 1)[1], index + 1
        elif word in ("--frozen", "--locked"):
            frozen, index = frozen or word == "--frozen", index + 1
        elif word == "--":
            return environment, frozen, manifest, argv[index + 1 :]
        elif word.startswith("-"):
            return None
        else:
            return environment, frozen, manifest, argv[index:]
    return None


def _is_task_name(root: str, manifest_hash: str, word: str) -> bool:
    """True also when unsure (no record for this manifest yet)."""
    known = _read_json(os.path.join(root, TASK_NAMES))
    if not known or known.get("manifest_sha256") != manifest_hash:
        return True
    return word in known.get("names", ())


def write_task_names(root, manifest, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Record the workspace's task names for `_is_task_name` (best effort)."""
    path = os.path.join(str(root), TASK_NAMES)
    data = {"manifest_sha256": _sha256(str(manifest)), "names": sorted(names)}
    if _read_json(path) == data:
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".tmp", "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(path + ".tmp", path)
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
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _sha256(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return ""


def _scripts_unchanged(scripts) -> bool:  # type: ignore[no-untyped-def]
    try:
        return all(os.stat(path).st_mtime_ns == mtime for path, mtime in scripts)
    except OSError:
        return False


def _host_meets(spec: str) -> bool:
    """Only `__cuda` via CONDA_OVERRIDE_CUDA and `__glibc` via confstr are decided here."""
    name, _, constraint = spec.partition(" ")
    if name == "__cuda":
        have = os.environ.get("CONDA_OVERRIDE_CUDA")
    elif name == "__glibc":
        have = os.environ.get("CONDA_OVERRIDE_GLIBC") or _glibc()
    else:
        return False
    return bool(have) and _at_least(have, constraint.strip())


def _glibc() -> str | None:
    try:
        text = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (ValueError, OSError, AttributeError):
        return None
    return text.split()[-1] if text.startswith("glibc") else None


def _at_least(version: str, constraint: str) -> bool:
    """Clauses `>=X` and `<Y` only (what `__glibc`/`__cuda` dependencies use); anything else
    is left to rattler."""
    have = _numbers(version)
    for clause in filter(None, (c.strip() for c in constraint.split(","))):
        if clause.startswith(">="):
            if have < _numbers(clause[2:]):
                return False
        elif clause.startswith("<") and not clause.startswith("<="):
            if have >= _numbers(clause[1:]):
                return False
        else:
            return False
    return True


def _numbers(text: str) -> tuple[int, ...]:
    result = []
    for part in text.strip().split("."):
        if not part.isdigit():
            break
        result.append(int(part))
    return tuple(result)


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
