"""The typed manifest: what `pixi.toml` / `[tool.pixi]` say, validated, before any merging.

Values keep the `Location` they were read from, so later layers (environment merging, solving,
lock checks) can still point the user at the line that caused a problem.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Any, Literal

from pyxi.datamodel import model
from pyxi.diagnostics import Location
from pyxi.manifest.exclude_newer import ExcludeNewer, ExcludeNewerPackages
from pyxi.manifest.package_model import CondaSource, PackageManifest
from pyxi.manifest.task_model import Task
from pyxi.manifest.unsupported import Unsupported

ChannelPriority = Literal["strict", "flexible", "disabled"]
SolveStrategy = Literal["highest", "lowest", "lowest-direct"]
ManifestKind = Literal["pixi", "pyproject", "script"]
MappingMode = Literal["overlay", "replace"]


@model(frozen=True)
class ChannelRef:
    """A channel as written: a name (`conda-forge`), a URL, a `file://` URL or a path."""

    raw: str
    priority: int = 0
    location: Location | None = None
    exclude_newer: ExcludeNewer | None = None


@model(frozen=True)
class CondaDependency:
    """`name = "spec"` or `name = { version, build, channel }` under a dependencies table;
    `source` when it comes from a path, git or URL instead of a channel."""

    name: str
    version: str = "*"
    build: str | None = None
    channel: str | None = None
    location: Location | None = None
    inherited: bool = field(default=False, compare=False)  # `{ workspace = true }`, resolved
    source: CondaSource | None = None
    # MatchSpec bracket fields from the table (`build-number`, `md5`, `sha256`, `subdir`,
    # `file-name`, `license`, `license-family`, `track-features`), in rattler's names.
    fields: tuple[tuple[str, str], ...] = ()

    def to_matchspec(self) -> str:
        """The conda MatchSpec string the solver gets (`channel::name version build[k="v"]`)."""
        spec = self.name if not self.channel else f"{self.channel}::{self.name}"
        version = self.version.strip() or "*"
        if self.build:
            spec = f"{spec} {version} {self.build}"
        elif version != "*" or self.fields:
            spec = f"{spec} {version}"
        if self.fields:
            spec += "[" + ", ".join(f'{key}="{value}"' for key, value in self.fields) + "]"
        return spec

    def display(self) -> str:
        return self.to_matchspec()


@model(frozen=True)
class PypiDependency:
    """A `[pypi-dependencies]` entry: registry (version/extras/index), path, git or url."""

    name: str
    version: str | None = None
    extras: tuple[str, ...] = ()
    index: str | None = None
    path: str | None = None
    editable: bool = False
    git: str | None = None
    rev: str | None = None
    branch: str | None = None
    tag: str | None = None
    subdirectory: str | None = None
    url: str | None = None
    location: Location | None = None
    # PEP 508 marker, only from `[project].dependencies` / groups in a pyproject.toml.
    marker: str | None = None

    @property
    def is_registry(self) -> bool:
        return not (self.path or self.git or self.url)


@model(frozen=True)
class FindLinks:
    """One `find-links` entry of `pypi-options`: a URL or a path."""

    url: str | None = None
    path: str | None = None


@model(frozen=True)
class PypiOptions:
    """The `pypi-options` table: indexes, find-links and how uv resolves."""

    index_url: str | None = None
    extra_index_urls: tuple[str, ...] = ()
    find_links: tuple[FindLinks, ...] = ()
    index_strategy: str | None = None
    no_build_isolation: bool | tuple[str, ...] = False
    prerelease_mode: str | None = None
    location: Location | None = None
    # None: not set; False/True: for no package/every package; a tuple: these packages.
    no_build: bool | tuple[str, ...] | None = None
    no_binary: bool | tuple[str, ...] | None = None
    dependency_overrides: tuple[PypiDependency, ...] = ()
    skip_wheel_filename_check: bool | None = None


@model(frozen=True)
class LibcRequirement:
    """The `libc` system requirement: a family and its minimum version."""

    family: str = "glibc"
    version: str = "2.28"


@model(frozen=True)
class SystemRequirements:
    """`[system-requirements]`: minimum versions of virtual packages the environment assumes."""

    cuda: str | None = None
    libc: LibcRequirement | None = None
    linux: str | None = None
    macos: str | None = None
    archspec: str | None = None
    location: Location | None = None

    def is_empty(self) -> bool:
        return not (self.cuda or self.libc or self.linux or self.macos or self.archspec)


@model(frozen=True)
class PlatformSpec:
    """A workspace platform. Bare ones (`"linux-64"`) have name == subdir and no virtual
    packages; rich ones (`{ platform = "linux-64", cuda = "12.6" }`) declare virtual packages
    (`{"__cuda": "12.6"}`) that replace the subdir's defaults for that key."""

    name: str
    subdir: str
    virtual_packages: tuple[tuple[str, str], ...] = ()
    location: Location | None = None

    @property
    def is_rich(self) -> bool:
        return bool(self.virtual_packages) or self.name != self.subdir


@model(frozen=True)
class Activation:
    """The `activation` table: scripts to source and variables to set."""

    scripts: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()


