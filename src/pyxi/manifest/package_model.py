"""The workspace's own package (`[package]`, pixi-build) and conda source locations.

`pyxi.build` builds them (path and git sources, and source archives from a URL).
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal

from pyxi.datamodel import model
from pyxi.diagnostics import Location

SourceKind = Literal["path", "git", "url"]
_ARCHIVES = (".conda", ".tar.bz2")


@model(frozen=True)
class CondaSource:
    """Where a conda package comes from when it is not a channel: a directory or a source
    archive to build (pixi-build), or a `.conda`/`.tar.bz2` file to install as it is."""

    kind: SourceKind
    location: str
    branch: str | None = None
    tag: str | None = None
    rev: str | None = None
    subdirectory: str | None = None
    sha256: str | None = None  # `url`: the archive's hashes, checked after the download
    md5: str | None = None

    @property
    def is_archive(self) -> bool:
        """A built package file (`path`/`url` to `.conda` or `.tar.bz2`): no build needed."""
        return self.kind != "git" and self.location.split("?")[0].endswith(_ARCHIVES)

    def display(self) -> str:
        ref = next((f"{k} {v}" for k, v in (("branch", self.branch), ("tag", self.tag),
                                             ("rev", self.rev)) if v), "")
        extra = f" ({ref})" if ref else ""
        sub = f", subdirectory {self.subdirectory}" if self.subdirectory else ""
        return f"{self.kind} {self.location}{extra}{sub}"


@model(frozen=True)
class PackageSpec:
    """One entry of a `[package.*-dependencies]` table, as written."""

    name: str
    spec: str | dict[str, Any]
    condition: str | None = None  # the `if(...)` selector it sits under, if any
    location: Location | None = None


@model(frozen=True)
class PackageBuild:
    """`[package.build]`: the backend and what it is given."""

    backend: str
    backend_version: str = "*"
    channels: tuple[str, ...] = ()
    config: dict[str, Any] = field(default_factory=dict)
    target_config: tuple[tuple[str, dict[str, Any]], ...] = ()
    source: CondaSource | None = None
    location: Location | None = None


@model
class PackageManifest:
    """`[package]`. `name`/`version` are None where they are inherited from the workspace
    (`{ workspace = true }`) or left out; `dependencies` maps a table name
    (`host-dependencies`, `run-constraints`, `extra-dependencies.test`, …) to its entries,
    including those of `[package.target.SELECTOR.*]` (with the selector as `condition`)."""

    name: str | None
    version: str | None
    build: PackageBuild
    dependencies: dict[str, list[PackageSpec]] = field(default_factory=dict)
    location: Location | None = None

    def display_name(self, workspace_name: str) -> str:
        return self.name or workspace_name
