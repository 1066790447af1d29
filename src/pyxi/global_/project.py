"""The global installation: the manifest (parsed and as an editable document), the prefixes
under `envs/`, the commands in `bin/`; the operations every `pyxi global` command is built of.

Edits go to the document first; `refresh()` re-reads the model from it, so the two never
disagree. Nothing is written to the manifest until `save()`.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from pyxi.cache import cache_dir
from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.global_ import environment, expose
from pyxi.global_.completions import prune_completions, sync_completions
from pyxi.global_.edit import GlobalManifestEditor
from pyxi.global_.migrate import migrate, needs_migration
from pyxi.global_.model import GlobalEnv, GlobalManifest, Mapping, check_env_name
from pyxi.global_.parse import load_global_manifest, parse_global_manifest
from pyxi.global_.paths import GlobalPaths, discover
from pyxi.global_.records import (
    InstalledRecord,
    executables,
    installed_records,
    menu_packages,
)
from pyxi.global_.state import EnvironmentUpdate, StateChanges
from pyxi.progress import Progress

logger = logging.getLogger("pyxi.global")


@model
class GlobalProject:
    paths: GlobalPaths
    manifest: GlobalManifest
    editor: GlobalManifestEditor
    progress: Progress

    @classmethod
    def load(cls, progress: Progress) -> GlobalProject:
        paths = discover()
        if needs_migration(paths):  # environments but no manifest: describe them first
            from pyxi.conda.host import host_subdir

            migrate(paths, host_subdir())
            logger.warning(
                "Created the global manifest %s from the installed environments", paths.manifest
            )
        manifest = load_global_manifest(paths.manifest)
        return cls(paths, manifest, GlobalManifestEditor(paths.manifest), progress)

    def refresh(self) -> None:
        self.manifest = parse_global_manifest(self.editor.text(), self.paths.manifest)

    def save(self) -> None:
        self.editor.save()

    def env(self, name: str) -> GlobalEnv:
        found = self.manifest.envs.get(name)
        if found is None:
            raise PyxiError(
                f"Environment {name} doesn't exist.",
                help="`pyxi global list` shows the environments; create one with "
                "`pyxi global install`",
            )
        return found

    def prefix(self, name: str) -> Path:
        return self.paths.env_prefix(check_env_name(name))

    # --- state of one environment ------------------------------------------------------

    def in_sync(self, name: str) -> bool:
        env = self.env(name)
        records = installed_records(self.prefix(name))
        if not environment.specs_in_sync(env, records):
            return False
        return exposure_in_sync(self.paths, env, self.prefix(name))

    def install(self, name: str, force: bool = False) -> EnvironmentUpdate:
        env = self.env(name)
        prefix = self.prefix(name)
        if force and prefix.exists():
            shutil.rmtree(prefix)
        packages = environment.solve(env, self.paths.manifest.parent, cache_dir(), self.progress)
        return environment.install(
            env, prefix, self.paths.manifest, packages, cache_dir(), self.progress
        )

    def expose(self, name: str) -> StateChanges:
        """Commands and completions of the environment, as the manifest says."""
        env = self.env(name)
        prefix = self.prefix(name)
        records = installed_records(prefix)
        check_shortcuts(env, records)
        changes = expose.expose_environment(self.paths, env, prefix, records)
        names = [e.name for e in executables(prefix, records, bin_only=False)]
        return changes.merge(sync_completions(self.paths, env, prefix, names))

    def sync_env(self, name: str) -> StateChanges:
        changes = StateChanges().touch(name)
        if not self.in_sync(name):
            changes.add(name, "updated_env", self.install(name))
        return changes.merge(self.expose(name))

    def remove_env(self, name: str) -> StateChanges:
        """Remove the environment from the manifest and from disk, with its commands."""
        self.env(name)
        self.editor.remove_environment(name)
        self.refresh()
        return self.delete_env_files(name)

    def delete_env_files(self, name: str) -> StateChanges:
        changes = StateChanges().touch(name)
        prefix = self.prefix(name)
        changes.merge(expose.prune_exposed(self.paths, name, prefix, []))
        if prefix.exists():
            shutil.rmtree(prefix)
        prune_completions(self.paths)
        changes.add(name, "removed_env")
        return changes

    def prune_old_envs(self) -> StateChanges:
        """Environments on disk the manifest no longer has (conda prefixes only)."""
        changes = StateChanges()
        folder = self.paths.envs_dir
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.name not in self.manifest.envs and (path / "conda-meta").is_dir():
                changes.merge(self.delete_env_files(path.name))
        prune_completions(self.paths)
        return changes

    # --- manifest edits ---------------------------------------------------------------

    def add_mapping(self, name: str, mapping: Mapping) -> None:
        owner = self.manifest.owner_of(mapping.exposed)
        if owner is not None and owner != name:
            raise PyxiError(
                f"Exposed name {mapping.exposed} already exists (in the environment `{owner}`)",
                help=f"pick another name (`--expose OTHER={mapping.executable}`), or remove "
                f"it first: `pyxi global expose remove {mapping.exposed}`",
            )
        self.editor.set_entry(name, "exposed", mapping.exposed, mapping.executable)
        self.refresh()


def check_shortcuts(env: GlobalEnv, records: list[InstalledRecord]) -> None:
    """Shortcuts must name packages that have them; pyxi records them but creates no menu
    entries (pixi does, with menuinst)."""
    if not env.shortcuts:
        return
    missing = sorted(set(env.shortcuts) - menu_packages(records))
    if missing:
        raise PyxiError(
            f"the following shortcuts are requested but not available: {', '.join(missing)}",
            help=f"remove them from `shortcuts` of `[envs.{env.name}]`; a shortcut names an "
            "installed package that ships a menu (`Menu/*.json`)",
        )
    logger.warning(
        "The shortcuts of environment %s are not created by pyxi: `pixi global sync` creates them",
        env.name,
    )


def exposure_in_sync(paths: GlobalPaths, env: GlobalEnv, prefix: Path) -> bool:
    to_remove, to_add = expose.exposure_status(paths, prefix, env.exposed)
    return not to_remove and not to_add
