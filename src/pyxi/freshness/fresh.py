"""Is `pixi.lock` still good for the manifest? Decided from the two files alone, no solving,
with pixi's rules (`pixi_core/src/lock_file/satisfiability`, pixi-semantics §2), so a lock
pixi wrote is up to date for pyxi exactly when it is for pixi.

The result is a value, not an exception: for every (environment, platform) either nothing (the
lock satisfies it) or a typed `Reason` (`reasons.py`) saying what the lock has and what the
manifest asks.
Order: environment-level checks (channels, platforms, indexes, options) before the package
walk of each platform (`fresh_platform`), then the solve-group rules.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from pyxi.datamodel import model
from pyxi.freshness import fresh_env as fe
from pyxi.freshness.fresh_inputs import check_exclude_newer, check_no_build
from pyxi.freshness.reasons import ANY_PLATFORM, Kind, Reason
from pyxi.lockfile.model import (
    CondaPackage,
    LockedPackage,
    LockEnvironment,
    LockFile,
    PypiPackage,
    source_packages_for,
)
from pyxi.manifest.model import PlatformSpec
from pyxi.manifest.unsupported import Unsupported
from pyxi.workspace.environment import Environment, Workspace
from pyxi.workspace.unsupported import first_of

if TYPE_CHECKING:  # the package checks are imported when a lock is checked, not to name a platform
    from pyxi.freshness.fresh_platform import PlatformResult

Key = tuple[str, str]  # (environment, platform name)
expected_options = fe.expected_options  # what the lock writer should put in `options:`


@model
class Freshness:
    """What a lock check found, per environment and platform."""

    reasons: dict[Key, Reason] = field(default_factory=dict)
    # Every (environment, platform) the manifest declares.
    checked: list[Key] = field(default_factory=list)
    # Environments with a part pyxi does not understand: their lock is neither fresh nor
    # stale for pyxi, and is left as it is (`workspace/unsupported.py`).
    unverifiable: dict[str, Unsupported] = field(default_factory=dict)

    @property
    def is_fresh(self) -> bool:
        return not self.reasons

    def outdated(self) -> list[Key]:
        return list(self.reasons)

    def add(self, kind: Kind, key: Key, detail: str = "") -> None:
        """Record why `key` is stale, unless a reason was found for it first."""
        self.reasons.setdefault(key, Reason(kind, key[0], key[1], detail))

    def summary(self) -> str:
        return "\n".join(reason.located() for reason in self.reasons.values())


def check_lock(workspace: Workspace, lock: LockFile | None) -> Freshness:
    result = Freshness()
    verified: dict[Key, PlatformResult] = {}
    for env in workspace.environments.values():
        keys = [(env.name, p.name) for p in env.platforms]
        unknown = first_of(env.unsupported, ("unknown",))
        if unknown is not None:
            result.unverifiable[env.name] = unknown
            continue
        result.checked += keys
        if lock is None:
            for key in keys:
                result.add(Kind.NO_LOCK, key)
            continue
        _check_environment(workspace, env, lock, result, verified)
    if lock is not None:
        for name in sorted(set(lock.environments) - set(workspace.environments)):
            result.add(Kind.ENVIRONMENT_REMOVED, (name, ANY_PLATFORM))
        _check_solve_groups(workspace, lock, result, verified)
    _spread_over_solve_groups(workspace, result)
    return result


def lock_platform_name(env: Environment, platform: PlatformSpec, lock: LockFile) -> str:
    """The name under which `lock` keeps `env`'s packages for the manifest `platform`: the same
    name, or pixi's `p1`/`p2` alias of a rich (or [system-requirements]) platform."""
    locked_env = lock.environments.get(env.name)
    if locked_env is None:
        return platform.name
    locked = fe.locked_platform_for(env, platform, lock, locked_env)
    return locked.name if locked is not None else platform.name


def _check_environment(workspace: Workspace, env: Environment, lock: LockFile,
                       result: Freshness, verified: dict[Key, PlatformResult]) -> None:
    locked_env = lock.environments.get(env.name)
    if locked_env is None:
        for platform in env.platforms:
            result.add(Kind.ENVIRONMENT_NOT_LOCKED, (env.name, platform.name))
        if not env.platforms:  # locked with its channels only: its features share no platform
            result.add(Kind.ENVIRONMENT_NOT_LOCKED, (env.name, ANY_PLATFORM))
        return
    pairs, problem = _pair_platforms(env, lock, locked_env)
    problem = problem or _env_problem(workspace, env, lock, locked_env, pairs)
    if problem:
        for platform in env.platforms:
            result.add(Kind.ENVIRONMENT, (env.name, platform.name), problem)
        return
    from pyxi.freshness.fresh_platform import check_platform
    from pyxi.freshness.fresh_pypi import PypiContext

    context = PypiContext(env.root, lock.version, _locked_indexes(locked_env))
    for platform in env.platforms:
        key = (env.name, platform.name)
        locked_name = pairs.get(platform.name)
        if locked_name is None or locked_name not in locked_env.packages:
            result.add(Kind.PLATFORM_NOT_LOCKED, key)
            continue
        conda, pypi = _split(lock.packages_for(env.name, locked_name))
        sources = source_packages_for(lock, env.name, locked_name)
        outcome = check_platform(env, platform, conda, pypi, context, sources)
        verified[key] = outcome
        if outcome.problem:
            result.add(Kind.PACKAGES, key, outcome.problem)


