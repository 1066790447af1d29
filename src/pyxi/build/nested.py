"""Source packages a source package runs with: `[package.run-dependencies]` entries that are
themselves `{ path }` (relative to the package) or `{ git }` sources, as pixi follows them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pyxi.build.source import SourcePackage, discover, locate
from pyxi.manifest.model import PlatformSpec
from pyxi.manifest.package_model import CondaSource
from pyxi.workspace.targets import selector_matches


def nested_sources(package: SourcePackage, platform: PlatformSpec) -> dict[str, CondaSource]:
    """name -> source of the package's run dependencies that are sources (targets matching
    `platform` included)."""
    found: dict[str, CondaSource] = {}
    entries = package.package.dependencies.get("run-dependencies", []) if package.package else []
    for entry in entries:
        if entry.condition is not None and not selector_matches(entry.condition, platform):
            continue
        source = _source(entry.spec)
        if source is not None:
            found[entry.name] = source
    return found


def _source(spec: str | dict[str, Any]) -> CondaSource | None:
    if not isinstance(spec, dict):
        return None
    if isinstance(spec.get("path"), str):
        return CondaSource("path", spec["path"])
    if isinstance(spec.get("git"), str):
        refs = {key: spec[key] for key in ("branch", "tag", "rev", "subdirectory")
                if isinstance(spec.get(key), str)}
        return CondaSource("git", spec["git"], **refs)
    return None


def locate_from(workspace_root: Path, base: Path, source: CondaSource,
                cache: Path) -> SourcePackage:
    """The source package `source` names from the folder `base`; a path is locked relative
    to the workspace (`src/depend`, as pixi writes it)."""
    if source.kind != "path":
        return locate(workspace_root, source, cache)
    folder = (base / source.location).resolve()
    location = Path(os.path.relpath(folder, workspace_root.resolve())).as_posix()
    return discover(folder, location)
