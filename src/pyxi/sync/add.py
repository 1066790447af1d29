"""`add` and `remove`: edit the manifest, re-lock what the edit made stale, install.

All or nothing: the lock is computed in memory first and written only when everything
worked; on any failure (bad spec, unsolvable, unknown package, failed install) the manifest
and pixi.lock are put back byte for byte. A spec without a version gets pixi's semver pin
from the version the solver chose (`>=2.5.1,<3`); every locked package that the edit does not
need to move stays where it was, because the old lock is the solver's preference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from pyxi.config.load import active
from pyxi.diagnostics import HostError, PyxiError
from pyxi.lockfile.model import LockFile
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_spec import PackageSpec, strategy_pin
from pyxi.names import normalize_name
from pyxi.progress import Progress
from pyxi.sync.workspace_lock import acquire, pause_point
from pyxi.workspace.environment import Environment, Workspace


@dataclass
class EditOutcome:
    written: dict[str, Any] = field(default_factory=dict)  # name -> manifest value
    installed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Target:
    """Where the edit goes: a feature (None = default) and platforms (empty = all)."""

    feature: str | None = None
    platforms: list[str] = field(default_factory=list)

    def places(self) -> list[str | None]:
        return list(self.platforms) or [None]


def add_packages(
    manifest: Path, specs: list[PackageSpec], target: Target, install: bool, progress: Progress
) -> EditOutcome:
    acquire(manifest.parent)  # one pyxi at a time changes the workspace
    editor = ManifestEditor(manifest)
    transaction = _Transaction(editor)
    with transaction:
        outcome = EditOutcome()
        for spec in specs:
            _write(editor, spec, spec.manifest_value(), target, outcome)
        workspace, lock = transaction.relock(progress)
        pins = _pins(workspace, lock, specs, target)
        for spec in specs:
            if spec.name in pins:
                _write(editor, spec, spec.manifest_value(pins[spec.name]), target, outcome)
        if pins:
            workspace, lock = transaction.relock(progress, lock)
        workspace = transaction.commit(workspace, lock, progress)
        outcome.warnings += workspace.manifest.warnings
        if install:
            _install(workspace, lock, target.feature, outcome, progress)
    return outcome


def remove_packages(
    manifest: Path, names: list[str], pypi: bool, target: Target, install: bool, progress: Progress
) -> EditOutcome:
    acquire(manifest.parent)  # one pyxi at a time changes the workspace
    editor = ManifestEditor(manifest)
    transaction = _Transaction(editor)
    with transaction:
        outcome = EditOutcome()
        for name in names:
            removed = [
                editor.remove_dependency(name, pypi=pypi, feature=target.feature, platform=p)
                for p in target.places()
            ]
            if not any(removed):
                raise _not_a_dependency(name, pypi, target)
            outcome.written[name] = None
        workspace, lock = transaction.relock(progress)
        workspace = transaction.commit(workspace, lock, progress)
        outcome.warnings += workspace.manifest.warnings
        if install:
            _install(workspace, lock, target.feature, outcome, progress)
    return outcome


class _Transaction:
    """The manifest editor plus the lock bytes as they were. The edited manifest is solved in
    memory and written only with the lock that satisfies it (`commit`), so a pyxi killed while
    solving, even by SIGKILL, leaves the manifest untouched; `with` restores both on error."""

    def __init__(self, editor: ManifestEditor) -> None:
        self.editor = editor
        self.lock_path = editor.path.parent / "pixi.lock"
        self.lock_bytes = self.lock_path.read_bytes() if self.lock_path.is_file() else None

    def __enter__(self) -> None:
        return None

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

    def relock(
        self, progress: Progress, base: LockFile | None = None, edited: Workspace | None = None
    ) -> tuple[Workspace, LockFile]:
        """The edited manifest (in memory) and a lock brought up to date with it (in memory)."""
        from pyxi.cache import cache_dir
        from pyxi.freshness.fresh import check_lock
        from pyxi.manifest.parse import parse_manifest
        from pyxi.sync.lock import read_existing_lock
        from pyxi.sync.lock_update import update_lock
        from pyxi.workspace.environment import build_workspace

        workspace = edited or build_workspace(parse_manifest(self.editor.text(), self.editor.path))
        old = base if base is not None else read_existing_lock(workspace)
        freshness = check_lock(workspace, old)
        if freshness.is_fresh and old is not None:
            return workspace, old
        lock = update_lock(workspace, old, freshness, cache_dir=cache_dir(), progress=progress)
        return workspace, lock

    def commit(self, workspace: Workspace, lock: LockFile, progress: Progress) -> Workspace:
        """Write the manifest, then its lock; the workspace as read back from the file."""
        from pyxi.atomic import remove_stale_temporaries
        from pyxi.lockfile.write import write_lock
        from pyxi.sync.lock import load_workspace

        pause_point("edit:before-write")
        remove_stale_temporaries(self.editor.path)  # of a pyxi killed while writing it
        self.editor.save()
        written = load_workspace(str(self.editor.path))
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


def _write(
    editor: ManifestEditor, spec: PackageSpec, value: object, target: Target, outcome: EditOutcome
) -> None:
    for platform in target.places():
        if spec.pypi and editor.is_pyproject and editor._uses_project_dependencies(
            target.feature, platform
        ):
            value = spec.requirement_text(value if isinstance(value, str) else None)
        editor.set_dependency(
            spec.name, value, pypi=spec.pypi, feature=target.feature, platform=platform
        )
    outcome.written[spec.name] = value


def _pins(
    workspace: Workspace, lock: LockFile, specs: list[PackageSpec], target: Target
) -> dict[str, str]:
    pins: dict[str, str] = {}
    for spec in specs:
        if not spec.needs_pin:
            continue
        versions = _locked_versions(workspace, lock, spec, target)
        if versions:
            pins[spec.name] = strategy_pin(versions, spec.pypi, active().pinning_strategy)
    return pins


def _locked_versions(
    workspace: Workspace, lock: LockFile, spec: PackageSpec, target: Target
) -> list[str]:
    wanted = normalize_name(spec.name, spec.pypi)
    kind = "pypi" if spec.pypi else "conda"
    versions: list[str] = []
    for env in _environments_with(workspace, target.feature):
        for platform in env.platforms:
            if target.platforms and not {platform.name, platform.subdir} & set(target.platforms):
                continue
            for package in lock.packages_for(env.name, platform.name):
                name = normalize_name(package.name, spec.pypi)
                if package.kind == kind and name == wanted and package.version:
                    versions.append(package.version)
    return versions


def _environments_with(workspace: Workspace, feature: str | None) -> list[Environment]:
    name = feature or "default"
    return [env for env in workspace.environments.values() if name in env.feature_names]


def _install(
    workspace: Workspace,
    lock: LockFile,
    feature: str | None,
    outcome: EditOutcome,
    progress: Progress,
) -> None:
    from pyxi.sync.install import ensure_installed

    candidates = _environments_with(workspace, feature)
    # `default` and environments already installed; else the first one that has the feature.
    chosen = [e for e in candidates if e.name == "default" or e.prefix.exists()] or candidates[:1]
    for env in chosen:
        try:
            result = ensure_installed(workspace, env, lock, progress)
        except HostError as error:
            outcome.warnings.append(f"environment `{env.name}` not installed: {error.message}")
            continue
        outcome.warnings += result.warnings
        outcome.installed.append(env.name)


def _not_a_dependency(name: str, pypi: bool, target: Target) -> PyxiError:
    table = "pypi-dependencies" if pypi else "dependencies"
    where = f"feature `{target.feature}`" if target.feature else "the default feature"
    if target.platforms:
        where += " for " + ", ".join(target.platforms)
    return PyxiError(
        f"`{name}` is not in the {table} of {where}",
        help="check the name, `--pypi`, `-f FEATURE` and `-p PLATFORM` against the manifest",
    )
