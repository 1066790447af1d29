"""Records of conda archives that are not in a channel (`pack --inject`), and checks on a set
of records (every dependency satisfied; dependency order for explicit specs)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import rattler

from pyxi.diagnostics import PyxiError
from pyxi.digest import file_digests
from pyxi.lockfile.model import CondaPackage

from .records import to_package_record


def archive_record(path: Path) -> CondaPackage:
    """The lock entry for a `.conda`/`.tar.bz2` file, from its `info/index.json`."""
    try:
        index = rattler.IndexJson.from_package_archive(path)
    except Exception as error:  # rattler: not an archive, or no index.json inside
        raise PyxiError(
            f"{path} is not a conda package: {error}",
            help="pass a `.conda` or `.tar.bz2` file made by rattler-build or conda-build",
        ) from error
    digests = file_digests(path, ("sha256", "md5"))
    noarch = index.noarch
    stamp = index.timestamp
    return CondaPackage(
        location=str(path),
        name=index.name.normalized,
        version=str(index.version),
        build=str(index.build),
        build_number=int(index.build_number),
        subdir=str(index.subdir or "noarch"),
        noarch="python" if noarch.python else "generic" if noarch.generic else None,
        sha256=digests["sha256"],
        md5=digests["md5"],
        depends=list(index.depends),
        constrains=list(index.constrains),
        track_features=list(index.track_features or []),
        file_name=path.name,
        license=index.license,
        license_family=index.license_family,
        size=path.stat().st_size,
        timestamp=int(stamp.timestamp() * 1000) if stamp is not None else None,
        python_site_packages_path=index.python_site_packages_path,
    )


def check_consistent(packages: Sequence[CondaPackage]) -> None:
    """Raise when a package's dependency or constraint is not met by the others (virtual
    packages aside: the machine that installs them provides those)."""
    try:
        rattler.PackageRecord.validate([to_package_record(p) for p in packages])
    except Exception as error:  # rattler's ValidatePackageRecordsError
        raise PyxiError(
            f"the injected packages do not fit the environment: {error}",
            help="inject a build whose dependencies match the locked versions, or add it to "
            "the manifest and run `pyxi lock`",
        ) from error


def dependency_order(packages: Sequence[CondaPackage]) -> list[CondaPackage]:
    """Dependencies before their dependents (rattler's deterministic topological sort)."""
    by_key = {(p.name, p.version, p.build): p for p in packages}
    ordered = rattler.PackageRecord.sort_topologically([to_package_record(p) for p in packages])
    return [by_key[(r.name.normalized, str(r.version), str(r.build))] for r in ordered]
