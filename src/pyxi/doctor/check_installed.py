"""Installed environments against the lock: packages missing, extra or at other versions, files
deleted or changed since they were linked (conda-meta sha256) or installed (PyPI RECORD), and
packages someone pip-installed behind pyxi's back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pyxi import consts
from pyxi.doctor.context import DoctorContext
from pyxi.doctor.finding import Evidence, Finding, error, warning
from pyxi.doctor.installed import (
    CondaRecord,
    FileProblem,
    conda_records,
    record_owners,
    verify_conda_files,
    verify_record,
)
from pyxi.doctor.manifest_refs import env_flag
from pyxi.env.stamp import read_stamp
from pyxi.lockfile.model import CondaPackage, LockedPackage, PypiPackage
from pyxi.names import normalize_pypi_name
from pyxi.pypi.installed import InstalledDist, installed_dists, site_packages
from pyxi.quickstate import file_sha256
from pyxi.workspace.environment import Environment

_SHOWN = 5


def check_installed(ctx: DoctorContext) -> Iterator[Finding]:
    for env in ctx.environments:
        if not (env.prefix / consts.CONDA_META).is_dir() or ctx.lock is None:
            continue
        stamp = read_stamp(env.prefix)
        platform = env.platform(stamp.platform) if stamp else ctx.host_platform(env)
        if platform is None:
            continue
        locked = ctx.locked(env, platform)
        records = conda_records(env.prefix)
        site = site_packages(env.prefix)
        dists = installed_dists(site)
        claimed = _stamp_claims_current(ctx, env)
        yield from _package_differences(env, platform.name, locked, records, dists, claimed)
        yield from _file_problems(env, platform.name, records, site, dists, locked)
        yield from _foreign(env, platform.name, records, dists, locked)


def _stamp_claims_current(ctx: DoctorContext, env: Environment) -> bool:
    stamp = read_stamp(env.prefix)
    return stamp is not None and stamp.lock_sha256 == file_sha256(ctx.workspace.lock_path)


def _reinstall(env: Environment) -> str:
    return (f"reinstall it: remove the folder {env.prefix} and run `pyxi install{env_flag(env)}` "
            "(pyxi trusts its install stamp, so a plain `pyxi install` does not repair files)")


def _package_differences(env: Environment, platform: str, locked: list[LockedPackage],
                         records: dict[str, CondaRecord], dists: dict[str, InstalledDist],
                         claimed: bool) -> Iterator[Finding]:
    evidence = _conda_diff(locked, records) + _pypi_diff(locked, dists)
    if not evidence:
        return
    message = f"the installed environment differs from pixi.lock in {len(evidence)} package(s)"
    if claimed:
        yield error("installed-differs-from-lock", message + ", although pyxi recorded it as up to date",
                    environment=env.name, platforms=(platform,), evidence=tuple(evidence), fix=_reinstall(env))
    else:
        yield warning("installed-differs-from-lock", message + " (it was installed from an older lock)",
                      environment=env.name, platforms=(platform,), evidence=tuple(evidence),
                      fix=f"run `pyxi install{env_flag(env)}` (`pyxi run` also does it before running)")


def _conda_diff(locked: list[LockedPackage], records: dict[str, CondaRecord]) -> list[Evidence]:
    wanted = {p.name: p for p in locked if isinstance(p, CondaPackage)}
    evidence = []
    for name, package in sorted(wanted.items()):
        have = records.get(name)
        if have is None:
            evidence.append(Evidence("conda", name, package.version, package.build, package.channel, "locked, not installed"))
        elif (have.version, have.build) != (package.version, package.build):
            evidence.append(Evidence("conda", name, have.version, have.build, have.channel,
                                     f"installed; the lock has {package.version} {package.build}"))
    for name in sorted(set(records) - set(wanted)):
        have = records[name]
        evidence.append(Evidence("conda", name, have.version, have.build, have.channel, "installed, not in the lock"))
    return evidence


def _pypi_diff(locked: list[LockedPackage], dists: dict[str, InstalledDist]) -> list[Evidence]:
    evidence = []
    for package in locked:
        if not isinstance(package, PypiPackage):
            continue
        dist = dists.get(normalize_pypi_name(package.name))
        if dist is None:
            evidence.append(Evidence("pypi", package.name, package.version, None, package.index, "locked, not installed"))
        elif package.version and _norm(dist.version) != _norm(package.version):
            evidence.append(Evidence("pypi", package.name, dist.version, None, None,
                                     f"installed; the lock has {package.version}"))
    return evidence


def _norm(version: str) -> str:
    from packaging.version import InvalidVersion, Version

    try:
        return str(Version(version))
    except InvalidVersion:
        return version


def _file_problems(env: Environment, platform: str, records: dict[str, CondaRecord], site: Path | None,
                   dists: dict[str, InstalledDist], locked: list[LockedPackage]) -> Iterator[Finding]:
    evidence: list[Evidence] = []
    owned = _conda_owned(records)
    pypi_dists = [d for d in sorted(site.glob("*.dist-info")) if d.name not in owned] if site else []
    owners = record_owners(site, pypi_dists, env.prefix) if site else {}
    for record in records.values():
        problems = verify_conda_files(env.prefix, record)
        evidence += _file_evidence("conda", record.name, record.version, problems, owners)
    ours = {normalize_pypi_name(p.name) for p in locked if isinstance(p, PypiPackage)}
    for name in sorted(ours & set(dists)):
        problems = verify_record(site, dists[name].dist_info) if site else []
        evidence += _file_evidence("pypi", name, dists[name].version, problems, {})
    if evidence:
        yield error(
            "installed-files-changed",
            f"{len(evidence)} package(s) of the installed environment have missing or modified files",
            environment=env.name, platforms=(platform,), evidence=tuple(evidence), fix=_reinstall(env),
            notes=("files change when something (pip, a script, an editor) writes into .pixi/envs",),
        )


def _file_evidence(kind: str, name: str, version: str, problems: list[FileProblem],
                   owners: dict[str, str]) -> list[Evidence]:
    if not problems:
        return []
    shown = []
    for problem in problems[:_SHOWN]:
        owner = owners.get(problem.path)
        shown.append(f"{problem.problem}: {problem.path}" + (f" (now owned by {owner})" if owner else ""))
    more = f"; and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
    return [Evidence(kind, name, version, detail="; ".join(shown) + more)]


def _foreign(env: Environment, platform: str, records: dict[str, CondaRecord],
             dists: dict[str, InstalledDist], locked: list[LockedPackage]) -> Iterator[Finding]:
    conda_owned = _conda_owned(records)
    ours = {normalize_pypi_name(p.name) for p in locked if isinstance(p, PypiPackage)}
    foreign = [d for n, d in sorted(dists.items())
               if n not in ours and not d.ours and d.dist_info.name not in conda_owned]
    if foreign:
        names = " ".join(d.name for d in foreign)
        yield warning(
            "installed-outside-lock",
            f"{len(foreign)} PyPI package(s) were installed into the environment by hand ({names}); "
            "they are not in pixi.lock and can shadow or break locked packages",
            environment=env.name, platforms=(platform,),
            evidence=tuple(Evidence("pypi", d.name, d.version, None, str(d.dist_info.parent),
                                    f"installer: {d.installer or 'unknown'}") for d in foreign),
            fix=(f"add them to [pypi-dependencies] and run `pyxi install{env_flag(env)}`, or remove them: "
                 f"`pyxi run{env_flag(env)} python -m pip uninstall -y {names}`"),
        )


def _conda_owned(records: dict[str, CondaRecord]) -> set[str | None]:
    """Names of the dist-info folders that conda packages installed."""
    return {_dist_info_dir(str(p.get("_path", ""))) for r in records.values() for p in r.paths}


def _dist_info_dir(path: str) -> str | None:
    """`lib/python3.11/site-packages/numpy-2.1.3.dist-info/METADATA` → `numpy-2.1.3.dist-info`."""
    parts = Path(path).parts
    return parts[-2] if len(parts) > 1 and parts[-2].endswith(".dist-info") else None
