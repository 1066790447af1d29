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
from pyxi.manifest.model import CondaDependency, PypiDependency
from pyxi.workspace.environment import Environment, Workspace


def list_packages(
    workspace: Workspace, env: Environment, lock: LockFile, requested_platform: str | None
) -> list[dict[str, Any]]:
    from pyxi.env.host_platform import select_platform

    platform = select_platform(env, requested_platform, to_run=False)
    explicit_conda = {d.name: requested_text(d) for d in env.conda_dependencies(platform)}
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
    return sorted((_pixi_shape(row) for row in rows), key=lambda row: row["name"])


# pixi's `list --json` keys, in its order; every row has them all (null or [] where a kind of
# package has no such field), `is_editable` only when true.
PIXI_KEYS = ("name", "version", "build", "build_number", "size_bytes", "kind", "source", "license",
             "license_family", "is_explicit", "is_editable", "md5", "sha256", "arch", "platform",
             "subdir", "timestamp", "noarch", "file_name", "url", "index_url", "requested_spec",
             "constrains", "depends", "track_features", "run_exports")
_LISTS = ("constrains", "depends", "track_features")


def _pixi_shape(row: dict[str, Any]) -> dict[str, Any]:
    shaped = {key: row.get(key, [] if key in _LISTS else None) for key in PIXI_KEYS}
    if not shaped["is_editable"]:
        del shaped["is_editable"]
    for key in _LISTS:
        shaped[key] = list(shaped[key] or [])
    shaped.update((key, value) for key, value in row.items() if key not in PIXI_KEYS)
    return shaped


def requested_text(dependency: CondaDependency) -> str:
    """pixi's text of a manifest spec: the version alone (`*`, `3.11.*`), or for a table
    `version=…, build=…, channel=…`."""
    version = dependency.version.strip() or "*"
    if not dependency.build and not dependency.channel:
        return version
    parts = [f"version={version}"] if version != "*" else []
    parts += [f"build={dependency.build}"] if dependency.build else []
    parts += [f"channel={dependency.channel}"] if dependency.channel else []
    return ", ".join(parts)


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
        "arch": _arch(package.subdir),
        "platform": _platform(package.subdir),
        "subdir": package.subdir,
        "timestamp": package.timestamp,
        "noarch": package.noarch,
        "file_name": package.file_name,
        "url": package.location,
        "requested_spec": requested,
        "constrains": package.constrains,
        "depends": package.depends,
        "track_features": package.track_features,
        "run_exports": package.run_exports,
    }


_ARCH = {"64": "x86_64", "32": "x86", "aarch64": "aarch64", "arm64": "arm64",
         "ppc64le": "ppc64le", "ppc64": "ppc64", "s390x": "s390x", "armv6l": "armv6l",
         "armv7l": "armv7l", "riscv64": "riscv64", "wasm32": "wasm32", "z": "z"}


def _arch(subdir: str) -> str | None:
    """The `arch` of a conda record, from its subdir (`linux-64` → `x86_64`), None for noarch."""
    _, _, machine = subdir.partition("-")
    return _ARCH.get(machine) if machine else None


def _platform(subdir: str) -> str | None:
    system, _, machine = subdir.partition("-")
    return system if machine else None


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


# field → (header, JSON key); pixi's `--fields`, and its default selection.
FIELDS: dict[str, tuple[str, str]] = {
    "arch": ("Arch", "arch"), "build": ("Build", "build"),
    "build-number": ("Build#", "build_number"), "constrains": ("Constrains", "constrains"),
    "depends": ("Depends", "depends"), "file-name": ("File Name", "file_name"),
    "is-editable": ("Editable", "is_editable"), "kind": ("Kind", "kind"),
    "license": ("License", "license"), "license-family": ("License Family", "license_family"),
    "md5": ("MD5", "md5"), "name": ("Name", "name"), "noarch": ("Noarch", "noarch"),
    "platform": ("Platform", "platform"), "requested-spec": ("Requested", "requested_spec"),
    "sha256": ("SHA256", "sha256"), "size": ("Size", "size_bytes"),
    "source": ("Source", "source"), "subdir": ("Subdir", "subdir"),
    "timestamp": ("Timestamp", "timestamp"), "track-features": ("Track Features", "track_features"),
    "url": ("URL", "url"), "version": ("Version", "version"),
}
DEFAULT_FIELDS = ("name", "version", "build", "size", "kind", "source")
_RIGHT = ("size", "build-number", "timestamp")
SORT_KEYS = ("size", "name", "kind")


def select_rows(rows: list[dict[str, Any]], pattern: str | None, explicit: bool,
                sort_by: str = "name") -> list[dict[str, Any]]:
    """`pyxi list REGEX -x --sort-by`: names matching the regular expression (anywhere in the
    name, as pixi's), explicit dependencies only, in the chosen order."""
    import re

    if pattern is not None:
        try:
            found = re.compile(pattern)
        except re.error as error:
            from pyxi.diagnostics import PyxiError

            raise PyxiError(f"Invalid regex `{pattern}`: {error}", exit_code=1) from None
        rows = [row for row in rows if found.search(row["name"])]
    if explicit:
        rows = [row for row in rows if row["is_explicit"]]
    keys = {"size": lambda r: r.get("size_bytes") or 0, "kind": lambda r: r["kind"],
            "name": lambda r: r["name"]}
    return sorted(rows, key=keys[sort_by])


def format_packages(rows: list[dict[str, Any]], fields: tuple[str, ...] = DEFAULT_FIELDS) -> str:
    if not rows:
        return "No packages found."
    table = [tuple(FIELDS[f][0] for f in fields)]
    table += [tuple(_cell(field, row) for field in fields) for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(fields))]
    return "\n".join(
        "  ".join(cell.rjust(w) if f in _RIGHT else cell.ljust(w)
                  for cell, w, f in zip(row, widths, fields)).rstrip()
        for row in table
    )


def _cell(field: str, row: dict[str, Any]) -> str:
    from pyxi.output import human_bytes

    value = row.get(FIELDS[field][1])
    if field == "size":
        return human_bytes(value) if isinstance(value, int) else ""
    if field == "source":
        text = _short(value or "")
        return f"{text} (editable)" if row.get("is_editable") else text
    if field == "is-editable":
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _short(source: str) -> str:
    return source.removeprefix("https://conda.anaconda.org/")
