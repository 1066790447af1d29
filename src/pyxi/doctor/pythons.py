"""Which Python an environment gets on a platform (the lock's, or the newest one the manifest's
`python` spec admits in the channels), and the manifest change that picks another."""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from pyxi.doctor.context import DoctorContext
from pyxi.doctor.manifest_refs import declared
from pyxi.manifest.model import PlatformSpec
from pyxi.workspace.environment import Environment

_KNOWN_MINORS = tuple(f"3.{m}" for m in range(8, 15))


def conda_to_specifier(spec: str) -> SpecifierSet | None:
    """A conda version spec as PEP 440 (`3.12.*` → `==3.12.*`, `>=3.11,<3.13` kept); None if it
    cannot be expressed (`|`, build strings)."""
    text = spec.strip()
    if not text or text == "*":
        return SpecifierSet()
    if "|" in text:
        return None
    parts = []
    for part in text.replace(" ", "").split(","):
        if re.match(r"^\d", part):
            part = f"=={part}" if part.endswith(".*") or part.count(".") >= 2 else f"=={part}.*"
        parts.append(part)
    try:
        return SpecifierSet(",".join(parts))
    except InvalidSpecifier:
        return None


def target_python(ctx: DoctorContext, env: Environment, platform: PlatformSpec) -> tuple[str, str] | None:
    """(version, where it comes from)."""
    stale = ctx.lock is None or (env.name, platform.name) in ctx.stale
    locked = next((p for p in ctx.locked_conda(env, platform) if p.name == "python"), None)
    if locked is not None and not stale:
        return locked.version, "the locked python"
    dep = next((d for d in env.conda_dependencies(platform) if d.name == "python"), None)
    if dep is None:
        return (locked.version, "the locked python") if locked is not None else None
    specifier = conda_to_specifier(dep.version)
    if specifier is None:
        return None
    best = _newest_admitted(ctx, env, platform, specifier)
    return (best, f"the newest python that `python {dep.version}` admits") if best else None


def _newest_admitted(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
                     specifier: SpecifierSet) -> str | None:
    versions = _channel_pythons(ctx, env, platform)
    if versions is None:
        if not any(op in str(specifier) for op in ("<", "==", "~=")):
            return None  # open-ended and the channels are unreadable: the solver's pick is unknown
        versions = list(_KNOWN_MINORS)
    admitted = [v for v in versions if _admits(specifier, v)]
    return max(admitted, key=Version) if admitted else None


def _admits(specifier: SpecifierSet, version: str) -> bool:
    try:
        return specifier.contains(Version(version), prereleases=False)
    except InvalidVersion:
        return False


def _channel_pythons(ctx: DoctorContext, env: Environment, platform: PlatformSpec) -> list[str] | None:
    if ctx.channel_probe is None:
        return None
    found: list[str] = []
    readable = False
    for channel in env.channels:
        builds = ctx.channel_probe(channel, platform.subdir, "python")
        if builds is not None:
            readable = True
            found += [v for v, _ in builds]
    return found if readable else None


def python_fix(ctx: DoctorContext, env: Environment, platform: PlatformSpec, pythons: list[str]) -> str:
    if not pythons:
        return "take the package from an index that has wheels for this Python, then run `pyxi lock`"
    best, low = pythons[-1], pythons[0]
    decl = declared(env, platform, "conda", "python", ctx.workspace)
    key = decl.location.key if decl and decl.location else ""
    if key and "requires-python" in key:
        major, minor = best.split(".")
        return (f"lower the Python version to one with wheels ({', '.join(pythons)}): set "
                f"`requires-python = \">={low},<{major}.{int(minor) + 1}\"` under [project] in "
                f"{ctx.manifest_name}, then run `pyxi lock`")
    table = decl.table if decl else "[dependencies]"
    return (f"lower the Python version to one with wheels ({', '.join(pythons)}): set "
            f"`python = \"{best}.*\"` under {table} in {ctx.manifest_name}, then run `pyxi lock`")
