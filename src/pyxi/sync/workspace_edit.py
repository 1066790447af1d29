"""The pipeline behind every `pyxi workspace …` edit: change the manifest in memory, check that
it still reads, bring pixi.lock up to date with it (re-solving only what the change made
stale), then write the manifest and the lock together and install the default environment,
as pixi does. All or nothing: on any failure, the manifest and pixi.lock stay byte for byte as
they were (`sync/edit_transaction.py`).

`relock=False` is for edits pixi makes without touching the lock (environments, features,
name, version, …): the manifest is checked and written, the lock follows on the next command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import TypeVar

from pyxi.datamodel import model
from pyxi.diagnostics import LockFileError
from pyxi.lockfile.model import LockFile
from pyxi.manifest.edit import ManifestEditor
from pyxi.progress import Progress
from pyxi.sync.edit_transaction import EditOutcome, Transaction, install_touched
from pyxi.sync.usage import LockUsage
from pyxi.workspace.environment import Workspace, build_workspace

T = TypeVar("T")
Change = Callable[[ManifestEditor, Workspace], T]


@model
class EditSettings:
    usage: LockUsage = LockUsage.UPDATE
    install: bool = True
    relock: bool = True
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))


@model
class Where:
    """`--feature` / `--environment` (None: the workspace's own list)."""

    feature: str | None = None
    environment: str | None = None

    def label(self) -> str | None:
        if self.environment is not None:
            return f"environment '{self.environment}'"
        return f"feature '{self.feature}'" if self.feature else None


@model
class Edited:
    """The workspace as written, and what the user should be told."""

    workspace: Workspace
    warnings: list[str] = field(default_factory=list)
    installed: list[str] = field(default_factory=list)


def current_workspace(manifest: Path) -> Workspace:
    from pyxi.manifest.parse import load_manifest

    return build_workspace(load_manifest(manifest))


def edit_workspace(manifest: Path, change: Change[T], settings: EditSettings) -> tuple[T, Edited]:
    """Apply `change` (it gets the editor and the workspace as it is now, validates its input
    against that workspace and raises before editing anything when it is wrong)."""
    with Transaction.open(manifest) as transaction:
        result = change(transaction.editor, current_workspace(manifest))
        edited = transaction.edited()  # a change that breaks the manifest fails here
        if not settings.relock or settings.usage is LockUsage.FROZEN or transaction.lockless_script:
            written = transaction.commit(edited, None, settings.progress)
            return result, Edited(written, list(written.manifest.warnings))
        lock = _lock_for(transaction, edited, settings)
        written = transaction.commit(edited, lock, settings.progress)
        outcome = Edited(written, list(written.manifest.warnings))
        if settings.install and "default" in written.environments:
            installed = EditOutcome()
            install_touched(written, lock, [written.environments["default"]], installed,
                            settings.progress)
            outcome.warnings += installed.warnings
            outcome.installed += installed.installed
    return result, outcome


def _lock_for(transaction: Transaction, edited: Workspace, settings: EditSettings) -> LockFile:
    if settings.usage is LockUsage.LOCKED:
        from pyxi.freshness.fresh import check_lock
        from pyxi.sync.lock import read_existing_lock

        old = read_existing_lock(edited)
        freshness = check_lock(edited, old)
        if old is None or not freshness.is_fresh:
            raise LockFileError(
                "lock file not up-to-date with the workspace after this change",
                notes=freshness.summary().splitlines(),
                help="drop --locked to update pixi.lock with the change",
            )
        return old
    _, lock = transaction.relock(settings.progress, edited=edited)
    return lock
