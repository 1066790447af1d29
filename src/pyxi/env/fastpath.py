"""`run` on an up-to-date workspace, decided from hashes and stamps alone.

Importing rattler costs more than the interpreter start itself, so this module imports only the
standard library and the stamp/activation readers. Anything it is not sure about returns None
and the caller takes the full path (parse, check the lock, install, activate).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pyxi import consts
from pyxi.env.activate import load_any_cached
from pyxi.env.stamp import file_sha256, read_stamp


def try_fast_run(
    manifest_path: Path, environment: str | None, argv: Sequence[str], frozen: bool
) -> int | None:
    root = manifest_path.parent
    name = environment or consts.DEFAULT_ENVIRONMENT
    prefix = root / consts.PIXI_DIR / consts.ENVS_DIR / name
    stamp = read_stamp(prefix)
    if stamp is None or (argv and argv[0] in stamp.task_names):
        return None
    if not frozen and stamp.manifest_sha256 != file_sha256(manifest_path):
        return None
    if stamp.lock_sha256 != file_sha256(root / consts.LOCK_FILE):
        return None
    if not all(_host_meets(spec) for spec in stamp.host_requirements):
        return None
    activation = load_any_cached(prefix)
    if activation is None or not activation.scripts_unchanged():
        return None
    from pyxi.env.process import exec_command

    env = activation.apply(dict(os.environ))
    env["INIT_CWD"] = os.getcwd()
    return exec_command(argv, env)


def _host_meets(spec: str) -> bool:
    """True only when the requirement is certainly met without asking rattler."""
    parts = spec.split(maxsplit=1)
    name, constraint = parts[0], parts[1] if len(parts) > 1 else ""
    if name == "__cuda":
        have = os.environ.get("CONDA_OVERRIDE_CUDA")
    elif name == "__glibc":
        have = os.environ.get("CONDA_OVERRIDE_GLIBC") or _glibc()
    else:
        return False
    return bool(have) and _simple_satisfies(have, constraint)


def _glibc() -> str | None:
    try:
        text = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (ValueError, OSError, AttributeError):
        return None
    return text.split()[-1] if text.startswith("glibc") else None


def _simple_satisfies(version: str, constraint: str) -> bool:
    """`>=X` / `>=X,<Y` / empty only; anything fancier is left to rattler (returns False)."""
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
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        result.append(int(digits))
    return tuple(result)
