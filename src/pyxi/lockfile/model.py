"""The `pixi.lock` model (format v7, read from v4 on), independent of any YAML or rattler type.

Conda packages carry every field explicitly (the writer elides what the URL implies; the
reader fills it back in), so the rest of pyxi never has to know about elision rules.

Why pyxi reads and writes the format itself instead of using py-rattler's `LockFile`: in
py-rattler 0.28 a PyPI entry can only be added as (name, version, location)
(`LockFile.add_pypi_package`), so a lock built through it loses `requires_dist`,
`requires_python`, the index and the hashes that pixi writes, needs to check freshness and
verifies at install time. It also cannot carry pixi-build source packages or fields it does not
model. pyxi's own reader and writer round-trip pixi's files byte for byte (tests/unit/lockfile),
and rattler still reads every lock pyxi writes (tests/interop/test_rattler_reads_pyxi_locks.py).
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal

from pyxi.datamodel import model
from pyxi.names import normalize_pypi_name

LOCK_VERSION = 7
# "conda_source" marks pixi-build source packages, which pyxi only carries through.
PackageKind = Literal["conda", "pypi", "conda_source"]


@model
class LockedPlatform:
    """An entry of the top-level `platforms:` list. `subdir` is None for a bare platform
    (name == subdir). Virtual packages are `name=version[=build]` strings."""

    name: str
    subdir: str | None = None
    virtual_packages: list[str] = field(default_factory=list)

    @property
    def conda_subdir(self) -> str:
        return self.subdir or self.name


@model
class CondaPackage:
    """A binary conda package. `location` is its URL (or a path relative to the workspace)."""

    location: str
    name: str
    version: str
    build: str
    build_number: int = 0
    subdir: str = ""
    noarch: str | None = None
    sha256: str | None = None
    md5: str | None = None
    depends: list[str] = field(default_factory=list)
    constrains: list[str] = field(default_factory=list)
    channel: str | None = None
    features: str | None = None
    track_features: list[str] = field(default_factory=list)
    file_name: str = ""
    license: str | None = None
    license_family: str | None = None
    # None = unknown, [] = known not to be a PyPI package.
    purls: list[str] | None = None
    # None = unknown, {} = none.
    run_exports: dict[str, Any] | None = None
    size: int | None = None
    # Milliseconds since the epoch, as pixi writes it.
    timestamp: int | None = None
    python_site_packages_path: str | None = None
    # Fields pyxi does not model but must carry through a read/write round trip
    # (legacy_bz2_md5, legacy_bz2_size, variants, extra_depends, flags, …).
    extra: dict[str, Any] = field(default_factory=dict)

    kind: PackageKind = field(default="conda", init=False)


@model
class PypiPackage:
    """A PyPI distribution (`version` set) or a local source tree (`version` None)."""

    location: str
    name: str
    version: str | None = None
    sha256: str | None = None
    md5: str | None = None
    index: str | None = None
    requires_dist: list[str] = field(default_factory=list)
    requires_python: str | None = None
    # Only read from v4–v6 locks; v7 takes editability from the manifest.
    editable: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    kind: PackageKind = field(default="pypi", init=False)


@model
class CondaSourcePackage:
    """A pixi-build conda source package (`- conda_source: name[hash] @ location`).

    pyxi does not build these; it keeps every field as read, in file order, so a lock that
    holds them survives a read/write round trip. `build_packages`/`host_packages` (when
    present) are lists of single-key selector dicts such as `{"conda": URL}`."""

    location: str
    fields: dict[str, Any] = field(default_factory=dict)

    kind: PackageKind = field(default="conda_source", init=False)

    def referenced(self) -> list[PackageRef]:
        """The packages this one needs at build time (its build and host environments)."""
        return selector_refs(self.fields)

    @property
    def name(self) -> str:
        """From the `name` field (pre-v7 locks), else from the identifier `name[hash] @ …`."""
        named = self.fields.get("name")
        return str(named) if named else self.location.split(" @ ", 1)[0].split("[", 1)[0]

    @property
    def source_location(self) -> str:
        """Where the source is, as locked: a path relative to the workspace, or a git URL."""
        return self.location.split(" @ ", 1)[1] if " @ " in self.location else self.location

    @property
    def depends(self) -> list[str]:
        value = self.fields.get("depends") or []
        return [str(item) for item in value] if isinstance(value, list) else []


LockedPackage = CondaPackage | PypiPackage


@model(frozen=True)
class PackageRef:
    """A reference from an environment's per-platform list to an entry of `packages:`."""

    kind: PackageKind
    location: str

    def sort_key(self) -> tuple[int, str]:
        # rattler orders selectors by kind (conda binary < conda source < pypi), then by id.
        return (_KIND_RANK.get(self.kind, 2), self.location)


