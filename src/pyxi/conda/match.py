"""MatchSpec checks against locked packages and declared virtual packages (no solving)."""

from __future__ import annotations

from functools import lru_cache

import rattler

from pyxi.lockfile.model import CondaPackage
from pyxi.workspace.virtual_packages import VirtualPackage

from .names import spec_name
from .records import to_repodata_record

__all__ = ["package_matches", "spec_name", "virtual_matches"]


@lru_cache(maxsize=4096)
def _spec(text: str) -> rattler.MatchSpec:
    return rattler.MatchSpec(text)


def package_matches(spec: str, package: CondaPackage) -> bool:
    return _spec(spec).matches(to_repodata_record(package))


def virtual_matches(spec: str, packages: list[VirtualPackage], subdir: str) -> bool:
    match = _spec(spec)
    name = spec_name(spec)
    for vp in packages:
        if vp.name != name:
            continue
        record = rattler.PackageRecord(vp.name, vp.version, rattler.BuildString(vp.build), 0, subdir)
        if match.matches(record):
            return True
    return False
