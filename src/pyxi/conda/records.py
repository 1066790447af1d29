"""Conversions between pyxi's lock model and rattler's record types."""

from __future__ import annotations

import datetime as dt
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

import rattler

from pyxi.lockfile.model import CondaPackage
from pyxi.lockfile.repodata import conda_package_from_repodata


def to_lock_package(record: rattler.RepoDataRecord) -> CondaPackage:
    package = conda_package_from_repodata(json.loads(record.to_json()))
    if package.location.startswith("file://"):
        # rattler (and so pixi) locks packages of local channels by their path, not a file URL.
        package.location = _file_url_path(package.location)
    return package


def _file_url_path(url: str) -> str:
    """`file:///C:/x%20y` → `C:/x y` (urllib.request.url2pathname would pull in http/ssl)."""
    path = unquote(urlsplit(url).path)
    if len(path) > 2 and path[0] == "/" and path[2] == ":":  # a Windows drive
        path = path[1:]
    return path


def package_url(location: str) -> str:
    """The URL to fetch a locked package from (locations of local packages are paths)."""
    if "://" in location:
        return location
    path = Path(location)
    if not path.is_absolute() or os.path.islink(location):
        return path.resolve().as_uri()
    # The same as resolving the whole path, with the folder resolved once for all its packages.
    return (_resolved_folder(str(path.parent)) / path.name).as_uri()


@lru_cache(maxsize=1024)
def _resolved_folder(folder: str) -> Path:
    return Path(folder).resolve()


def to_repodata_record(package: CondaPackage) -> rattler.RepoDataRecord:
    return rattler.RepoDataRecord(
        to_package_record(package), package.file_name, package_url(package.location),
        package.channel or "",
    )


def to_package_record(package: CondaPackage) -> rattler.PackageRecord:
    record = rattler.PackageRecord(
        package.name,
        package.version,
        rattler.BuildString(package.build),
        package.build_number,
        package.subdir,
        depends=list(package.depends),
        constrains=list(package.constrains),
        sha256=bytes.fromhex(package.sha256) if package.sha256 else None,
        md5=bytes.fromhex(package.md5) if package.md5 else None,
        size=package.size,
        license=package.license,
        license_family=package.license_family,
        python_site_packages_path=package.python_site_packages_path,
    )
    if package.noarch:
        record.noarch = rattler.NoArchType(_noarch_kind(package.noarch))
    if package.track_features:
        record.track_features = list(package.track_features)
    if package.timestamp is not None:
        record.timestamp = dt.datetime.fromtimestamp(package.timestamp / 1000, tz=dt.timezone.utc)
    return record


def _noarch_kind(noarch: str) -> Literal["python", "generic"]:
    if noarch not in ("python", "generic"):  # the lock reader accepts no other value
        raise ValueError(f"unsupported noarch kind {noarch!r}")
    return "python" if noarch == "python" else "generic"
