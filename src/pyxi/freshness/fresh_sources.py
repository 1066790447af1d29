"""A locked PyPI record against a URL, git or path requirement (pixi's
`pypi_satisfies_requirement` for the non-registry kinds): None, or the reason it does not match.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from pyxi.lockfile.derive import is_url
from pyxi.lockfile.model import PypiPackage
from pyxi.manifest.model import PypiDependency
from pyxi.redact import strip_credentials

if TYPE_CHECKING:
    from pyxi.freshness.fresh_pypi import Req


def check_url(req: Req, record: PypiPackage) -> str | None:
    wanted = req.dep.url if req.dep is not None else req.url
    location = record.location
    if location.startswith("git+") or not location.startswith("direct+"):
        return f"'{record.name}' is locked from {location}, not from the direct URL {wanted}"
    # Compared as the lock writer stores them (`redact.strip_credentials`): no secret in either.
    if strip_credentials(location.removeprefix("direct+")) != strip_credentials(wanted or ""):
        return f"'{record.name}' is locked from {location.removeprefix('direct+')}, the manifest asks for {wanted}"
    return None


def check_git(req: Req, record: PypiPackage) -> str | None:
    location = record.location
    if not location.startswith("git+"):
        return f"'{record.name}' must come from git, the lock has {location}"
    locked = urlsplit(location.removeprefix("git+"))
    query = {k: v[0] for k, v in parse_qs(locked.query).items()}
    locked_repo = urlunsplit((locked.scheme, locked.netloc, locked.path, "", ""))
    dep = req.dep
    wanted_repo = dep.git if dep is not None else req.url
    if repo_key(locked_repo) != repo_key(wanted_repo or ""):
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


def check_path(req: Req, record: PypiPackage, root: Path) -> str | None:
    wanted = req.dep.path if req.dep is not None else _file_path(req.url or "")
    if is_url(record.location) and not record.location.startswith("file:"):
        return f"'{record.name}' is locked from {record.location}, the manifest asks for the path {wanted}"
    locked = _resolve(record.location.removeprefix("file://"), root)
    if locked != _resolve(wanted or "", root):
        return f"'{record.name}' is locked from the path {record.location}, the manifest asks for {wanted}"
    return None


def _file_path(url: str) -> str:
    return unquote(urlsplit(url).path) if url.startswith("file:") else url


def _resolve(path: str, root: Path) -> str:
    full = Path(path).expanduser()
    return os.path.normcase(os.path.realpath(full if full.is_absolute() else root / full))


def repo_key(url: str) -> str:
    parts = urlsplit(url.removeprefix("git+"))
    path = parts.path.split("@")[0].rstrip("/").removesuffix(".git")
    return f"{parts.scheme}://{parts.netloc.lower()}{path}"