def _pair_platforms(env: Environment, lock: LockFile,
                    locked_env: LockEnvironment) -> tuple[dict[str, str], str | None]:
    """Manifest platform name → locked platform name, or the first definition change."""
    pairs: dict[str, str] = {}
    for platform in env.platforms:
        locked = fe.locked_platform_for(env, platform, lock, locked_env)
        if locked is None:
            continue
        problem = fe.definition_problem(env, platform, locked)
        if problem:
            return pairs, problem
        pairs[platform.name] = locked.name
    subdirs = {p.subdir for p in env.platforms}
    extra = sorted(
        name for name in locked_env.packages
        if name not in pairs.values() and _subdir(lock, name) not in subdirs
    )
    if extra:
        names = ", ".join(f"'{name}'" for name in extra)
        return pairs, f"platform(s) {names} present in the lock file but not in the environment"
    return pairs, None


def _subdir(lock: LockFile, name: str) -> str:
    platform = lock.platform(name)
    return platform.conda_subdir if platform else name


def _env_problem(workspace: Workspace, env: Environment, lock: LockFile,
                 locked_env: LockEnvironment, pairs: dict[str, str]) -> str | None:
    problem = fe.check_channels(env, locked_env)
    if problem is None and env.has_pypi_dependencies():
        problem = (fe.check_indexes(env, locked_env, lock) or check_no_build(env, lock, locked_env)
                   or _wheel_tags(env, lock, pairs))
    return (problem or fe.check_options(env, locked_env, workspace.manifest.workspace.solve_strategy)
            or check_exclude_newer(env, lock, locked_env))


def _wheel_tags(env: Environment, lock: LockFile, pairs: dict[str, str]) -> str | None:
    for platform in env.platforms:
        if platform.name in pairs:
            conda, pypi = _split(lock.packages_for(env.name, pairs[platform.name]))
            problem = fe.check_wheel_tags(env, platform, conda, pypi)
            if problem:
                return problem
    return None


def _locked_indexes(locked_env: LockEnvironment) -> tuple[str, ...]:
    links = tuple(link["url"] for link in locked_env.find_links if "url" in link)
    return (*(locked_env.indexes or ()), *links)


def _split(packages: list[LockedPackage]) -> tuple[list[CondaPackage], list[PypiPackage]]:
    conda = [p for p in packages if isinstance(p, CondaPackage)]
    pypi = [p for p in packages if isinstance(p, PypiPackage)]
    return conda, pypi


# ---------------------------------------------------------------------------- solve groups


def _check_solve_groups(workspace: Workspace, lock: LockFile, result: Freshness,
                        verified: dict[Key, PlatformResult]) -> None:
    """A conda package that only PyPI requirements use must be asked for by conda in some
    environment of the group (pixi's `CondaPackageShouldBePypi`); and environments of one
    group must lock the same file for a shared name."""
    for members in workspace.solve_groups().values():
        platforms = {p.name: p for env in members for p in env.platforms}
        for name in platforms:
            keys = [(env.name, name) for env in members if (env.name, name) in verified]
            problem = _group_problem([verified[k] for k in keys]) or _inconsistent(
                lock, keys if len(members) > 1 else [])
            for key in keys:
                if problem:
                    result.add(Kind.SOLVE_GROUP, key, problem)


def _group_problem(outcomes: list[PlatformResult]) -> str | None:
    expected = set().union(*(o.expected_conda for o in outcomes)) if outcomes else set()
    used = set().union(*(o.conda_used_by_pypi for o in outcomes)) if outcomes else set()
    missing = sorted(used - expected)
    if missing:
        return f"'{missing[0]}' is locked as a conda package but only requested by pypi dependencies"
    return None


def _inconsistent(lock: LockFile, keys: list[Key]) -> str | None:
    seen: dict[str, str] = {}
    for env_name, platform in keys:
        locked_env = lock.environments[env_name]
        for ref in locked_env.packages.get(platform, []):
            package = (lock.conda_packages.get(ref.location) if ref.kind == "conda"
                       else lock.pypi_packages.get(ref.location))
            if package is None:
                continue
            name = f"{ref.kind}:{package.name}"
            if seen.setdefault(name, ref.location) != ref.location:
                return (f"the solve group locks '{package.name}' twice: {seen[name]} and "
                        f"{ref.location}")
    return None


def _spread_over_solve_groups(workspace: Workspace, result: Freshness) -> None:
    for members in workspace.solve_groups().values():
        if len(members) < 2:
            continue
        for env in members:
            if env.name in result.unverifiable:
                continue
            for platform in env.platforms:
                if (env.name, platform.name) in result.reasons:
                    continue
                stale = [m.name for m in members if (m.name, platform.name) in result.reasons]
                if stale:
                    result.add(Kind.GROUP_MEMBER, (env.name, platform.name),
                               f"solve group `{env.solve_group}` must be re-solved "
                               f"(`{stale[0]}` changed)")

