"""uv's outputs (pylock.toml + `# from` index annotations) → pixi.lock PyPI entries (§1.5, uv-recipes §4)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urlparse

from packaging.tags import Tag

from pyxi.atomic import atomic_write
from pyxi.datamodel import model
from pyxi.lockfile.model import PypiPackage
from pyxi.manifest.model import PypiDependency
from pyxi.names import normalize_pypi_name
from pyxi.pypi.metadata import CoreMetadata, fetch_metadata, source_tree_metadata
from pyxi.pypi.project import PYPI_SIMPLE
from pyxi.pypi.tags import wheel_rank

_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(?P<version>\S+)")
_FROM = re.compile(r"^\s+# from (?P<index>\S+)")


@model(frozen=True)
class Pins:
    """The annotated requirements.txt output: {name: version} and {name: index URL}."""

    versions: dict[str, str]
    indexes: dict[str, str]


def parse_annotated(text: str) -> Pins:
    versions: dict[str, str] = {}
    indexes: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        pin, source = _PIN.match(line), _FROM.match(line)
        if pin:
            current = normalize_pypi_name(pin["name"])
            versions[current] = pin["version"]
        elif source and current:
            indexes[current] = source["index"]
        elif line and not line.startswith((" ", "#")):
            current = None
    return Pins(versions, indexes)


def _as_url(item: Mapping[str, Any], base: Path) -> str:
    if "url" in item:
        return str(item["url"])
    path = Path(item["path"])
    return (path if path.is_absolute() else base / path).resolve().as_uri()


def best_wheel(wheels: Sequence[Mapping[str, Any]], ranked: list[Tag]) -> Mapping[str, Any] | None:
    """The wheel whose tags rank best for the target (uv may leave several compatible ones)."""
    scored = []
    for wheel in wheels:
        name = unquote(urlparse(str(wheel.get("url") or wheel.get("path", ""))).path).rsplit("/", 1)[-1]
        rank = wheel_rank(name, ranked)
        if rank is not None:
            scored.append((rank, wheel))
    return min(scored, key=lambda item: item[0])[1] if scored else None


def workspace_location(path: Path, workspace_root: Path) -> str:
    """`./rel/path` inside the workspace, else the absolute path (pixi's encoding)."""
    try:
        relative = path.resolve().relative_to(workspace_root.resolve())
    except ValueError:
        return str(path.resolve())
    text = relative.as_posix()
    return "." if text == "." else f"./{text}"


def git_location(vcs: Mapping[str, Any], dep: PypiDependency | None) -> str:
    query: dict[str, str] = {}
    if vcs.get("subdirectory"):
        query["subdirectory"] = str(vcs["subdirectory"])
    kinds = [k for k in ("branch", "tag", "rev") if dep is not None and getattr(dep, k)]
    if kinds:
        query[kinds[0]] = str(getattr(dep, kinds[0]))
    elif vcs.get("requested-revision"):
        query["rev"] = str(vcs["requested-revision"])
    url = str(vcs["url"])
    url = url if url.startswith("git+") else f"git+{url}"
    suffix = f"?{urlencode(query)}" if query else ""
    return f"{url}{suffix}#{vcs['commit-id']}"


@model
class _Draft:
    package: PypiPackage
    metadata_url: str | None = None
    tree: Path | None = None


def _draft(entry: Mapping[str, Any], ranked: list[Tag], pins: Pins, root: Path,
           base: Path, deps: Mapping[str, PypiDependency]) -> _Draft | None:
    name = normalize_pypi_name(entry["name"])
    version = entry.get("version")
    index = pins.indexes.get(name)
    index = None if index is None or index.rstrip("/") == PYPI_SIMPLE else index
    if entry.get("wheels") or entry.get("sdist"):
        wheels = entry.get("wheels", [])
        chosen = best_wheel(wheels, ranked) or entry.get("sdist") or (wheels[0] if wheels else None)
        if chosen is None:
            return None
        url = _as_url(chosen, base)
        sha = chosen.get("hashes", {}).get("sha256")
        return _Draft(PypiPackage(url, name, version, sha256=sha, index=index), metadata_url=url)
    if "archive" in entry:
        archive = entry["archive"]
        if "url" in archive:
            url = str(archive["url"])
            return _Draft(PypiPackage(f"direct+{url}", name, version), metadata_url=url)
        path = Path(archive["path"])
        path = path if path.is_absolute() else base / path
        return _Draft(PypiPackage(workspace_location(path, root), name, version), metadata_url=path.resolve().as_uri())
    if "directory" in entry:
        path = Path(entry["directory"]["path"])
        path = path if path.is_absolute() else base / path
        editable = bool(entry["directory"].get("editable"))
        return _Draft(PypiPackage(workspace_location(path, root), name, None, editable=editable), tree=path)
    if "vcs" in entry:
        return _Draft(PypiPackage(git_location(entry["vcs"], deps.get(name)), name, version))
    return None


def _kept_metadata(sha256: str | None, cache: Path | None) -> CoreMetadata | None:
    """The metadata kept on disk for the artifact with this sha256, if any."""
    if not sha256 or cache is None:
        return None
    try:
        data = json.loads((cache / f"{sha256}.json").read_text())
        return CoreMetadata(list(data["requires_dist"]), data["requires_python"])
    except (OSError, ValueError, KeyError):
        return None


def _cached_metadata(url: str, sha256: str | None, cache: Path | None) -> CoreMetadata:
    """Metadata of an artifact; artifacts with a sha256 are immutable, so it is kept on disk."""
    kept = _kept_metadata(sha256, cache)
    if kept is not None:
        return kept
    if not sha256 or cache is None:
        return fetch_metadata(url)
    path = cache / f"{sha256}.json"
    meta = fetch_metadata(url)
    cache.mkdir(parents=True, exist_ok=True)
    data = {"requires_dist": meta.requires_dist, "requires_python": meta.requires_python}
    atomic_write(path, json.dumps(data).encode(), durable=False)
    return meta


def _fill(draft: _Draft, cache: Path | None, kept: CoreMetadata | None = None) -> PypiPackage:
    meta = CoreMetadata()
    if kept is not None:
        meta = kept
    elif draft.metadata_url is not None:
        meta = _cached_metadata(draft.metadata_url, draft.package.sha256, cache)
    elif draft.tree is not None:
        meta = source_tree_metadata(draft.tree)
    draft.package.requires_dist = meta.requires_dist
    draft.package.requires_python = meta.requires_python
    return draft.package


def lock_packages(
    pylock: Mapping[str, Any],
    pins: Pins,
    *,
    ranked: list[Tag],
    skip: set[str],
    workspace_root: Path,
    pylock_dir: Path,
    requirements: Sequence[PypiDependency],
    metadata_cache: Path | None = None,
) -> list[PypiPackage]:
    """One `PypiPackage` per resolved distribution (minus `skip`, the conda-provided names),
    sorted by name, with metadata fetched concurrently (and kept in `metadata_cache` by sha256)."""
    deps = {normalize_pypi_name(d.name): d for d in requirements}
    drafts = []
    for entry in pylock.get("packages", []):
        if normalize_pypi_name(entry["name"]) in skip:
            continue
        draft = _draft(entry, ranked, pins, workspace_root, pylock_dir, deps)
        if draft is not None:
            drafts.append(draft)
    return sorted(_fill_all(drafts, metadata_cache), key=lambda p: p.name)


def _fill_all(drafts: list[_Draft], cache: Path | None) -> list[PypiPackage]:
    """Metadata kept on disk is read here; threads only for the metadata to fetch (starting
    them costs more than reading the kept files)."""
    packages, remote = [], []
    for draft in drafts:
        kept = _kept_metadata(draft.package.sha256, cache) if draft.metadata_url else None
        if draft.metadata_url is not None and kept is None:
            remote.append(draft)
        else:
            packages.append(_fill(draft, cache, kept))
    if remote:
        with ThreadPoolExecutor(max_workers=min(16, (os.cpu_count() or 4) * 2, len(remote))) as pool:
            packages += pool.map(lambda draft: _fill(draft, cache), remote)
    return packages


def is_registry(pkg: PypiPackage) -> bool:
    """An index artifact (URL + sha256), as opposed to git, direct-URL and path entries."""
    return bool(pkg.sha256) and pkg.location.startswith(("https://", "http://", "file://"))


def _toml(value: str) -> str:
    return json.dumps(value)


def pylock_for(packages: Iterable[PypiPackage]) -> str:
    """A minimal pylock.toml for registry entries (url + sha256), which uv installs as-is."""
    packages = list(packages)
    lines = ['lock-version = "1.0"', 'created-by = "pyxi"', "" if packages else "packages = []"]
    for pkg in packages:
        artifact = f"{{ url = {_toml(pkg.location)}, hashes = {{ sha256 = {_toml(pkg.sha256 or '')} }} }}"
        lines += ["[[packages]]", f"name = {_toml(pkg.name)}"]
        if pkg.version:
            lines.append(f"version = {_toml(pkg.version)}")
        is_wheel = urlparse(pkg.location).path.endswith(".whl")
        lines += [f"wheels = [{artifact}]" if is_wheel else f"sdist = {artifact}", ""]
    return "\n".join(lines)
