"""`pyxi update`: re-solve what was asked, keeping every other locked package where it is.

The chosen (environment, platform) pairs are re-solved with the old lock as solver hints, minus
the packages named on the command line (all of them when none is named), so only those can
move. The result is the new lock and a per-environment, per-platform diff of versions.

The diff (`--json`: pixi's shape) is described in `pyxi.sync.lock_diff`.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import deepcopy

from pyxi.diagnostics import PyxiError
from pyxi.freshness.fresh import Freshness, check_lock
from pyxi.freshness.reasons import Kind
from pyxi.lockfile.model import LockedPackage, LockFile
from pyxi.names import normalize_name, normalize_pypi_name
from pyxi.progress import Progress
from pyxi.sync.lock_diff import LockDiff, diff_locks
from pyxi.workspace.environment import Workspace

Key = tuple[str, str]
__all__ = ["LockDiff", "diff_locks", "update_lock_file"]


def _normal(name: str, kind: str) -> str:
    return normalize_name(name, kind == "pypi")


def select_keys(
    workspace: Workspace, environments: Iterable[str], platforms: Iterable[str]
) -> list[Key]:
    """The (environment, platform) pairs an update touches (all when nothing is given)."""
    env_names = list(environments) or list(workspace.environments)
    wanted_platforms = set(platforms)
    keys: list[Key] = []
    for name in env_names:
        env = workspace.environment(name)
        for platform in env.platforms:
            if not wanted_platforms or {platform.name, platform.subdir} & wanted_platforms:
                keys.append((env.name, platform.name))
    if not keys:
        raise PyxiError(
            "nothing to update: no selected environment has the selected platform(s)",
            help="check `-e` and `-p` against `pyxi info`",
        )
    return keys


def unlocked_hints(old: LockFile, keys: list[Key], names: set[str]) -> LockFile:
    """A copy of `old` where the chosen pairs no longer reference the named packages (all of
    their packages when `names` is empty), so the solvers are free to move exactly those."""
    hints = deepcopy(old)
    for env_name, platform in keys:
        env = hints.environments.get(env_name)
        if env is None or platform not in env.packages:
            continue
        by_location: dict[str, LockedPackage] = {**old.conda_packages, **old.pypi_packages}
        env.packages[platform] = [
            ref
            for ref in env.packages[platform]
            if names and ref.location in by_location
            and _normal(by_location[ref.location].name, ref.kind) not in names
        ]
    return hints


def _check_names(old: LockFile, keys: list[Key], names: set[str]) -> None:
    locked = {
        _normal(p.name, p.kind) for key in keys for p in old.packages_for(*key)
    }
    missing = sorted(names - locked)
    if missing:
        raise PyxiError(
            "not locked in the selected environments: " + ", ".join(f"`{n}`" for n in missing),
            help="`pyxi list` shows the locked packages; check the names, `-e` and `-p`",
        )


def plan_update(
    workspace: Workspace, old: LockFile, keys: list[Key], packages: Iterable[str]
) -> tuple[Freshness, LockFile]:
    """(what to re-solve, the hints to solve it with)."""
    names = {name.lower() for name in packages} | {normalize_pypi_name(n) for n in packages}
    if packages:
        _check_names(old, keys, names)
    freshness = check_lock(workspace, old)
    for key in keys:
        freshness.add(Kind.UPDATE_REQUESTED, key)
    return freshness, unlocked_hints(old, keys, names)


def update_lock_file(
    workspace: Workspace,
    packages: list[str],
    environments: list[str],
    platforms: list[str],
    progress: Progress,
) -> tuple[LockFile, LockDiff, LockFile | None]:
    """(new lock, diff, old lock). Nothing is written here."""
    from pyxi.cache import cache_dir
    from pyxi.sync.lock import read_existing_lock
    from pyxi.sync.lock_update import update_lock
    from pyxi.sync.workspace_lock import acquire

    acquire(workspace.root)
    old = read_existing_lock(workspace)
    keys = select_keys(workspace, environments, platforms)
    if old is None:
        freshness, hints = check_lock(workspace, None), None
    else:
        freshness, hints = plan_update(workspace, old, keys, packages)
    new = update_lock(
        workspace, old, freshness, cache_dir=cache_dir(), progress=progress, hints=hints
    )
    return new, diff_locks(old, new), old
