"""One `packages:` entry as rattler writes it in v7: field order and elision rules."""

from __future__ import annotations

from typing import Any

from pyxi.lockfile import derive
from pyxi.lockfile.model import CondaPackage, CondaSourcePackage, PypiPackage

DEFAULT_PYPI_INDEX = "https://pypi.org/simple"
# v7 `CondaPackageDataModel` field order; unmodeled fields (from `extra`) slot in by name.
CONDA_ORDER = (
    "conda", "name", "version", "build", "build_number", "subdir", "noarch", "variants",
    "sha256", "md5", "legacy_bz2_md5", "depends", "constrains", "extra_depends", "channel",
    "features", "flags", "track_features", "file_name", "license", "license_family", "purls",
    "run_exports", "size", "legacy_bz2_size", "timestamp", "python_site_packages_path",
)
_RANK = {name: i for i, name in enumerate(CONDA_ORDER)}
_EMPTY_SKIPPED_EXTRAS = frozenset({"variants", "extra_depends", "flags"})
RUN_EXPORTS_ORDER = ("weak", "strong", "noarch", "weak_constrains", "strong_constrains")


def conda_entry(package: CondaPackage) -> dict[str, Any]:
    """A binary conda package, leaving out what its location implies."""
    fields = {**_conda_identity(package), **_conda_details(package)}
    for name, value in package.extra.items():
        if name not in fields and not (name in _EMPTY_SKIPPED_EXTRAS and not value):
            fields[name] = value
    entry: dict[str, Any] = {"conda": package.location}
    entry.update((name, fields[name]) for name in CONDA_ORDER if name in fields)
    entry.update((name, value) for name, value in fields.items() if name not in _RANK)
    return entry


def _conda_identity(package: CondaPackage) -> dict[str, Any]:
    derived = derive.derive(package.location)
    fields: dict[str, Any] = {}
    if package.name != derived.name:
        fields["name"] = package.name
    if package.version != derived.version:
        fields["version"] = package.version
    if package.build != (derived.build or ""):
        fields["build"] = package.build
    if package.build_number != (derive.build_number_from_build(package.build) or 0):
        fields["build_number"] = package.build_number
    if package.subdir != derived.subdir:
        fields["subdir"] = package.subdir
    implied_noarch = derive.noarch_from(derived.subdir or package.subdir,
                                        derived.build or package.build)
    if package.noarch != implied_noarch:
        fields["noarch"] = package.noarch if package.noarch else False
    if _channel_key(package.channel) != _channel_key(derived.channel):
        fields["channel"] = derive.strip_channel(package.channel) if package.channel else None
    if package.file_name != derived.file_name:
        fields["file_name"] = package.file_name
    return fields


def _channel_key(channel: str | None) -> str | None:
    return derive.strip_channel(channel) if channel else None


def _conda_details(package: CondaPackage) -> dict[str, Any]:
    optional = {
        "sha256": package.sha256, "md5": package.md5,
        "depends": list(package.depends) or None,
        "constrains": list(package.constrains) or None,
        "features": package.features,
        "track_features": list(package.track_features) or None,
        "license": package.license, "license_family": package.license_family,
        "purls": list(package.purls) if package.purls is not None else None,
        "run_exports": run_exports_value(package.run_exports),
        "size": package.size, "timestamp": package.timestamp,
        "python_site_packages_path": package.python_site_packages_path,
    }
    return {name: value for name, value in optional.items() if value is not None}


def run_exports_value(run_exports: dict[str, Any] | None) -> dict[str, Any] | None:
    """Known kinds in rattler's order, empty ones left out; None stays unknown."""
    if run_exports is None:
        return None
    known = {k: list(run_exports[k]) for k in RUN_EXPORTS_ORDER if run_exports.get(k)}
    others = {k: v for k, v in run_exports.items() if k not in RUN_EXPORTS_ORDER}
    return {**known, **others}


def conda_source_entry(package: CondaSourcePackage) -> dict[str, Any]:
    fields = dict(package.fields)
    if isinstance(fields.get("run_exports"), dict):
        fields["run_exports"] = run_exports_value(fields["run_exports"])
    return {"conda_source": package.location, **fields}


def pypi_entry(package: PypiPackage) -> dict[str, Any]:
    """A PyPI distribution or source tree: location, name, version, md5, sha256, index, …"""
    fields: dict[str, Any] = {"pypi": package.location, "name": package.name}
    optional = {
        "version": package.version, "md5": package.md5, "sha256": package.sha256,
        "index": package.index if package.index != DEFAULT_PYPI_INDEX else None,
        "requires_dist": list(package.requires_dist) or None,
        "requires_python": package.requires_python,
    }
    fields.update((name, value) for name, value in optional.items() if value is not None)
    for name, value in package.extra.items():
        fields.setdefault(name, value)
    return fields
