"""One PyPI requirement against the lock, the way pixi's `satisfiability/pypi.rs` decides it.

A requirement comes from the manifest (`PypiDependency`) or from a locked package's
`requires_dist` (a PEP 508 string); both become a `Req`. The functions here answer "does this
locked record (or this conda package's PyPI identity) satisfy it?" with None or a reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit, urlunsplit

from pyxi.names import normalize_pypi_name

if TYPE_CHECKING:  # packaging is imported where PyPI entries are really checked
    from packaging.requirements import Requirement

from pyxi.consts import DEFAULT_PYPI_INDEX
from pyxi.lockfile.derive import is_url
from pyxi.lockfile.model import CondaPackage, PypiPackage
from pyxi.manifest.model import PypiDependency
from pyxi.redact import strip_credentials

# pixi's stand-in version for a locked source tree whose version it cannot tell.
MIN_VERSION = "0a0.dev0"


@dataclass(frozen=True)
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
        return _check_url(req, record)
    if kind == "git":
        return _check_git(req, record)
    return _check_path(req, record, ctx.root)


@dataclass(frozen=True)
class PypiContext:
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


def _check_url(req: Req, record: PypiPackage) -> str | None:
    wanted = req.dep.url if req.dep is not None else req.url
    location = record.location
    if location.startswith("git+") or not location.startswith("direct+"):
        return f"'{record.name}' is locked from {location}, not from the direct URL {wanted}"
    # Compared as the lock writer stores them (`redact.strip_credentials`): no secret in either.
    if strip_credentials(location.removeprefix("direct+")) != strip_credentials(wanted or ""):
        return f"'{record.name}' is locked from {location.removeprefix('direct+')}, the manifest asks for {wanted}"
    return None


def _check_git(req: Req, record: PypiPackage) -> str | None:
    location = record.location
    if not location.startswith("git+"):
        return f"'{record.name}' must come from git, the lock has {location}"
    locked = urlsplit(location.removeprefix("git+"))
    query = {k: v[0] for k, v in parse_qs(locked.query).items()}
    locked_repo = urlunsplit((locked.scheme, locked.netloc, locked.path, "", ""))
    dep = req.dep
    wanted_repo = dep.git if dep is not None else req.url
    if _repo_key(locked_repo) != _repo_key(wanted_repo or ""):
        return f"'{record.name}' is locked from {locked_repo}, the manifest asks for {wanted_repo}"
    if dep is None:
        return None
    if (query.get("subdirectory") or None) != ((dep.subdirectory or "").strip("/") or None):
        return (f"'{record.name}' is locked from subdirectory '{query.get('subdirectory', '')}', "
                f"the manifest asks for '{dep.subdirectory or ''}'")
    return _check_git_ref(record.name, query, dep)


def _check_git_ref(name: str, query: dict[str, str], dep: PypiDependency) -> str | None:
    locked = next(((k, query[k]) for k in ("branch", "tag", "rev") if k in query), None)
    wanted = next(((k, v) for k, v in (("branch", dep.branch), ("tag", dep.tag),
                                       ("rev", dep.rev)) if v), None)
    if locked is None:
        return None  # v6 locks record only the commit: it is the authority
    if wanted != locked:
        asked = f"{wanted[0]} '{wanted[1]}'" if wanted else "the default branch"
        return f"'{name}' is locked at {locked[0]} '{locked[1]}', the manifest asks for {asked}"
    return None


def _check_path(req: Req, record: PypiPackage, root: Path) -> str | None:
    wanted = req.dep.path if req.dep is not None else _file_path(req.url or "")
    if is_url(record.location) and not record.location.startswith("file:"):
        return f"'{record.name}' is locked from {record.location}, the manifest asks for the path {wanted}"
    locked = _resolve(record.location.removeprefix("file://"), root)
    if locked != _resolve(wanted or "", root):
        return f"'{record.name}' is locked from the path {record.location}, the manifest asks for {wanted}"
    return None


def _file_path(url: str) -> str:
    from urllib.parse import unquote

    return unquote(urlsplit(url).path) if url.startswith("file:") else url


def _resolve(path: str, root: Path) -> str:
    full = Path(path).expanduser()
    return os.path.normcase(os.path.realpath(full if full.is_absolute() else root / full))


def _repo_key(url: str) -> str:
    parts = urlsplit(url.removeprefix("git+"))
    path = parts.path.split("@")[0].rstrip("/").removesuffix(".git")
    return f"{parts.scheme}://{parts.netloc.lower()}{path}"


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
