"""Bring `pixi.lock` up to date: re-solve only the outdated (environment, platform) pairs.

Conda first (all solves at once), then PyPI against each conda result; everything the check
found fresh is copied from the old lock untouched, and old records are solver hints so a change
moves as little as possible.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.freshness.fresh import Freshness
from pyxi.lockfile.model import (
    CondaPackage,
    LockChannel,
    LockedPackage,
    LockEnvironment,
    LockFile,
    PackageRef,
    PypiPackage,
)
from pyxi.manifest.model import PlatformSpec
from pyxi.progress import Progress
from pyxi.workspace.environment import Environment, Workspace
from pyxi.workspace.virtual_packages import solver_virtual_packages

if TYPE_CHECKING:
    from pyxi.conda.solve import SolveRequest

Key = tuple[str, str]

logger = logging.getLogger("pyxi.sync.lock_update")


@dataclass
class GroupSolve:
    """One conda solve: the environments of a solve group (or one environment) that use the
    platform, solved together; `conda` is filled in by the solve."""

    members: list[Environment]
    platform: PlatformSpec
    conda: list[CondaPackage] = field(default_factory=list)


def update_lock(
    workspace: Workspace,
    old: LockFile | None,
    freshness: Freshness,
    *,
    cache_dir: Path,
    progress: Progress,
    hints: LockFile | None = None,
) -> LockFile:
    """`hints` (default: `old`) supplies the locked records the solvers prefer; `pyxi update`
    passes a copy of the old lock without the packages it was asked to move."""
    hints = old if hints is None else hints
    outdated = set(freshness.outdated())
    solves = plan_solves(workspace, outdated)
    _solve_conda(solves, hints, cache_dir, progress)
    fresh_packages: dict[Key, list[LockedPackage]] = {}
    for solve in solves:
        for env in solve.members:
            records = reachable_records(env, solve.platform, solve.conda)
            fresh_packages[(env.name, solve.platform.name)] = list(records)
    solve_pypi(workspace, fresh_packages, hints, cache_dir, progress)
    return assemble_lock(workspace, old, fresh_packages)


def plan_solves(workspace: Workspace, outdated: set[Key]) -> list[GroupSolve]:
    """One solve per (solve group, platform) with an outdated member: every member that has the
    platform takes part, so a group stays consistent even where only one member changed."""
    plans: list[GroupSolve] = []
    for members in workspace.solve_groups().values():
        platforms: dict[str, PlatformSpec] = {}
        for env in members:
            for platform in env.platforms:
                if (env.name, platform.name) in outdated:
                    platforms.setdefault(platform.name, platform)
        for platform in platforms.values():
            users = [env for env in members if env.platform(platform.name)]
            plans.append(GroupSolve(users, platform))
    return plans


def _solve_conda(
    solves: list[GroupSolve], old: LockFile | None, cache_dir: Path, progress: Progress
) -> None:
    if not solves:
        return
    from pyxi.conda.solve import make_gateway, solve_all

    requests = [solve_request(solve, old) for solve in solves]
    label = f"Solving {len(requests)} environment/platform combination" + (
        "s" if len(requests) > 1 else ""
    )
    with progress.step(label):
        results = solve_all(requests, make_gateway(cache_dir))
    for solve, records in zip(solves, results):
        solve.conda = records
    from pyxi.config.load import active

    if active().offline:
        logger.warning("solved in offline mode, from locally available packages only: "
                       "pixi.lock may pin older versions than the channels offer")


def solve_request(solve: GroupSolve, old: LockFile | None) -> SolveRequest:
    """The members' specs and channels merged, their old records as the solver's preference."""
    from pyxi.conda.solve import SolveRequest
    from pyxi.freshness.fresh import lock_platform_name
    from pyxi.workspace.virtual_packages import merge_system_requirements

    first = solve.members[0]
    specs: list[str] = []
    channels: list[str] = []
    for env in solve.members:
        specs += [d.to_matchspec() for d in env.conda_dependencies(solve.platform)]
        channels += [c for c in env.channels if c not in channels]
    requirements = merge_system_requirements([env.system_requirements for env in solve.members])
    hints: dict[str, CondaPackage] = {}
    if old is not None:
        for env in solve.members:
            locked_name = lock_platform_name(env, solve.platform, old)
            for package in old.packages_for(env.name, locked_name):
                if isinstance(package, CondaPackage):
                    hints.setdefault(package.location, package)
    names = ", ".join(f"`{env.name}`" for env in solve.members)
    plural = "environments" if len(solve.members) > 1 else "environment"
    return SolveRequest(
        label=f"{plural} {names} on {solve.platform.name}",
        subdir=solve.platform.subdir,
        channels=channels,
        specs=list(dict.fromkeys(specs)),
        virtual_packages=solver_virtual_packages(solve.platform, requirements),
        channel_priority=first.channel_priority,
        locked=list(hints.values()),
    )


def reachable_records(
    env: Environment, platform: PlatformSpec, records: list[CondaPackage]
) -> list[CondaPackage]:
    """The part of a solve-group result that one environment's own requirements pull in."""
    from pyxi.conda.match import spec_name

    by_name = {record.name: record for record in records}
    seen: set[str] = set()
    queue = [dep.name.lower() for dep in env.conda_dependencies(platform)]
    while queue:
        name = queue.pop()
        if name in seen or name not in by_name:
            continue
        seen.add(name)
        queue += [spec_name(d) for d in by_name[name].depends]
    return [record for record in records if record.name in seen]


