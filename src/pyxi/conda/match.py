"""MatchSpec checks against locked packages and declared virtual packages (no solving).

A lock check matches thousands of dependency strings against a few hundred packages, the same
pairs again on every platform that shares them: specs are parsed once, a package becomes a
rattler record once, and each (spec, package) answer is kept. A spec that only names, versions
and builds (no `[key=value]`, no channel) is matched against a lean record of those three
fields; any other spec against the package's full record, as before.
"""

from __future__ import annotations

from functools import lru_cache

import rattler

from pyxi.lockfile.model import CondaPackage
from pyxi.workspace.virtual_packages import VirtualPackage

from .names import spec_name
from .records import to_repodata_record

__all__ = ["package_matches", "spec_name", "virtual_matches"]

_Lean = tuple[str, str, str]  # name, version, build
_answers: dict[tuple[str, _Lean], bool] = {}


@lru_cache(maxsize=4096)
def _spec(text: str) -> rattler.MatchSpec:
    return rattler.MatchSpec(text)


@lru_cache(maxsize=8192)
def _lean_spec(text: str) -> bool:
    """Whether `text` can only look at the name, version and build of a record."""
    return "[" not in text and "::" not in text and "/" not in text


@lru_cache(maxsize=16384)
def _lean_record(name: str, version: str, build: str) -> rattler.PackageRecord:
    return rattler.PackageRecord(name, version, rattler.BuildString(build), 0, "noarch")


def package_matches(spec: str, package: CondaPackage) -> bool:
    if not _lean_spec(spec):
        return _spec(spec).matches(to_repodata_record(package))
    key = (spec, (package.name, package.version, package.build))
    answer = _answers.get(key)
    if answer is None:
        answer = _answers[key] = _spec(spec).matches(_lean_record(*key[1]))
    return answer


def virtual_matches(spec: str, packages: list[VirtualPackage], subdir: str) -> bool:
    name = spec_name(spec)
    return any(_virtual_match(spec, vp, subdir) for vp in packages if vp.name == name)


@lru_cache(maxsize=4096)
def _virtual_match(spec: str, vp: VirtualPackage, subdir: str) -> bool:
    record = rattler.PackageRecord(vp.name, vp.version, rattler.BuildString(vp.build), 0, subdir)
    return bool(_spec(spec).matches(record))
