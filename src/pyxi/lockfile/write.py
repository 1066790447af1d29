"""Writing the lock model as `pixi.lock` version 7, byte for byte as pixi (rattler) does."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Any

from pyxi.atomic import atomic_write, remove_stale_temporaries
from pyxi.lockfile import emit
from pyxi.lockfile.model import (
    LOCK_VERSION,
    LockedPlatform,
    LockEnvironment,
    LockFile,
    PackageRef,
    selector_refs,
)
from pyxi.lockfile.read_env import OPTION_DEFAULTS
from pyxi.lockfile.repodata import conda_package_from_repodata
from pyxi.lockfile.write_packages import conda_entry, conda_source_entry, pypi_entry
from pyxi.redact import strip_credentials

__all__ = ["conda_package_from_repodata", "dumps_lock", "remove_stale_temporaries", "write_lock"]


def dumps_lock(lock: LockFile) -> str:
    """The v7 text of `lock` (whatever version it was read from)."""
    document = {
        "version": LOCK_VERSION,
        "platforms": [_platform(p) for p in _all_platforms(lock)],
        "environments": {name: _environment(lock.environments[name])
                         for name in sorted(lock.environments)},
        "packages": [_entry(lock, ref) for ref in _used_packages(lock)],
    }
    fast = emit.dump(document, text_of=_credentials_stripped)
    if fast is not None:
        return fast
    from pyxi.lockfile import _yaml

    return _yaml.dump(_without_credentials(document))


def _credentials_stripped(text: str) -> str:
    return strip_credentials(text) if "://" in text else text


def _without_credentials(value: Any) -> Any:
    """Channel, index and package URLs as pixi writes them: no user, password or token."""
    if isinstance(value, str):
        return _credentials_stripped(value)
    if isinstance(value, dict):
        return {key: _without_credentials(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_credentials(item) for item in value]
    return value


def write_lock(path: Path, lock: LockFile) -> bool:
    """Write `lock` to `path` atomically. False (file untouched) when nothing would change.
    Either way `lock.sha256` becomes the hash of its bytes."""
    data = dumps_lock(lock).encode("utf-8")
    lock.sha256 = hashlib.sha256(data).hexdigest()
    with contextlib.suppress(OSError):
        if path.read_bytes() == data:
            return False
    atomic_write(path, data)
    return True


# ------------------------------------------------------------------------------- sections


def _all_platforms(lock: LockFile) -> list[LockedPlatform]:
    """The declared platforms plus a bare one for any platform only an environment names."""
    platforms = {p.name: p for p in lock.platforms}
    for env in lock.environments.values():
        for name in env.packages:
            platforms.setdefault(name, LockedPlatform(name))
    return [platforms[name] for name in sorted(platforms)]


def _platform(platform: LockedPlatform) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": platform.name}
    if platform.subdir and platform.subdir != platform.name:
        entry["subdir"] = platform.subdir
    if platform.virtual_packages:
        entry["virtual-packages"] = list(platform.virtual_packages)
    return entry


def _environment(env: LockEnvironment) -> dict[str, Any]:
    entry: dict[str, Any] = {"channels": [_channel(c.url, c.used_env_vars) for c in env.channels]}
    if env.indexes is not None or env.find_links:
        entry["indexes"] = list(env.indexes or [])
        if env.find_links:
            entry["find-links"] = [dict(item) for item in env.find_links]
    options = {k: env.options[k] for k in OPTION_DEFAULTS
               if env.options.get(k) not in (None, OPTION_DEFAULTS[k])}
    if options:
        entry["options"] = options
    entry["packages"] = {
        platform: [{ref.kind: ref.location} for ref in _sorted_refs(env.packages[platform])]
        for platform in sorted(env.packages)
    }
    return entry


def _channel(url: str, used_env_vars: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"url": url}
    if used_env_vars:
        entry["used_env_vars"] = sorted(set(used_env_vars))
    return entry


def _sorted_refs(refs: list[PackageRef]) -> list[PackageRef]:
    return sorted(set(refs), key=PackageRef.sort_key)


# ------------------------------------------------------------------------------- packages


def _used_packages(lock: LockFile) -> list[PackageRef]:
    """Every package an environment refers to, directly or through a source package's
    build/host packages, in selector order."""
    pending = [ref for env in lock.environments.values()
               for refs in env.packages.values() for ref in refs]
    used: set[PackageRef] = set()
    while pending:
        ref = pending.pop()
        if ref in used:
            continue
        used.add(ref)
        pending.extend(_build_refs(lock, ref))
    return sorted(used, key=PackageRef.sort_key)


def _build_refs(lock: LockFile, ref: PackageRef) -> list[PackageRef]:
    if ref.kind == "conda_source" and ref.location in lock.conda_source_packages:
        return lock.conda_source_packages[ref.location].referenced()
    if ref.kind == "pypi" and ref.location in lock.pypi_packages:
        return selector_refs(lock.pypi_packages[ref.location].extra)
    return []


def _entry(lock: LockFile, ref: PackageRef) -> dict[str, Any]:
    if ref.kind == "conda" and ref.location in lock.conda_packages:
        return conda_entry(lock.conda_packages[ref.location])
    if ref.kind == "pypi" and ref.location in lock.pypi_packages:
        return pypi_entry(lock.pypi_packages[ref.location])
    if ref.kind == "conda_source" and ref.location in lock.conda_source_packages:
        return conda_source_entry(lock.conda_source_packages[ref.location])
    raise ValueError(f"the lock refers to {ref.kind} package {ref.location!r}, "
                     "which is not in its package tables")
