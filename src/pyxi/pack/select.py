"""Which locked packages go into a pack: one environment on one platform, from pixi.lock alone."""

from __future__ import annotations

from dataclasses import field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from pyxi.datamodel import model
from pyxi.diagnostics import LockFileError, PyxiError
from pyxi.lockfile.model import CondaPackage, LockedPlatform, LockFile, PypiPackage


@model
class Selection:
    environment: str
    platform: LockedPlatform
    conda: list[CondaPackage] = field(default_factory=list)
    pypi: list[PypiPackage] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # PyPI packages that are not wheels
    sources: list[str] = field(default_factory=list)  # pixi-build packages: to be injected

    @property
    def subdir(self) -> str:
        return self.platform.conda_subdir


def select(lock: LockFile, environment: str, platform: str, ignore_non_wheel: bool = False) -> Selection:
    """The packages of `environment` for `platform` (a lock platform name or a conda subdir)."""
    locked_env = lock.environments.get(environment)
    if locked_env is None:
        raise LockFileError(
            f"environment `{environment}` is not in pixi.lock",
            help="environments in pixi.lock: " + ", ".join(sorted(lock.environments))
            + " (or run `pyxi lock` to add it)",
        )
    chosen = _platform(lock, environment, list(locked_env.packages), platform)
    selection = Selection(environment, chosen)
    selection.sources = [ref.location.split("[", 1)[0] for ref in locked_env.packages[chosen.name]
                         if ref.kind == "conda_source"]
    for package in lock.packages_for(environment, chosen.name):
        if isinstance(package, CondaPackage):
            selection.conda.append(package)
        elif wheel_name(package) is not None:
            selection.pypi.append(package)
        elif ignore_non_wheel:
            selection.skipped.append(package.name)
        else:
            raise _not_a_wheel(package)
    return selection


def _platform(lock: LockFile, environment: str, names: list[str], wanted: str) -> LockedPlatform:
    platforms = [lock.platform(name) or LockedPlatform(name) for name in names]
    exact = [p for p in platforms if p.name == wanted]
    by_subdir = [p for p in platforms if p.conda_subdir == wanted]
    matches = exact or by_subdir
    if len(matches) == 1:
        return matches[0]
    listing = ", ".join(f"{p.name} ({p.conda_subdir})" if p.name != p.conda_subdir else p.name
                        for p in platforms)
    if not matches:
        raise PyxiError(
            f"environment `{environment}` is not locked for `{wanted}`",
            help=f"pass `-p` with one of its platforms: {listing}",
        )
    raise PyxiError(
        f"environment `{environment}` has several platforms for `{wanted}`: {listing}",
        help="pass `-p` with the platform's name",
    )


def wheel_name(package: PypiPackage) -> str | None:
    """The wheel's file name when the lock entry is a wheel (an index file or a direct URL)."""
    location = package.location.removeprefix("direct+")
    path = unquote(urlsplit(location).path) if "://" in location else location
    name = PurePosixPath(path.replace("\\", "/")).name
    return name if name.endswith(".whl") else None


def _not_a_wheel(package: PypiPackage) -> PyxiError:
    return PyxiError(
        f"the PyPI package `{package.name}` is locked as `{package.location}`, not as a wheel; "
        "a pack can only carry wheels (nothing is built on the target machine)",
        help="build a wheel and add it with `--inject`, then pass `--ignore-pypi-non-wheel`",
    )


def check_sources_injected(selection: Selection, injected: set[str]) -> None:
    """pyxi does not build pixi-build source packages: each must come in with `--inject`."""
    missing = [name for name in selection.sources if name not in injected]
    if missing:
        raise PyxiError(
            f"environment `{selection.environment}` ({selection.platform.name}) has conda source "
            f"packages, which pyxi does not build: {', '.join(missing)}",
            help="build them (`pixi build` or rattler-build) and add the .conda files with `--inject`",
        )
