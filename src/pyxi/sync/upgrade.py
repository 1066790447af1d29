"""`pyxi upgrade`: raise the manifest's specs to the newest versions the channels offer.

Unlike `update` (which moves locked packages inside the specs), `upgrade` rewrites the specs:
each chosen entry loses its version (`manifest.loosen`), the environments that use it are
re-solved with those packages unlocked, and the entry gets pixi's semver pin of the version
chosen, in the same table or array and form it had. One solve for all of them; the manifest
and pixi.lock are written together or not at all (`--dry-run`: never).
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from pyxi.config.load import active
from pyxi.datamodel import model
from pyxi.freshness.fresh import check_lock
from pyxi.freshness.reasons import Kind
from pyxi.lockfile.model import LockFile
from pyxi.manifest.dependency_places import Entry, entries
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_inline import inherits_workspace
from pyxi.manifest.edit_spec import strategy_pin
from pyxi.manifest.loosen import Loosened, loosen, write
from pyxi.names import normalize_name
from pyxi.progress import Progress
from pyxi.sync.add import AddOptions, locked_versions
from pyxi.sync.edit_transaction import (
    EditOutcome,
    Transaction,
    environments_with,
    install_touched,
)
from pyxi.sync.lock_diff import LockDiff, diff_locks
from pyxi.sync.upgrade_select import select_entries
from pyxi.workspace.environment import Environment, Workspace


@model(frozen=True)
class UpgradeRequest:
    packages: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    feature: str | None = None
    environment: str | None = None
    dry_run: bool = False
    options: AddOptions = field(default_factory=AddOptions)


@model
class UpgradeOutcome:
    diff: LockDiff
    workspace: Workspace
    inherited: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def upgrade(manifest: Path, request: UpgradeRequest, progress: Progress) -> UpgradeOutcome:
    with Transaction.open(manifest) as transaction:
        editor = transaction.editor
        before = transaction.edited()
        chosen = select_entries(before, list(entries(editor.doc, editor.is_pyproject)), request)
        inherited = sorted({e.name for e in chosen if inherits_workspace(e.value)})
        loosened = [x for e in chosen if (x := loosen(e, _named(e, request))) is not None]
        outcome = UpgradeOutcome(LockDiff(), before, inherited)
        if not loosened or not request.options.relock:
            return outcome
        for item in loosened:
            write(editor, item, item.value("*"))
        workspace, old, lock = _solve(transaction, before, loosened, progress)
        _pin(editor, workspace, lock, loosened)
        workspace, lock = transaction.relock(progress, lock)
        outcome.diff, outcome.workspace = diff_locks(old, lock), workspace
        if request.dry_run:
            return outcome
        workspace = transaction.commit(workspace, lock, progress)
        outcome.workspace = workspace
        if request.options.install and not outcome.diff.is_empty:
            report = EditOutcome()
            install_touched(workspace, lock, _environments(workspace, loosened), report, progress)
            outcome.warnings += report.warnings
    return outcome


def _named(entry: Entry, request: UpgradeRequest) -> bool:
    wanted = normalize_name(entry.name, entry.pypi)
    return any(normalize_name(name, entry.pypi) == wanted for name in request.packages)


def _solve(
    transaction: Transaction, before: Workspace, loosened: list[Loosened], progress: Progress
) -> tuple[Workspace, LockFile | None, LockFile]:
    """Re-solve the environments that use a loosened entry, with those packages unlocked."""
    from pyxi.sync.lock import read_existing_lock
    from pyxi.sync.update import unlocked_hints

    workspace = transaction.edited()
    old = read_existing_lock(before)
    keys = [(env.name, p.name) for env in _environments(workspace, loosened) for p in env.platforms]
    freshness = check_lock(workspace, old)
    for key in keys:
        freshness.add(Kind.UPDATE_REQUESTED, key)
    names = {normalize_name(item.entry.name, item.entry.pypi) for item in loosened}
    hints = unlocked_hints(old, keys, names) if old is not None else None
    _, lock = transaction.relock(progress, edited=workspace, moving=(freshness, hints or old))
    return workspace, old, lock


def _pin(editor: ManifestEditor, workspace: Workspace, lock: LockFile, loosened: list[Loosened]) -> None:
    """Each entry gets the pin of the versions chosen, or its old text when nothing was solved
    for it (a feature no environment uses)."""
    for item in loosened:
        entry = item.entry
        selectors = [entry.platform] if entry.platform else []
        versions = locked_versions(workspace, lock, entry.name, entry.pypi,
                                   _environments(workspace, [item]), selectors)
        value = item.value(strategy_pin(entry.name, versions, entry.pypi, active().pinning_strategy)) \
            if versions else entry.value
        write(editor, item, value)


def _environments(workspace: Workspace, loosened: list[Loosened]) -> list[Environment]:
    found: dict[str, Environment] = {}
    for item in loosened:
        entry = item.entry
        if entry.environment:
            env = workspace.environments.get(entry.environment)
            touched = [env] if env is not None else []
        else:
            touched = environments_with(workspace, entry.owner)
        found.update((env.name, env) for env in touched)
    return list(found.values())
