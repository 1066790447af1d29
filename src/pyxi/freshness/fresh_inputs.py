"""Environment-level checks of the solver inputs pixi.lock does not record itself
(pixi's `verify_exclude_newer` and `PypiNoBuildCheck`):

- `exclude-newer`: no locked conda package may be newer than its cutoff (its own, its
  channel's, or the workspace's). PyPI records carry no upload time, so they are not checked
  (as in pixi: `pyxi update` re-resolves them).
- `no-build`: no locked PyPI package it covers may need a build (an sdist, a git checkout, a
  directory that is not editable).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pyxi.lockfile.model import CondaPackage, LockEnvironment, LockFile, PypiPackage
from pyxi.manifest.exclude_newer import format_cutoff
from pyxi.workspace.environment import Environment
from pyxi.workspace.pypi_options import selects

_WHEEL = ".whl"
_SOURCE_ARCHIVES = (".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz", ".tar")


def check_exclude_newer(env: Environment, lock: LockFile, locked_env: LockEnvironment,
                        now: dt.datetime | None = None) -> str | None:
    cutoffs = env.exclude_newer
    if not cutoffs.any_conda:
        return None
    now = now or dt.datetime.now(dt.timezone.utc)
    for refs in locked_env.packages.values():
        for ref in refs:
            package = lock.conda_packages.get(ref.location) if ref.kind == "conda" else None
            if package is None or package.timestamp is None:
                continue
            cutoff = cutoffs.conda_cutoff(package.name, package.channel, now)
            stamp = _moment(package)
            if cutoff is not None and stamp > cutoff:
                return (f"the locked package '{package.name}' has timestamp {format_cutoff(stamp)}, "
                        "which is newer than the environment's exclude-newer cutoff "
                        f"{format_cutoff(cutoff)}")
    return None


def _moment(package: CondaPackage) -> dt.datetime:
    assert package.timestamp is not None
    return dt.datetime.fromtimestamp(package.timestamp / 1000, dt.timezone.utc)


def check_no_build(env: Environment, lock: LockFile, locked_env: LockEnvironment) -> str | None:
    setting = env.pypi_options().no_build
    if not setting:
        return None
    editable = {dep.name.lower().replace("_", "-") for dep in env.pypi_dependencies(None)
                if dep.editable}
    editable |= {dep.name.lower().replace("_", "-") for p in env.platforms
                 for dep in env.pypi_dependencies(p) if dep.editable}
    for refs in locked_env.packages.values():
        for ref in refs:
            package = lock.pypi_packages.get(ref.location) if ref.kind == "pypi" else None
            if package is None or not selects(setting, package.name):
                continue
            if _needs_build(package, package.name in editable, env.root):
                return (f"the lock file contains non-binary package: '{package.name}', but the "
                        "pypi-option `no-build` is set")
    return None


def _needs_build(package: PypiPackage, editable: bool, root: Path) -> bool:
    location = package.location.split("#")[0].split("?")[0]
    if location.startswith("git+"):
        return True
    if "://" in location and not location.startswith("file:"):
        return not location.endswith(_WHEEL)
    if editable:
        return False
    path = Path(location.removeprefix("file://"))
    path = path if path.is_absolute() else root / path
    return path.is_dir() or location.endswith(_SOURCE_ARCHIVES)