def solve_pypi(
    workspace: Workspace,
    packages: dict[Key, list[LockedPackage]],
    old: LockFile | None,
    cache_dir: Path,
    progress: Progress,
) -> None:
    """One uv resolve per (environment, platform) with PyPI dependencies, run side by side
    (each is a separate uv process)."""
    from concurrent.futures import ThreadPoolExecutor

    from pyxi.sync.pypi_step import resolve_pypi_for

    jobs = []
    for (env_name, platform_name), records in packages.items():
        env = workspace.environments[env_name]
        platform = env.platform(platform_name)
        if platform is not None and env.pypi_dependencies(platform):
            jobs.append(((env_name, platform_name), env, platform, records))
    if not jobs:
        return
    from pyxi.pypi.purls import deriver_for

    deriver = deriver_for(workspace)  # which conda records are PyPI packages (pixi's mapping)
    jobs = [(key, env, platform, deriver.amend(records)) for key, env, platform, records in jobs]
    from pyxi.pypi.uv import find_uv

    find_uv()  # first use of sysconfig is not thread-safe: look uv up before the threads start
    label = f"Resolving PyPI packages ({len(jobs)} environment/platform combinations)"
    from pyxi.config.load import active

    # All at once unless `concurrency.solves` says otherwise: each is a uv process that mostly
    # waits on indexes, not on a core.
    limit = active().get("concurrency.solves")
    workers = max(1, min(len(jobs), int(limit))) if limit else len(jobs)
    with progress.step(label), ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [
            (key, pool.submit(resolve_pypi_for, env, platform, records, old, cache_dir))
            for key, env, platform, records in jobs
        ]
        for key, future in futures:
            packages[key] = future.result()


def assemble_lock(
    workspace: Workspace, old: LockFile | None, fresh: dict[Key, list[LockedPackage]]
) -> LockFile:
    """The new lock: the `fresh` solves, and for every other pair what `old` locked."""
    from pyxi.freshness.fresh import expected_options, lock_platform_name
    from pyxi.freshness.lock_platforms import assign_lock_platforms

    names = assign_lock_platforms(workspace)
    lock = LockFile(platforms=sorted({p.name: p for p in names.values()}.values(), key=lambda p: p.name))
    strategy = workspace.manifest.workspace.solve_strategy
    for env in sorted(workspace.environments.values(), key=lambda e: e.name):
        locked_env = LockEnvironment(
            channels=[LockChannel(url) for url in env.channels],
            options=expected_options(env, strategy),
        )
        has_pypi = False
        for platform in env.platforms:
            key = (env.name, platform.name)
            if key in fresh:
                chosen = fresh[key]
            else:
                chosen = old.packages_for(env.name, lock_platform_name(env, platform, old)) if old else []
            refs = []
            for package in chosen:
                refs.append(PackageRef(package.kind, package.location))
                _add_package(lock, package)
                has_pypi |= isinstance(package, PypiPackage)
            locked_env.packages[names[key].name] = sorted(refs, key=PackageRef.sort_key)
        if has_pypi or env.has_pypi_dependencies():
            from pyxi.pypi.resolve import lock_indexes

            locked_env.indexes = lock_indexes(env.pypi_options())
        lock.environments[env.name] = locked_env
    return lock


def _add_package(lock: LockFile, package: LockedPackage) -> None:
    """One entry per location; like rattler's lock builder, a conda record without `purls`
    takes them from another environment's copy of the same package (known beats unknown)."""
    if isinstance(package, PypiPackage):
        lock.pypi_packages.setdefault(package.location, package)
        return
    present = lock.conda_packages.setdefault(package.location, package)
    if present.purls is None and package.purls is not None:
        lock.conda_packages[package.location] = package
