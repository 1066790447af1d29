"""PyPI wheels that cannot exist for an environment: a CUDA index on a platform without CUDA
wheels, or a Python version for which the chosen index has no wheels. Read from the index pages
(the lock cannot help: when this goes wrong, locking fails and there is no lock entry)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from pyxi.datamodel import model
from pyxi.doctor.context import DoctorContext
from pyxi.doctor.families import cpu_index_for, cuda_index_tag
from pyxi.doctor.finding import Evidence, Finding, error
from pyxi.doctor.manifest_refs import declared, table_name
from pyxi.doctor.pythons import python_fix, target_python
from pyxi.manifest.model import PlatformSpec, PypiDependency
from pyxi.names import normalize_pypi_name
from pyxi.pypi.tags import PythonTarget, UnsupportedTargetError, platform_tags, wheel_rank
from pyxi.workspace.environment import Environment


@model(frozen=True)
class Wheel:
    filename: str
    version: str
    interpreters: frozenset[str]
    platforms: frozenset[str]


def parse_wheels(files: list[str], spec: str | None) -> list[Wheel]:
    try:
        wanted = SpecifierSet(spec) if spec and spec.strip() not in ("", "*") else None
    except InvalidSpecifier:
        wanted = None
    wheels = []
    for name in files:
        try:
            _, version, _, tags = parse_wheel_filename(name)
        except InvalidWheelFilename:
            continue
        if wanted is not None and not wanted.contains(version, prereleases=True):
            continue
        wheels.append(Wheel(name, str(version), frozenset(t.interpreter for t in tags),
                            frozenset(t.platform for t in tags)))
    return wheels


def check_wheels(ctx: DoctorContext) -> Iterator[Finding]:
    for env, platform in ctx.pairs():
        locked = {normalize_pypi_name(p.name) for p in ctx.locked_pypi(env, platform)}
        fresh = (env.name, platform.name) not in ctx.stale and ctx.lock is not None
        for dep in env.pypi_dependencies(platform):
            if not dep.is_registry or not dep.index:
                continue
            if fresh and normalize_pypi_name(dep.name) in locked:
                continue
            finding = _check_dep(ctx, env, platform, dep)
            if finding is not None:
                yield finding


def _check_dep(ctx: DoctorContext, env: Environment, platform: PlatformSpec, dep: PypiDependency) -> Finding | None:
    files = ctx.probe(dep.index, dep.name) if ctx.probe and dep.index else None
    if files is None:
        known_gap = cuda_index_tag(dep.index) and platform.subdir.startswith("osx")
        return _no_platform(ctx, env, platform, dep, [], "PyTorch publishes no CUDA wheels for macOS") if known_gap else None
    wheels = parse_wheels(files, dep.version)
    if not wheels:
        return None
    glibc, osx = _declared_libc(env, platform)
    try:
        tags = set(platform_tags(platform.subdir, glibc, osx)) | {"any"}
    except UnsupportedTargetError:
        return None
    for_platform = [w for w in wheels if w.platforms & tags]
    if not for_platform:
        return _no_platform(ctx, env, platform, dep, wheels, None)
    return _check_python(ctx, env, platform, dep, for_platform, glibc, osx)


def _declared_libc(env: Environment, platform: PlatformSpec) -> tuple[str | None, str | None]:
    virtual = {vp.name: vp.version for vp in env.virtual_packages(platform)}
    return virtual.get("__glibc"), virtual.get("__osx")


def _target_selector(platform: PlatformSpec) -> str:
    return "osx" if platform.subdir.startswith("osx") else platform.name


def _no_platform(ctx: DoctorContext, env: Environment, platform: PlatformSpec, dep: PypiDependency,
                 wheels: list[Wheel], known: str | None) -> Finding:
    have = sorted({p for w in wheels for p in w.platforms})
    decl = declared(env, platform, "pypi", dep.name, ctx.workspace)
    target = table_name(ctx.workspace, decl.feature if decl else "default", "pypi", _target_selector(platform))
    version = dep.version or "*"
    if cuda_index_tag(dep.index):
        other = cpu_index_for(dep.index or "")
        fix = (f"use the CPU index on this platform: add `{dep.name} = {{ version = \"{version}\", index = "
               f"\"{other}\" }}` under {target} (and the same for torchvision/torchaudio), then run `pyxi lock`")
    else:
        fix = (f"take `{dep.name}` from an index with wheels for {platform.subdir}: set its `index` under "
               f"{target}, or drop {platform.name} from the environment's platforms")
    notes = [known] if known else [f"wheels on that index are for: {', '.join(have[:8])}"]
    return error(
        "no-wheels-for-platform",
        f"`{dep.name}` comes from {dep.index}, which has no `{dep.name}` wheels for {platform.subdir}",
        environment=env.name, platforms=(platform.name,), location=dep.location,
        evidence=(Evidence("index", dep.name, dep.version, None, dep.index, detail=f"no wheel for {platform.subdir}"),),
        fix=fix, notes=tuple(notes),
    )


def _check_python(ctx: DoctorContext, env: Environment, platform: PlatformSpec, dep: PypiDependency,
                  wheels: list[Wheel], glibc: str | None, osx: str | None) -> Finding | None:
    python = target_python(ctx, env, platform)
    if python is None:
        return None
    version, why = python
    try:
        ranked = PythonTarget(platform.subdir, version, glibc, osx).wheel_tags()
    except UnsupportedTargetError:
        return None
    if any(wheel_rank(w.filename, ranked) is not None for w in wheels):
        return None
    pythons = sorted({m for w in wheels for i in w.interpreters if (m := _minor(i))},
                     key=lambda v: tuple(int(x) for x in v.split(".")))
    return error(
        "no-wheels-for-python",
        f"`{dep.name}` from {dep.index} has no wheels for Python {version} on {platform.subdir} "
        f"(it has them for Python {', '.join(pythons) or 'none'})",
        environment=env.name, platforms=(platform.name,), location=dep.location,
        evidence=(Evidence("index", dep.name, dep.version, None, dep.index, detail=f"wheels for {', '.join(pythons)}"),
                  Evidence("manifest", "python", version, None, why)),
        fix=python_fix(ctx, env, platform, pythons),
        notes=("a wheel's ABI tag (cp312 = CPython 3.12) must match the environment's Python",),
    )


def _minor(interpreter: str) -> str | None:
    match = re.match(r"^cp(\d)(\d+)$", interpreter)
    return f"{match[1]}.{match[2]}" if match else None
