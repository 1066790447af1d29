"""One PyPI requirement against the lock, the way pixi's `satisfiability/pypi.rs` decides it.

A requirement comes from the manifest (`PypiDependency`) or from a locked package's
`requires_dist` (a PEP 508 string); both become a `Req`. The functions here answer "does this
locked record (or this conda package's PyPI identity) satisfy it?" with None or a reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.datamodel import model
from pyxi.names import normalize_pypi_name

if TYPE_CHECKING:  # packaging is imported where PyPI entries are really checked
    from packaging.requirements import Requirement

from pyxi.consts import DEFAULT_PYPI_INDEX
from pyxi.freshness.fresh_sources import check_git, check_path, check_url
from pyxi.lockfile.derive import is_url
from pyxi.lockfile.model import CondaPackage, PypiPackage
from pyxi.manifest.model import PypiDependency

# pixi's stand-in version for a locked source tree whose version it cannot tell.
MIN_VERSION = "0a0.dev0"


@model(frozen=True)
class Req:
    """A requirement to check: `origin` is "manifest" or "requires_dist"."""

    name: str  # canonical
    text: str
    specifier: str | None = None
    extras: tuple[str, ...] = ()
    dep: PypiDependency | None = None
    url: str | None = None
    origin: str = "manifest"

    @property
    def kind(self) -> str:
        if self.dep is not None:
            return "path" if self.dep.path else "git" if self.dep.git else (
                "url" if self.dep.url else "registry")
        if self.url:
            if self.url.startswith("file:"):
                return "path"
            return "git" if self.url.startswith("git+") else "url"
        return "registry"


def manifest_req(dep: PypiDependency) -> Req:
    return Req(normalize_pypi_name(dep.name), _display(dep), dep.version, tuple(dep.extras), dep)


def dist_req(text: str) -> Requirement | None:
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return Requirement(text)
    except InvalidRequirement:
        return None


def requires_dist_req(req: Requirement, text: str) -> Req:
    return Req(normalize_pypi_name(req.name), text, str(req.specifier) or None,
               tuple(sorted(req.extras)), url=req.url, origin="requires_dist")


def _display(dep: PypiDependency) -> str:
    where = dep.path or dep.git or dep.url
    if where:
        return f"{dep.name} @ {where}"
    spec = dep.version or ""
    return dep.name if spec.strip() in ("", "*") else f"{dep.name}{spec}"


# ------------------------------------------------------------------ conda-provided PyPI names


def conda_pypi_names(packages: list[CondaPackage]) -> dict[str, tuple[CondaPackage, str]]:
    """PyPI name → (conda package, version) for every locked conda package that installs one.

    From `purls`; a conda-forge package without any `purls` (older locks) counts as the PyPI
    package of the same name (pixi's backwards-compatible fallback, `pyxi.pypi.mapping`)."""
    from pyxi.pypi.mapping import parse_purl, pypi_purls

    provided: dict[str, tuple[CondaPackage, str]] = {}
    for package in packages:
        for purl in pypi_purls(package):
            name, version = parse_purl(purl)
            provided[name] = (package, version or package.version)
    return provided


def check_conda_provided(req: Req, package: CondaPackage, version: str) -> str | None:
    if req.dep is not None and req.dep.editable:
        return f"'{req.dep.name}' is an editable dependency but is installed by the conda package '{package.name}'"
    if req.kind != "registry":
        return f"'{req.text}' is a {req.kind} dependency but is installed by the conda package '{package.name}'"
    if not _contains(req.specifier, version):
        return (f"the requirement '{req.text}' could not be satisfied by the conda package "
                f"'{package.name}' {version}")
    return None


# ------------------------------------------------------------------ locked PyPI records


def check_record(req: Req, record: PypiPackage, ctx: PypiContext) -> str | None:
    """None when `record` satisfies `req` (pixi's `pypi_satisfies_requirement`/`_editable`)."""
    kind = req.kind
    if kind == "registry":
        return _check_registry(req, record, ctx)
    if kind == "url":
        return check_url(req, record)
    if kind == "git":
        return check_git(req, record)
    return check_path(req, record, ctx.root)


@model(frozen=True)
class PypiContext:
    """What checking an environment's locked PyPI packages needs to know."""

    root: Path
    lock_version: int
    # The env's locked indexes plus its find-links URLs (empty for pre-v7 locks).
    locked_indexes: tuple[str, ...] = ()


def _check_registry(req: Req, record: PypiPackage, ctx: PypiContext) -> str | None:
    if req.origin == "requires_dist" and not is_url(record.location):
        return None  # a locally-sourced override of a transitive dependency
    version = record.version or MIN_VERSION
    if not _contains(req.specifier, version):
        return (f"'{record.name}' with specifiers '{req.specifier}' does not match the locked "
                f"version '{version}'")
    locked = _locked_index(record, ctx)
    wanted = req.dep.index if req.dep is not None else None
    if wanted and locked is not None:
        if _slashless(wanted) != _slashless(locked):
            return f"'{record.name}' requires index {wanted} but the lock file has {locked}"
    elif locked is not None and req.origin == "manifest":
        acceptable = ctx.locked_indexes if ctx.lock_version >= 7 and ctx.locked_indexes else (
            DEFAULT_PYPI_INDEX,)
        if not any(_slashless(i) == _slashless(locked) for i in acceptable):
            return (f"'{record.name}' requires index {', '.join(acceptable)} but the lock file "
                    f"has {locked}")
    return None


def _locked_index(record: PypiPackage, ctx: PypiContext) -> str | None:
    """The index a locked wheel/sdist came from; v7 leaves PyPI's own index out."""
    if ctx.lock_version < 7 or not is_url(record.location) or record.location.startswith(
            ("git+", "direct+")):
        return None
    if record.index:
        return record.index
    is_dist = record.version is not None or record.sha256 or record.md5
    return DEFAULT_PYPI_INDEX if is_dist else None


def _slashless(url: str) -> str:
    return url.rstrip("/")


def _contains(specifier: str | None, version: str) -> bool:
    if not specifier or specifier.strip() == "*":
        return True
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion

    try:
        return SpecifierSet(specifier).contains(version, prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return False


def requires_python_ok(requires_python: str | None, python: str) -> bool:
    """pixi's (uv's) rule: only the lower bounds of `requires_python` are compared with the
    locked interpreter, so `<3.13` on a 3.13 interpreter does not make the lock stale."""
    if not requires_python:
        return True
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    try:
        version = Version(python)
        specs = SpecifierSet(requires_python)
    except (InvalidSpecifier, InvalidVersion):
        return True
    for spec in specs:
        if spec.operator in (">=", ">", "~=", "===") and not spec.contains(version, prereleases=True):
            return False
        if spec.operator == "==":
            floor = spec.version.removesuffix(".*")
            try:
                if version < Version(floor) and not spec.contains(version, prereleases=True):
                    return False
            except InvalidVersion:
                continue
    return True


def marker_applies(marker: str | None, env: dict[str, str] | None,
                    extras: tuple[str, ...]) -> bool:
    if not marker:
        return True
    if env is None:
        return True
    from packaging.markers import (
        InvalidMarker,
        Marker,
        UndefinedComparison,
        UndefinedEnvironmentName,
    )

    try:
        parsed = Marker(marker)
    except InvalidMarker:
        return True
    for extra in extras or ("",):
        try:
            if parsed.evaluate({**env, "extra": extra}):
                return True
        except (UndefinedComparison, UndefinedEnvironmentName):
            return True
    return False


def locked_markers(conda: dict[str, CondaPackage], pypi: dict[str, PypiPackage],
                   subdir: str) -> dict[str, str] | str:
    """The marker environment of the locked python, or why the PyPI part cannot be checked."""
    python = conda.get("python")
    if python is None:
        return "the environment has PyPI dependencies but no python is locked"
    if not pypi and all(p.purls is None for p in conda.values()):
        # pixi's `MissingPurls`: re-lock so that the conda packages get their purls
        return ("the lock file records no `purls` for the conda packages, so it cannot "
                "tell which of them are PyPI packages")
    from pyxi.pypi.tags import UnsupportedTargetError, marker_environment

    try:
        return marker_environment(subdir, python.version)
    except UnsupportedTargetError as error:
        return str(error)

