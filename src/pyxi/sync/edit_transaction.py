"""The all-or-nothing frame of every command that edits the manifest and then re-locks (`add`,
`remove`, `upgrade`): the manifest is edited in memory, solved in memory, and written only
with the lock that satisfies it; on any failure both files are put back byte for byte.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pyxi.datamodel import model
from pyxi.diagnostics import HostError
from pyxi.freshness.fresh import Freshness
from pyxi.lockfile.model import LockFile
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.script_path import lock_path_beside
from pyxi.progress import Progress
from pyxi.sync.workspace_lock import pause_point
from pyxi.workspace.environment import Environment, Workspace

if TYPE_CHECKING:
    from typing_extensions import Self

CONDA_TABLES = {"run": "dependencies", "host": "host-dependencies", "build": "build-dependencies"}


@model(frozen=True)
class AddOptions:
    install: bool = True
    relock: bool = True  # False (`--frozen`/`--locked`): write the manifest only, as pixi does


@model
class EditOutcome:
    written: dict[str, Any] = field(default_factory=dict)  # name -> manifest value
    installed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # bare names that were already there
    inherited: list[str] = field(default_factory=list)  # bare names left `{ workspace = true }`
    added_platforms: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)  # what to do next, said after the summary
    quiet_warnings: list[str] = field(default_factory=list)  # warnings a hint replaces


@model
class Target:
    """Where the edit goes: a feature (None = default) or the content written inline on an
    environment, platforms (empty = all), and the kind of conda table (run/host/build)."""

    feature: str | None = None
    platforms: list[str] = field(default_factory=list)
    environment: str | None = None
    spec_type: str = "run"

    def places(self) -> list[str | None]:
        return list(self.platforms) or [None]

    def table(self, pypi: bool) -> str:
        return "pypi-dependencies" if pypi else CONDA_TABLES[self.spec_type]


class Transaction:
    """The manifest editor plus the lock bytes as they were. The edited manifest is solved in
    memory and written only with the lock that satisfies it (`commit`), so a pyxi killed while
    solving, even by SIGKILL, leaves the manifest untouched; `with` restores both on error."""

    def __init__(self, editor: ManifestEditor) -> None:
        self.editor = editor
        self.lock_path = lock_path_beside(editor.path)
        self.lock_bytes = self.lock_path.read_bytes() if self.lock_path.is_file() else None

    @property
    def lockless_script(self) -> bool:
        """A script without its lock: pixi edits it without solving, and writes no lock."""
        from pyxi.manifest.script_path import is_script

        return is_script(self.editor.path) and self.lock_bytes is None

    @classmethod
    def open(cls, manifest: Path) -> Transaction:
        """Take the workspace (one pyxi at a time changes it) and read its manifest."""
        from pyxi.manifest.script_edit import editor_for
        from pyxi.manifest.script_path import is_script
        from pyxi.sync.workspace_lock import acquire

        if not is_script(manifest):  # a script's edits take no lock beside it
            acquire(manifest.parent)
        return cls(editor_for(manifest))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if error is None:
            return
        self.editor.restore()
        current = self.lock_path.read_bytes() if self.lock_path.is_file() else None
        if current != self.lock_bytes:
            from pyxi.atomic import atomic_write

            if self.lock_bytes is None:
                self.lock_path.unlink(missing_ok=True)
            else:
                atomic_write(self.lock_path, self.lock_bytes)

    def edited(self) -> Workspace:
        """The workspace as the edited manifest (still in memory) describes it."""
        from pyxi.manifest.parse import parse_manifest
        from pyxi.workspace.environment import build_workspace

        return build_workspace(parse_manifest(self.editor.text(), self.editor.path))

    def relock(
        self, progress: Progress, base: LockFile | None = None, edited: Workspace | None = None,
        moving: tuple[Freshness, LockFile | None] | None = None,
    ) -> tuple[Workspace, LockFile]:
        """The edited manifest (in memory) and a lock brought up to date with it (in memory).
        `moving`: what to re-solve and the hints to solve it with, for edits that must move
        locked packages (`upgrade`)."""
        from pyxi.cache import cache_dir
        from pyxi.freshness.fresh import check_lock
        from pyxi.sync.lock import read_existing_lock
        from pyxi.sync.lock_update import update_lock

        workspace = edited or self.edited()
        old = base if base is not None else read_existing_lock(workspace)
        freshness, hints = moving if moving is not None else (check_lock(workspace, old), old)
        if freshness.is_fresh and old is not None:
            return workspace, old
        lock = update_lock(workspace, old, freshness, cache_dir=cache_dir(), progress=progress,
                           hints=hints)
        return workspace, lock

    def commit(self, workspace: Workspace, lock: LockFile | None, progress: Progress) -> Workspace:
        """Write the manifest, then its lock (None: the manifest alone, as `--frozen` asks);
        the workspace as read back from the file."""
        from pyxi.atomic import remove_stale_temporaries
        from pyxi.lockfile.write import write_lock
        from pyxi.sync.lock import load_workspace

        pause_point("edit:before-write")
        remove_stale_temporaries(self.editor.path)  # of a pyxi killed while writing it
        self.editor.save()
        written = load_workspace(str(self.editor.path))
        if lock is None:
            return written
        if _builds_own_project(workspace):  # uv reads its pyproject.toml from disk: solve again
            _, lock = self.relock(progress, edited=written)  # against the old lock on disk
        write_lock(workspace.lock_path, lock)
        return written


def _builds_own_project(workspace: Workspace) -> bool:
    """A pyproject.toml workspace whose PyPI dependencies include its own folder (`me = { path
    = ".", editable = true }`, as `init` writes)."""
    if workspace.manifest.kind != "pyproject":
        return False
    root = workspace.root.resolve()
    for env in workspace.environments.values():
        for platform in env.platforms:
            for dep in env.pypi_dependencies(platform):
                if dep.path is not None and (root / dep.path).resolve() == root:
                    return True
    return False


def environments_with(workspace: Workspace, feature: str | None) -> list[Environment]:
    name = feature or "default"
    return [env for env in workspace.environments.values() if name in env.feature_names]


def install_touched(
    workspace: Workspace, lock: LockFile, candidates: list[Environment], outcome: EditOutcome,
    progress: Progress,
) -> None:
    """Install `default` and the environments already installed among `candidates` (else the
    first of them), as far as this machine can run them."""
    from pyxi.sync.install import ensure_installed

    chosen = [e for e in candidates if e.name == "default" or e.prefix.exists()] or candidates[:1]
    for env in chosen:
        try:
            result = ensure_installed(workspace, env, lock, progress)
        except HostError as error:
            outcome.warnings.append(f"environment `{env.name}` not installed: {error.message}")
            continue
        outcome.warnings += result.warnings
        outcome.installed.append(env.name)


def touched_environments(workspace: Workspace, target: Target) -> list[Environment]:
    """The environments an edit of `target` changes."""
    if target.environment:
        env = workspace.environments.get(target.environment)
        return [env] if env is not None else []
    return environments_with(workspace, target.feature)


def finish(
    transaction: Transaction, target: Target, options: AddOptions, outcome: EditOutcome,
    progress: Progress, solved: tuple[Workspace, LockFile] | None,
) -> EditOutcome:
    """Write the edit (`solved`: with its lock; None: the manifest alone) and install."""
    if solved is None:
        transaction.commit(transaction.edited(), None, progress)
        return outcome
    workspace = transaction.commit(solved[0], solved[1], progress)
    outcome.warnings += [w for w in workspace.manifest.warnings
                         if not any(w.startswith(q) for q in outcome.quiet_warnings)]
    if options.install:
        install_touched(workspace, solved[1], touched_environments(workspace, target), outcome,
                        progress)
    return outcome
