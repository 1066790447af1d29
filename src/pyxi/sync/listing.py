"""Rows for `pyxi list`: one per locked package, with pixi's JSON keys."""

from __future__ import annotations

from typing import Any

from pyxi.lockfile.model import (
    CondaPackage,
    CondaSourcePackage,
    LockFile,
    PypiPackage,
    source_packages_for,
)
from pyxi.manifest.model import PypiDependency
from pyxi.workspace.environment import Environment, Workspace


def list_packages(
    workspace: Workspace, env: Environment, lock: LockFile, requested_platform: str | None
) -> list[dict[str, Any]]:
    from pyxi.env.host_platform import select_platform

    platform = select_platform(env, requested_platform, to_run=False)
    explicit_conda = {d.name: d.display() for d in env.conda_dependencies(platform)}
    explicit_pypi = {d.name.lower(): d for d in env.pypi_dependencies(platform)}
    rows = []
    from pyxi.freshness.fresh import lock_platform_name

    locked_name = lock_platform_name(env, platform, lock)
    for package in lock.packages_for(env.name, locked_name):
        if isinstance(package, CondaPackage):
            rows.append(_conda_row(package, explicit_conda.get(package.name)))
        else:
            rows.append(_pypi_row(package, explicit_pypi.get(package.name.lower())))
    for source in source_packages_for(lock, env.name, locked_name):
        rows.append(_source_row(source, explicit_conda.get(source.name)))
    return sorted(rows, key=lambda row: row["name"])


def _source_row(package: CondaSourcePackage, requested: str | None) -> dict[str, Any]:
    """A pixi-build source package (pyxi does not build it): what the lock says of it."""
    fields = package.fields
    return {
        "name": package.name,
        "version": _text(fields.get("version")),
        "build": _text(fields.get("build")),
        "build_number": fields.get("build_number"),
        "size_bytes": None,
        "kind": "conda",
        "source": package.source_location,
        "is_explicit": requested is not None,
        "subdir": _text(fields.get("subdir")),
        "url": package.source_location,
        "requested_spec": requested,
        "constrains": list(fields.get("constrains") or []),
        "depends": package.depends,
    }


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _conda_row(package: CondaPackage, requested: str | None) -> dict[str, Any]:
    return {
        "name": package.name,
        "version": package.version,
        "build": package.build,
        "build_number": package.build_number,
        "size_bytes": package.size,
        "kind": "conda",
        "source": (package.channel or "").rstrip("/"),
        "license": package.license,
        "license_family": package.license_family,
        "is_explicit": requested is not None,
        "md5": package.md5,
        "sha256": package.sha256,
        "subdir": package.subdir,
        "timestamp": package.timestamp,
        "noarch": package.noarch,
        "file_name": package.file_name,
        "url": package.location,
        "requested_spec": requested,
        "constrains": package.constrains,
        "depends": package.depends,
        "track_features": package.track_features,
    }


def _pypi_row(package: PypiPackage, requested: PypiDependency | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": package.name,
        "version": package.version,
        "build": None,
        "kind": "pypi",
        "source": package.index or ("https://pypi.org/simple" if package.version else package.location),
        "is_explicit": requested is not None,
        "sha256": package.sha256,
        "url": package.location,
        "index_url": package.index,
        "requested_spec": (requested.version or "*") if requested is not None else None,
        "depends": package.requires_dist,
    }
    if requested is not None and requested.editable:
        row["is_editable"] = True
    return row


def format_packages(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No packages found."
    header = ("Package", "Version", "Build", "Kind", "Source")
    table = [header] + [
        (r["name"], r["version"] or "", r["build"] or "", r["kind"], _short(r["source"] or ""))
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table)


def _short(source: str) -> str:
    return source.removeprefix("https://conda.anaconda.org/")
