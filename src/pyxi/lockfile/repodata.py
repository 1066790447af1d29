"""Conda lock entries from rattler's repodata records (`RepoDataRecord.to_json()`)."""

from __future__ import annotations

import json
from typing import Any

from pyxi.lockfile import derive
from pyxi.lockfile.model import CondaPackage

# Keys of the record JSON that the lock has no use for (rattler drops them too).
_IGNORED = frozenset({"arch", "platform", "fn", "url", "channel", "indexed_timestamp",
                      "attestations_sha256"})
_CARRIED = ("legacy_bz2_md5", "legacy_bz2_size", "extra_depends", "flags")


def conda_package_from_repodata(record: dict[str, Any] | str) -> CondaPackage:
    """The lock entry for one solved record; `location` is the record's URL."""
    data: dict[str, Any] = json.loads(record) if isinstance(record, str) else record
    url = str(data["url"])
    package = CondaPackage(
        location=url,
        name=str(data["name"]),
        version=str(data["version"]),
        build=str(data.get("build", "")),
        build_number=int(data.get("build_number") or 0),
        subdir=str(data.get("subdir") or derive.derive(url).subdir or ""),
        noarch=_noarch(data.get("noarch")),
        sha256=_lower(data.get("sha256")),
        md5=_lower(data.get("md5")),
        depends=list(data.get("depends") or []),
        constrains=list(data.get("constrains") or []),
        channel=_channel(data.get("channel"), url),
        features=data.get("features") or None,
        track_features=_track_features(data.get("track_features")),
        file_name=str(data.get("fn") or url.rsplit("/", 1)[-1]),
        license=data.get("license"),
        license_family=data.get("license_family"),
        purls=list(data["purls"]) if data.get("purls") is not None else None,
        run_exports=dict(data["run_exports"]) if data.get("run_exports") is not None else None,
        size=data.get("size"),
        timestamp=_timestamp(data.get("timestamp")),
        python_site_packages_path=data.get("python_site_packages_path"),
    )
    package.extra = {k: data[k] for k in _CARRIED if data.get(k)}
    return package


def _noarch(value: Any) -> str | None:
    if value in (None, False, ""):
        return None
    return "generic" if value is True else str(value)


def _lower(value: Any) -> str | None:
    return str(value).lower() if value else None


def _channel(value: Any, url: str) -> str | None:
    text = str(value or "")
    if not derive.is_url(text):  # a bare channel name: the URL says where it came from
        return derive.derive_channel(url)
    return derive.normalize_channel(text)


def _track_features(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [part for part in value.replace(",", " ").split() if part]
    return [str(part) for part in value]


def _timestamp(value: Any) -> int | None:
    """Milliseconds since the epoch (repodata sometimes carries seconds)."""
    if value is None:
        return None
    stamp = int(value)
    return stamp * 1000 if stamp <= 253_402_300_799 else stamp
