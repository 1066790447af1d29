"""Load the workspace and make sure pixi.lock satisfies it (re-locking what is stale)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from pyxi import quickstate
from pyxi.cache import cache_dir
from pyxi.diagnostics import LockFileError, os_error_help
from pyxi.lockfile.model import LockFile
from pyxi.manifest.discover import find_manifest
from pyxi.manifest.parse import load_manifest
from pyxi.progress import Progress
from pyxi.sync.usage import LockUsage
from pyxi.sync.workspace_lock import acquire, is_held, pause_point
from pyxi.workspace.environment import Workspace, build_workspace

if TYPE_CHECKING:
    from pyxi.freshness.fresh import Freshness

logger = logging.getLogger("pyxi.sync.lock")


def load_workspace(manifest_path: str | None, cwd: Path | None = None) -> Workspace:
    path = find_manifest(cwd or Path.cwd(), manifest_path)
    logger.debug(f"manifest: {path}")
    manifest = load_manifest(path)
    if manifest.workspace.s3_options:  # the manifest's buckets over the config files' ones
        from pyxi.config.load import activate, active

        activate(active().over({"s3-options": manifest.workspace.s3_options}))
    return build_workspace(manifest)


def read_existing_lock(workspace: Workspace) -> LockFile | None:
    from pyxi.lockfile.read import read_lock

    return read_lock(workspace.lock_path) if workspace.lock_path.is_file() else None


class _Unread:
    """`ensure_lock` reads the lock itself."""


UNREAD = _Unread()


def ensure_lock(workspace: Workspace, usage: LockUsage, progress: Progress,
                write: bool = True, old: LockFile | None | _Unread = UNREAD) -> tuple[LockFile, bool]:
    """The lock to use, and whether it was (re)written (`write=False`: would be; `lock
    --dry-run` solves and writes nothing). `old`: the lock as the caller just read it
    (`read_existing_lock`), when it has; a 24-solve lock takes ~0.1 s to read.

    Checking needs no workspace lock (pixi.lock is only ever replaced whole); re-locking takes
    it, then checks again, since another process may have re-locked while this one waited."""
    if isinstance(old, _Unread):
        old = read_existing_lock(workspace)
    if usage is LockUsage.FROZEN:
        if old is None:
            raise LockFileError(
                f"--frozen needs a lock file, but {workspace.lock_path} does not exist",
                help="run `pyxi lock` first, or drop --frozen",
            )
        return old, False
    if old is not None and _vouched(workspace, old):
        logger.debug(f"{workspace.lock_path}: up to date (checked before: {quickstate.VERIFIED})")
        workspace.checked_lock_sha256 = old.sha256
        return old, False
    from pyxi.freshness.fresh import check_lock

    freshness = check_lock(workspace, old)
    logger.debug(f"{workspace.lock_path}: " + ("up to date" if freshness.is_fresh and old else
                                               "to update: " + freshness.summary().replace("\n", "; ")))
    if freshness.is_fresh and old is not None:
        workspace.checked_lock_sha256 = old.sha256
        return old, False
    if usage is LockUsage.LOCKED:
        raise LockFileError(
            "lock file not up-to-date with the workspace",
            notes=freshness.summary().splitlines(),
            help="run `pyxi lock` to update it, or drop --locked",
        )
    if not is_held(workspace.state_root) and acquire(workspace.state_root):
        return ensure_lock(workspace, usage, progress, write)  # it may have changed meanwhile
    return _relock(workspace, old, freshness, progress, write)


def _vouched(workspace: Workspace, lock: LockFile) -> bool:
    """Whether this manifest and lock, as parsed, are the bytes a full check found fresh (the
    marker `vouch_for_lock` writes; the import-light paths trust it the same way)."""
    marker = quickstate.read_verified(workspace.root)
    return bool(marker and workspace.manifest.sha256 and lock.sha256
                and marker.get("manifest") == os.path.realpath(workspace.manifest.path)
                and marker.get("manifest_sha256") == workspace.manifest.sha256
                and marker.get("lock_sha256") == lock.sha256)


def _relock(
    workspace: Workspace, old: LockFile | None, freshness: Freshness, progress: Progress,
    write: bool = True,
) -> tuple[LockFile, bool]:
    from pyxi.lockfile.write import remove_stale_temporaries, write_lock
    from pyxi.sync.lock_update import update_lock

    new = update_lock(workspace, old, freshness, cache_dir=cache_dir(), progress=progress)
    if not write:
        return new, True
    pause_point("lock:before-write")
    remove_stale_temporaries(workspace.lock_path)
    try:
        written = write_lock(workspace.lock_path, new)
    except OSError as error:
        cause = os_error_help(error)
        raise LockFileError(
            f"cannot write {workspace.lock_path}: {error.strerror or error}",
            help=(f"{cause}; " if cause else "") + "the previous lock file is unchanged",
        ) from error
    if not _left_stale(workspace, freshness):  # else no one may vouch for the new lock
        workspace.checked_lock_sha256 = new.sha256
    return new, written


def _left_stale(workspace: Workspace, freshness: Freshness) -> bool:
    """Whether an outdated environment was carried as it was, since pyxi cannot solve it."""
    from pyxi.sync.lock_carry import unsolvable

    stale = {env for env, _ in freshness.outdated()}
    return any(unsolvable(env) for env in workspace.environments.values() if env.name in stale)


def require_locked(workspace: Workspace, lock: LockFile) -> None:
    """After `pyxi lock`: the located error of the first environment pyxi could not lock
    because it needs a part pyxi cannot solve with (the others were locked and written)."""
    from pyxi.freshness.fresh import check_lock
    from pyxi.sync.lock_carry import unsolvable
    from pyxi.workspace.unsupported import check_solvable

    suspects = [env for env in workspace.environments.values() if unsolvable(env)]
    if not suspects:
        return  # the common case: no check of the lock just written
    stale = {env for env, _ in check_lock(workspace, lock).outdated()}
    for env in suspects:
        if env.name in stale or env.name not in lock.environments:
            check_solvable(env.name, env.unsupported)


def vouch_for_lock(workspace: Workspace) -> None:
    """The lock was just checked against the manifest: vouch for the bytes that were parsed and
    checked, not the files as they are now (either may have been edited meanwhile)."""
    if not workspace.checked_lock_sha256:
        return
    from pyxi.sync.lock_carry import unsolvable

    quickstate.write_verified(
        workspace.manifest.path,
        (workspace.manifest.sha256, workspace.checked_lock_sha256),
        list(workspace.manifest.warnings),
        {e.name: (str(e.prefix), e.system_requirements.cuda)
         for e in workspace.environments.values()},
        complete=not any(unsolvable(e) for e in workspace.environments.values()),
    )
