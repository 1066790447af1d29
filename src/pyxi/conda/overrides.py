"""`CONDA_OVERRIDE_*`, read the way conda reads them, for both host detections.

A variable that is set replaces (or, set empty, removes) the virtual package it names; its
value is trimmed first, as conda does. Anything else must be a version of plain numbers
(`12.6`, `2.28`), or for `CONDA_OVERRIDE_ARCHSPEC` a microarchitecture name; a value that
cannot be one is an error that names the variable and the value, never a crash deeper down.

Stdlib only: `run`'s import-light path applies the overrides through these same functions.
"""

from __future__ import annotations

import os

# Virtual package → the variable that overrides it.
VARIABLES = {
    "__cuda": "CONDA_OVERRIDE_CUDA",
    "__glibc": "CONDA_OVERRIDE_GLIBC",
    "__osx": "CONDA_OVERRIDE_OSX",
    "__linux": "CONDA_OVERRIDE_LINUX",
    "__win": "CONDA_OVERRIDE_WIN",
    "__archspec": "CONDA_OVERRIDE_ARCHSPEC",
}
# The order rattler reports virtual packages in (others keep their place, at the end).
_ORDER = ("__win", "__unix", "__linux", "__osx", "__glibc", "__cuda", "__archspec")
_LARGEST_PART = 2**64 - 1  # a version component is an unsigned 64-bit number in rattler

# (name, version, build) of one virtual package.
Virtual = tuple[str, str, str]


class InvalidOverride(ValueError):
    def __init__(self, variable: str, value: str, reason: str) -> None:
        super().__init__(f"{variable}={value!r} {reason}")
        self.variable, self.value, self.reason = variable, value, reason


def read_overrides(environ: dict[str, str] | None = None) -> dict[str, str]:
    """{virtual package: trimmed value} for every variable that is set ("" = none here), from
    `environ` (default: this process's environment).

    Raises `InvalidOverride` for a value that cannot be what the variable sets."""
    found: dict[str, str] = {}
    for name, variable in VARIABLES.items():
        raw = os.environ.get(variable) if environ is None else environ.get(variable)
        if raw is None:
            continue
        value = raw.strip()
        problem = _problem(name, value)
        if problem:
            raise InvalidOverride(variable, raw, problem)
        found[name] = value
    return found


def _problem(name: str, value: str) -> str | None:
    if not value:
        return None
    if name == "__archspec":
        if value.isascii() and value.replace("_", "").isalnum():
            return None
        return "is not a microarchitecture name (such as `x86_64_v3`, or `0` for unknown)"
    if not all(part.isascii() and part.isdigit() for part in value.split(".")):
        return "is not a version: expected numbers separated by dots"
    if any(int(part) > _LARGEST_PART for part in value.split(".")):
        return "is not a usable version: a number in it is too large"
    return None


def apply_overrides(
    detected: list[Virtual] | tuple[Virtual, ...], overrides: dict[str, str]
) -> list[Virtual]:
    """The detected virtual packages with the overrides applied: replaced, removed when
    empty, added when the machine has no such package (in rattler's order)."""
    result: list[Virtual] = []
    for name, version, build in detected:
        if name not in overrides:
            result.append((name, version, build))
        elif overrides[name]:
            result.append(_overridden(name, overrides[name]))
    present = {name for name, _, _ in result}
    for name, value in overrides.items():
        if value and name not in present:
            result.append(_overridden(name, value))
    return sorted(result, key=lambda vp: _ORDER.index(vp[0]) if vp[0] in _ORDER else len(_ORDER))


def _overridden(name: str, value: str) -> Virtual:
    return (name, "1", value) if name == "__archspec" else (name, value, "0")