_KIND_RANK = {"conda": 0, "conda_source": 1, "pypi": 2}


def selector_refs(fields: dict[str, Any]) -> list[PackageRef]:
    """The `build_packages` and `host_packages` selectors of a source entry, as references."""
    refs: list[PackageRef] = []
    for key in ("build_packages", "host_packages"):
        for item in fields.get(key) or []:
            if isinstance(item, dict) and len(item) == 1:
                ((kind, location),) = item.items()
                if kind in _KIND_RANK and isinstance(location, str):
                    refs.append(PackageRef(kind, location))
    return refs


@model
class LockChannel:
    """A channel of a locked environment, and the environment variables its URL uses."""

    url: str
    used_env_vars: list[str] = field(default_factory=list)


@model
class LockEnvironment:
    """One environment of the lock: its channels, indexes, options and packages per platform."""

    channels: list[LockChannel] = field(default_factory=list)
    # None: the lock says nothing (no PyPI packages); a list: the indexes used, in order.
    indexes: list[str] | None = None
    # Each item is {"url": …} or {"path": …}.
    find_links: list[dict[str, str]] = field(default_factory=list)
    # Only non-default values: strategy, channel-priority, pypi-prerelease-mode.
    options: dict[str, str] = field(default_factory=dict)
    # platform name -> package references, sorted when written.
    packages: dict[str, list[PackageRef]] = field(default_factory=dict)


@model
class LockFile:
    """A whole pixi.lock: platforms, environments and the packages they refer to."""

    # The format version read from disk (4-7); the writer always writes LOCK_VERSION.
    version: int = LOCK_VERSION
    platforms: list[LockedPlatform] = field(default_factory=list)
    environments: dict[str, LockEnvironment] = field(default_factory=dict)
    conda_packages: dict[str, CondaPackage] = field(default_factory=dict)
    pypi_packages: dict[str, PypiPackage] = field(default_factory=dict)
    # Keyed by the source identifier `name[hash] @ location`.
    conda_source_packages: dict[str, CondaSourcePackage] = field(default_factory=dict)
    # sha256 of the bytes this lock was read from or last written as ("" when neither).
    sha256: str = field(default="", compare=False)

    def platform(self, name: str) -> LockedPlatform | None:
        return next((p for p in self.platforms if p.name == name), None)

    def packages_for(self, environment: str, platform: str) -> list[LockedPackage]:
        """The locked packages of one environment on one platform, in lock order."""
        env = self.environments.get(environment)
        if env is None:
            return []
        result: list[LockedPackage] = []
        for ref in env.packages.get(platform, []):
            if ref.kind == "conda_source":
                continue  # pixi-build source packages are carried through, not installed
            table = self.conda_packages if ref.kind == "conda" else self.pypi_packages
            package = table.get(ref.location)
            if package is not None:
                result.append(package)
        return result


def source_packages_for(lock: LockFile, environment: str, platform: str) -> list[CondaSourcePackage]:
    """The pixi-build source packages one environment locks on one platform."""
    env = lock.environments.get(environment)
    refs = env.packages.get(platform, []) if env is not None else []
    return [lock.conda_source_packages[ref.location] for ref in refs
            if ref.kind == "conda_source" and ref.location in lock.conda_source_packages]


def duplicate_packages(packages: list[LockedPackage]) -> tuple[LockedPackage, LockedPackage] | None:
    """The first two packages of one kind with the same name: a lock pixi never writes, which
    would install two copies (two pythons) into one environment."""
    seen: dict[tuple[str, str], LockedPackage] = {}
    for package in packages:
        name = normalize_pypi_name(package.name) if package.kind == "pypi" else package.name
        first = seen.setdefault((package.kind, name), package)
        if first is not package:
            return first, package
    return None
