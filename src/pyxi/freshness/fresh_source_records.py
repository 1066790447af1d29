"""Locked pixi-build source packages against the manifest's source dependencies, as far as
pixi decides it without its build backend (`satisfiability/source_record.rs`):

- the locked record comes from the same kind of location (path, git or url) and the same
  place (an archive: the same URL, and the manifest's sha256 when it gives one);
- a source package's own source dependencies (`sources:` in older locks) are locked as source
  packages, from the place it names (relative to it);
- its extra groups (`[package.extra-dependencies]` of its manifest) are the ones locked.

What the backend itself derives (run dependencies, run-exports, variants) needs the backend:
pyxi takes the locked record's `depends` as they are.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pyxi.diagnostics import PyxiError
from pyxi.freshness.fresh_sources import repo_key
from pyxi.lockfile.model import CondaSourcePackage
from pyxi.manifest.package_model import CondaSource
from pyxi.manifest.parse_package import load_package_manifest

_MANIFESTS = ("pixi.toml", "pyproject.toml")


def check_location(source: CondaSource, record: CondaSourcePackage) -> str | None:
    """The locked record must come from where the manifest says."""
    locked = record.source_location
    is_git = locked.startswith("git+")
    is_url = locked.startswith(("http://", "https://", "file:"))
    if (source.kind == "git") != is_git or (source.kind == "url") != is_url:
        return _mismatch(record, "the locked source type does not match the requested type")
    if is_url:
        return _check_url(source, record)
    if is_git:
        if repo_key(locked.split("?")[0].split("#")[0]) != repo_key(source.location):
            return _mismatch(record, f"the locked repository '{locked}' does not match the "
                                     f"requested repository '{source.location}'")
        return None
    if _normal(locked) != _normal(source.location):
        return _mismatch(record, f"the locked path '{locked}' does not match the requested "
                                 f"path '{source.location}'")
    return None


def _check_url(source: CondaSource, record: CondaSourcePackage) -> str | None:
    from pyxi.build.locked import source_of_location

    locked = source_of_location(record.source_location)
    if locked.location != source.location or locked.subdirectory != source.subdirectory:
        return _mismatch(record, f"the locked url '{locked.location}' does not match the "
                                 f"requested url '{source.location}'")
    if source.sha256 and locked.sha256 != source.sha256:
        return _mismatch(record, f"the locked sha256 of url '{source.location}' "
                                 f"({locked.sha256}) does not match the requested sha256 "
                                 f"({source.sha256})")
    return None


def _mismatch(record: CondaSourcePackage, detail: str) -> str:
    return (f"the locked source package '{record.name}' does not match the requested source "
            f"package, {detail}")


def _normal(path: str) -> str:
    return os.path.normpath(path.replace("\\", "/")).rstrip("/") or "."


def nested_sources(record: CondaSourcePackage) -> list[tuple[str, str]]:
    """(name, path relative to the workspace) of the source packages a source package needs
    (`sources:` of pre-v7 locks; paths there are relative to the package)."""
    value = record.fields.get("sources")
    if not isinstance(value, dict):
        return []
    base = record.source_location
    found = []
    for name, spec in value.items():
        if isinstance(spec, dict) and isinstance(spec.get("path"), str):
            found.append((str(name), _normal(os.path.join(base, spec["path"]))))
    return found


def nested_problem(record: CondaSourcePackage, records: dict[str, CondaSourcePackage],
                   binaries: set[str]) -> str | None:
    """The first source package `record` needs that is not locked as it asks."""
    for name, path in nested_sources(record):
        problem = check_nested(name, path, record, records, binaries)
        if problem:
            return problem
    return None


def check_nested(name: str, path: str, parent: CondaSourcePackage,
                 records: dict[str, CondaSourcePackage], binaries: set[str]) -> str | None:
    required_by = f"{parent.name} @ {parent.source_location}"
    record = records.get(name)
    if record is None:
        if name in binaries:
            return f"required source package '{name}' is locked as binary (required by '{required_by}')"
        return f"required source package '{name}' is not locked (required by '{required_by}')"
    if _normal(record.source_location) != path:
        return _mismatch(record, f"the locked path '{_normal(record.source_location)}' does not "
                                 f"match the requested path '{path}'")
    return None


def check_extras(record: CondaSourcePackage, root: Path) -> str | None:
    """The extra groups the package's manifest declares against the locked ones."""
    location = record.source_location
    if location.startswith("git+"):
        return None
    folder = (root / location).resolve()
    manifest = next((folder / name for name in _MANIFESTS if (folder / name).is_file()), None)
    if manifest is None:
        return None
    try:
        package = load_package_manifest(manifest)
    except PyxiError:
        return None
    if package is None:
        return None
    wanted = _declared_extras(package.dependencies)
    locked = _locked_extras(record.fields.get("extra_depends"))
    for group in sorted(set(wanted) | set(locked)):
        added = sorted(set(wanted.get(group, [])) - set(locked.get(group, [])))
        removed = sorted(set(locked.get(group, [])) - set(wanted.get(group, [])))
        if added or removed:
            change = "; ".join(part for part in (
                f"added: {', '.join(added)}" if added else "",
                f"removed: {', '.join(removed)}" if removed else "") if part)
            return (f"the resolved extra group '{group}' of source package '{record.name}' no "
                    f"longer matches what the backend would re-derive from the manifest; {change}")
    return None


def _declared_extras(tables: dict[str, Any]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for table, specs in tables.items():
        if table.startswith("extra-dependencies."):
            groups[table.split(".", 1)[1]] = [
                f"{s.name} {s.spec}".strip() if isinstance(s.spec, str) else s.name for s in specs
                if s.condition is None]
    return groups


def _locked_extras(value: object) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {str(group): [str(spec) for spec in specs] for group, specs in value.items()
            if isinstance(specs, list)}