@model
class TargetTables:
    """The tables that can appear both at feature level and under `[target.SELECTOR]`."""

    dependencies: dict[str, CondaDependency] = field(default_factory=dict)
    pypi_dependencies: dict[str, PypiDependency] = field(default_factory=dict)
    activation: Activation | None = None
    tasks: dict[str, Task] = field(default_factory=dict)
    # `[constraints]`: specs a package must meet if something else pulls it in.
    constraints: dict[str, CondaDependency] = field(default_factory=dict)
    # The deprecated `[host-dependencies]` / `[build-dependencies]` (read as dependencies).
    host_dependencies: dict[str, CondaDependency] = field(default_factory=dict)
    build_dependencies: dict[str, CondaDependency] = field(default_factory=dict)
    # `[dev]`: source packages whose build, host and run dependencies are installed (pixi-build).
    dev: dict[str, CondaDependency] = field(default_factory=dict)


@model
class Feature:
    """A feature. The root tables of the manifest form the feature named `default`.

    `targets` keeps `[target.SELECTOR]` tables in manifest order: on a platform every matching
    selector applies, later ones replacing earlier ones per package (pixi's rule).
    `platforms` and `channels` are None when the feature does not set them (it then means
    "all workspace platforms" / "the workspace channels").
    """

    name: str
    default: TargetTables = field(default_factory=TargetTables)
    targets: list[tuple[str, TargetTables]] = field(default_factory=list)
    channels: list[ChannelRef] | None = None
    platforms: list[str] | None = None
    channel_priority: ChannelPriority | None = None
    system_requirements: SystemRequirements = field(default_factory=SystemRequirements)
    pypi_options: PypiOptions | None = None
    location: Location | None = None
    solve_strategy: SolveStrategy | None = None
    environment: str | None = None  # set on an environment's inline content (its name)

    @property
    def key_path(self) -> tuple[str, ...]:
        """Where the feature's tables live: `()`, `("feature", NAME)`, `("environments", NAME)`."""
        if self.environment is not None:
            return ("environments", self.environment)
        return () if self.name == "default" else ("feature", self.name)


@model(frozen=True)
class EnvironmentDecl:
    """An `[environments]` entry (list form or table form)."""

    name: str
    features: tuple[str, ...] = ()
    solve_group: str | None = None
    no_default_feature: bool = False
    location: Location | None = None
    inline: Feature | None = field(default=None, compare=False)  # the environment's own tables


@model(frozen=True)
class CondaPypiMapEntry:
    """One channel of `conda-pypi-map`: `false` (no PyPI names for it), or a mapping `source`
    (file or URL, as written) and/or inline entries (conda name → PyPI names; `()` = not a
    PyPI package), overlaying or replacing the default mapping."""

    channel: str
    disabled: bool = False
    source: str | None = None
    inline: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    mode: MappingMode = "overlay"
    same_name_heuristic: bool | None = None
    location: Location | None = None


@model(frozen=True)
class CondaPypiMap:
    """`[workspace] conda-pypi-map`: `false` turns the mapping off, a table maps channels."""

    disabled: bool = False
    entries: tuple[CondaPypiMapEntry, ...] = ()
    location: Location | None = None


@model
class WorkspaceMeta:
    """The `[workspace]` table (or `[project]` of older manifests)."""

    name: str
    version: str | None = None
    description: str | None = None
    channels: list[ChannelRef] = field(default_factory=list)
    platforms: list[PlatformSpec] = field(default_factory=list)
    channel_priority: ChannelPriority = "strict"
    solve_strategy: SolveStrategy = "highest"
    pypi_options: PypiOptions | None = None
    location: Location | None = None
    requires_pixi: str | None = None
    conda_pypi_map: CondaPypiMap | None = None
    dependencies: dict[str, CondaDependency] = field(default_factory=dict)  # pool, lower-case keys
    exclude_newer: ExcludeNewer | None = None
    # The root `[exclude-newer]` / `[pypi-exclude-newer]` tables (per package).
    exclude_newer_packages: ExcludeNewerPackages = field(default_factory=ExcludeNewerPackages)
    # `[workspace.s3-options.BUCKET]`: endpoint-url, region, force-path-style (rattler's keys).
    s3_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # `[workspace.build-variants]`: key -> values (pixi-build; pyxi builds the first of each).
    build_variants: dict[str, list[str]] = field(default_factory=dict)


@model
class Manifest:
    """A whole workspace manifest. `features` always contains `default`; `environments` always
    contains `default` (pixi adds it implicitly when not declared)."""

    path: Path
    kind: ManifestKind
    workspace: WorkspaceMeta
    features: dict[str, Feature]
    environments: dict[str, EnvironmentDecl]
    warnings: list[str] = field(default_factory=list)
    # sha256 of the bytes this model was parsed from: what stamps vouch for, since the file
    # may change while a command works from this model.
    sha256: str = field(default="", compare=False)
    # What pyxi reads but cannot act on yet, raised where needed (`manifest/unsupported.py`).
    unsupported: list[Unsupported] = field(default_factory=list)
    # `[package]`: the workspace is itself a pixi-build package.
    package: PackageManifest | None = None
    # A script's workspace keys its metadata leaves to pixi's defaults ("channels", "platforms").
    implicit: frozenset[str] = frozenset()

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def lock_path(self) -> Path:
        from pyxi.manifest.script_path import lock_path_beside

        return lock_path_beside(self.path)

    @property
    def default_feature(self) -> Feature:
        return self.features["default"]
