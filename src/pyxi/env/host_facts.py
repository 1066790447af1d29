"""This machine's virtual packages for the import-light paths, and the version rules they use.

Detecting `__cuda` needs rattler (it loads the NVIDIA driver library), which `run`'s shortcut
must not import. So the full path remembers rattler's detection, before overrides, in
`.pixi/pyxi-host.json` (`quickstate.py`), under a fingerprint of what could change it: the
boot, the kernel, the NVIDIA driver's version file, the NVIDIA device nodes, and the variables
that steer the driver library. The shortcut uses that detection only when the fingerprint is the same, applies
`CONDA_OVERRIDE_*` with the same function as the full path (`conda/overrides.py`), and
otherwise leaves the decision to the full path.

Stdlib only.
"""

from __future__ import annotations

import os
import sys

from pyxi import quickstate
from pyxi.conda.overrides import InvalidOverride, Virtual, apply_overrides, read_overrides
from pyxi.quickio import sha256_hex

_STEERING = ("CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "LD_LIBRARY_PATH")


def fingerprint() -> str:
    """A hash of what rattler's detection depends on; "" where it cannot be taken."""
    if not hasattr(os, "uname"):
        return ""
    parts = [sys.platform, *os.uname()]
    parts += [_read("/proc/sys/kernel/random/boot_id"), _read("/proc/driver/nvidia/version")]
    try:
        parts += sorted(name for name in os.listdir("/dev") if name.startswith("nvidia"))
    except OSError:
        parts.append("no /dev")
    parts.append(str(os.path.isdir("/usr/lib/wsl/lib")))
    parts += [f"{name}={os.environ.get(name)}" for name in _STEERING]
    return sha256_hex("\n".join(parts).encode())


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def remember(root: str, subdir: str, detected: tuple[Virtual, ...], create: bool = False) -> None:
    """Record the full path's detection for this fingerprint (best effort); only in an existing
    `.pixi` folder unless `create` (commands that install do, those that only look do not)."""
    entry = {"subdir": subdir, "virtual_packages": [list(vp) for vp in detected]}
    quickstate.remember_host(root, fingerprint(), entry, create=create)


def remembered(root: str) -> tuple[str, dict[str, str]] | None:
    """(subdir, {virtual package: version}) with the overrides applied, when the full path's
    detection for this very fingerprint is on record and the overrides are valid."""
    entry = quickstate.remembered_host(root, fingerprint() or "-")
    if entry is None:
        return None
    try:
        detected = [(str(n), str(v), str(b)) for n, v, b in entry["virtual_packages"]]
        host = apply_overrides(detected, read_overrides())
    except (InvalidOverride, KeyError, TypeError, ValueError):
        return None
    return str(entry["subdir"]), {name: version for name, version, _ in host}


# ----------------------------------------------------------------------------- versions


def at_least(have: str, want: str) -> bool | None:
    """`have >= want` for a version of plain numbers (`12` == `12.0`) and a bound that may end
    in a pre-release (`3.0.a0`, conda's "before any 3.0"); None for anything else."""
    mine, theirs = _numbers(have), _numbers(_release(want))
    if mine is None or theirs is None:
        return None
    width = max(len(mine), len(theirs))
    return mine + (0,) * (width - len(mine)) >= theirs + (0,) * (width - len(theirs))


def _release(bound: str) -> str:
    """`3.0.a0`, `14.0a0` → `3.0`, `14.0`: against plain numbers, `>=`/`<` a pre-release
    compare as its release (conda sorts letters before numbers; `post` is the exception)."""
    text = bound.strip()
    end = 0
    while end < len(text) and (text[end].isdigit() or (text[end] == "." and end + 1 < len(text)
                                                       and text[end + 1].isdigit())):
        end += 1
    rest = text[end:].lstrip(".")
    if end and rest[:1].isalpha() and not rest.lower().startswith("post"):
        return text[:end]
    return bound


def _numbers(text: str) -> tuple[int, ...] | None:
    parts = text.strip().split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def meets(spec: str, host: dict[str, str]) -> bool | None:
    """Does the host satisfy `__cuda >=12` (clauses `>=X`, `<Y`, or none)? None: not decidable
    here (another operator, a version that is not plain numbers)."""
    name, _, constraint = spec.strip().partition(" ")
    have = host.get(name)
    if have is None:
        return False
    for clause in filter(None, (c.strip() for c in constraint.split(","))):
        if clause.startswith(">="):
            answer = at_least(have, clause[2:])
        elif clause.startswith("<") and not clause.startswith("<="):
            above = at_least(have, clause[1:])
            answer = None if above is None else not above
        else:
            return None
        if not answer:
            return answer
    return True
