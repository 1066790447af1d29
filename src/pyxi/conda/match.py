"""MatchSpec checks against locked packages and declared virtual packages (no solving)."""

from __future__ import annotations

from functools import lru_cache

import rattler

from pyxi.lock.model import CondaPackage
from pyxi.workspace.virtual_packages import VirtualPackage

from .records import to_repodata_record


@lru_cache(maxsize=4096)
def _spec(text: str) -> rattler.MatchSpec:
    return rattler.MatchSpec(text)


def spec_name(text: str) -> str:
    """The package name a dependency string refers to (`channel::name >=1` → `name`)."""
    head = text.strip().split()[0] if text.strip() else ""
    head = head.split("::")[-1]
    for stop in "=<>!~[":
        head = head.split(stop)[0]
    return head.lower()


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
