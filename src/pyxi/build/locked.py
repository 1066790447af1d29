"""Source packages in the lock, as pixi writes them (`- conda_source: NAME[HASH] @ LOCATION`):
a path source (mutable) keeps only what the solve needs (variants, depends, license), a git
source (pinned to a commit) or a source archive (pinned by its sha256) also its version, build
and subdir. And back: the package a
locked location names."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from pyxi.build.render import SourceMetadata
from pyxi.build.source import SourcePackage, discover, locate
from pyxi.lockfile.model import CondaSourcePackage
from pyxi.manifest.package_model import CondaSource


def lock_entry(meta: SourceMetadata, package: SourcePackage,
               source_depends: dict[str, dict[str, str]] | None = None) -> CondaSourcePackage:
    fields: dict[str, Any] = {}
    if not package.mutable:
        fields.update(version=meta.version, build=meta.build, subdir=meta.subdir)
    if meta.variants:
        fields["variants"] = dict(meta.variants)
    if meta.depends:
        fields["depends"] = list(meta.depends)
    if meta.license:
        fields["license"] = meta.license
    if source_depends:
        fields["source_depends"] = source_depends
    ident = json.dumps([meta.name, meta.variants, package.location], sort_keys=True)
    short = hashlib.sha256(ident.encode()).hexdigest()[:8]
    return CondaSourcePackage(f"{meta.name}[{short}] @ {package.location}", fields)


def source_of_location(location: str) -> CondaSource:
    """The source a locked location names (`git+URL?subdirectory=…#COMMIT`, an archive's
    `URL?sha256=…&subdirectory=…`, or a path)."""
    if location.startswith(_ARCHIVE_SCHEMES):
        return _archive_source(location)
    if not location.startswith("git+"):
        return CondaSource("path", location)
    parts = urlsplit(location)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    url = parts._replace(query="", fragment="").geturl()
    return CondaSource("git", url, rev=parts.fragment or query.get("rev"),
                       subdirectory=query.get("subdirectory"))


_ARCHIVE_SCHEMES = ("http://", "https://", "file:")
_ARCHIVE_PAIRS = ("sha256", "subdirectory")


def _archive_source(location: str) -> CondaSource:
    parts = urlsplit(location)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(key, value) for key, value in pairs if key not in _ARCHIVE_PAIRS]
    found = {key: value for key, value in pairs if key in _ARCHIVE_PAIRS}
    url = parts._replace(query=urlencode(kept)).geturl()
    return CondaSource("url", url, subdirectory=found.get("subdirectory"),
                       sha256=found.get("sha256"))


def package_at(workspace_root: Path, location: str, cache: Path) -> SourcePackage:
    """The source package a locked location names (git: checked out at the locked commit;
    url: the archive of the locked sha256; both named by the locked location)."""
    source = source_of_location(location)
    if source.kind == "path":
        return discover((workspace_root / location).resolve(), location)
    found = locate(workspace_root, source, cache)
    return SourcePackage(found.root, location, found.package, found.manifest, found.recipe,
                         found.workspace_meta, mutable=False)
