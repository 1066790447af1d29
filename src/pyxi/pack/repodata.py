"""The pack's local channel: one `repodata.json` per subdir, written from lock entries and read
back into them. Every field the lock knows is kept, so `unpack` installs the same records."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pyxi.lockfile.model import CondaPackage
from pyxi.lockfile.repodata import conda_package_from_repodata
from pyxi.pack.layout import CHANNEL_DIR, REPODATA


def record_of(package: CondaPackage) -> dict[str, Any]:
    """The repodata record of a lock entry (rattler's `PackageRecord` JSON shape)."""
    record: dict[str, Any] = {
        "name": package.name,
        "version": package.version,
        "build": package.build,
        "build_number": package.build_number,
        "subdir": package.subdir,
        "depends": list(package.depends),
        "constrains": list(package.constrains),
    }
    optional = {
        "noarch": package.noarch, "sha256": package.sha256, "md5": package.md5,
        "size": package.size, "timestamp": package.timestamp, "license": package.license,
        "license_family": package.license_family, "features": package.features,
        "track_features": " ".join(package.track_features) or None,
        "purls": package.purls, "run_exports": package.run_exports,
        "python_site_packages_path": package.python_site_packages_path,
    }
    record.update({key: value for key, value in optional.items() if value is not None})
    record.update(package.extra)
    return record


def write_channel(root: Path, packages: Iterable[CondaPackage]) -> None:
    """`channel/SUBDIR/repodata.json` for every subdir of `packages` (their files are already
    in place), deterministic: sorted keys, packages sorted by file name."""
    by_subdir: dict[str, dict[str, dict[str, Any]]] = {}
    for package in packages:
        by_subdir.setdefault(package.subdir, {})[package.file_name] = record_of(package)
    for subdir, records in by_subdir.items():
        folder = root / CHANNEL_DIR / subdir
        folder.mkdir(parents=True, exist_ok=True)
        tar_bz2 = {k: v for k, v in records.items() if k.endswith(".tar.bz2")}
        conda = {k: v for k, v in records.items() if k not in tar_bz2}
        document = {"info": {"subdir": subdir}, "packages": tar_bz2, "packages.conda": conda,
                    "removed": [], "repodata_version": 2}
        (folder / REPODATA).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")


def read_channel(root: Path) -> list[CondaPackage]:
    """Lock entries for every package of the pack's channel; `location` is the file's path."""
    packages: list[CondaPackage] = []
    channel = root / CHANNEL_DIR
    for repodata in sorted(channel.glob(f"*/{REPODATA}")):
        document = json.loads(repodata.read_text(encoding="utf-8"))
        records = {**document.get("packages", {}), **document.get("packages.conda", {})}
        for file_name, record in sorted(records.items()):
            path = repodata.parent / file_name
            data = {**record, "fn": file_name, "url": str(path), "channel": channel.as_uri()}
            package = conda_package_from_repodata(data)
            package.location = str(path)
            packages.append(package)
    return packages
