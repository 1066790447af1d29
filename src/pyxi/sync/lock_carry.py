"""Entries of the old lock carried into the new one, unchanged: the packages of an
(environment, platform) that was not re-solved, every kind included (pixi-build source
packages with the build and host packages they refer to), and whole environments pyxi
cannot solve (`workspace/unsupported.py`), which keep what pixi locked for them."""

from __future__ import annotations

import copy

from pyxi.lockfile.model import LockFile, PackageRef, selector_refs
from pyxi.manifest.unsupported import Stage
from pyxi.workspace.environment import Environment
from pyxi.workspace.unsupported import first_of

UNSOLVABLE: tuple[Stage, ...] = ("build", "unknown", "solve")


def unsolvable(env: Environment) -> bool:
    """Whether pyxi cannot solve `env` (it needs a part pyxi cannot solve with)."""
    return first_of(env.unsupported, UNSOLVABLE) is not None


def carry_refs(new: LockFile, old: LockFile, refs: list[PackageRef]) -> list[PackageRef]:
    """Copy the entries `refs` name (and those their source packages refer to) from `old`
    into `new`; return the refs that were found."""
    found = [ref for ref in refs if _copy(new, old, ref)]
    pending = [inner for ref in found for inner in _referenced(old, ref)]
    seen = set(found)
    while pending:
        ref = pending.pop()
        if ref not in seen:
            seen.add(ref)
            if _copy(new, old, ref):
                pending += _referenced(old, ref)
    return found


def _copy(new: LockFile, old: LockFile, ref: PackageRef) -> bool:
    if ref.kind == "conda" and ref.location in old.conda_packages:
        present = new.conda_packages.setdefault(ref.location, old.conda_packages[ref.location])
        if present.purls is None and old.conda_packages[ref.location].purls is not None:
            new.conda_packages[ref.location] = old.conda_packages[ref.location]
        return True
    if ref.kind == "pypi" and ref.location in old.pypi_packages:
        new.pypi_packages.setdefault(ref.location, old.pypi_packages[ref.location])
        return True
    if ref.kind == "conda_source" and ref.location in old.conda_source_packages:
        new.conda_source_packages.setdefault(ref.location, old.conda_source_packages[ref.location])
        return True
    return False


def _referenced(old: LockFile, ref: PackageRef) -> list[PackageRef]:
    if ref.kind == "conda_source":
        return old.conda_source_packages[ref.location].referenced()
    if ref.kind == "pypi":
        return selector_refs(old.pypi_packages[ref.location].extra)
    return []


def carry_environment(new: LockFile, old: LockFile, name: str) -> None:
    """Keep `old`'s entry of environment `name` as it is (channels, indexes, options, every
    platform's packages)."""
    locked = copy.deepcopy(old.environments[name])
    for platform, refs in locked.packages.items():
        carry_refs(new, old, refs)
        known = old.platform(platform)
        if known is not None and new.platform(platform) is None:
            new.platforms.append(known)
    new.environments[name] = locked
