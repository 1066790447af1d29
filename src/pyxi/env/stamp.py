"""The stamp pyxi leaves in an installed prefix, and the cheap facts it is compared with.

Nothing here imports rattler, uv or YAML: `run` on an up-to-date workspace decides from these
hashes alone that it can skip locking and installing. The file itself (`conda-meta/pyxi`, JSON)
is read and written by `quickstate.py`, which the import-light paths read it with too.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, field
from pathlib import Path

from pyxi import __version__, quickstate
from pyxi.datamodel import model


@model
class EnvStamp:
    """What an installed environment was installed from (the lock's hash for it, and more)."""

    environment: str
    platform: str
    # Hash of what the lock pins for this environment/platform (see `environment_hash`).
    environment_hash: str
    # Hashes of the manifest and lock bytes when the stamp was written: equal files mean
    # nothing can have changed, so `run` needs no further check.
    manifest_sha256: str = ""
    lock_sha256: str = ""
    # `__cuda >=12`-style requirements the host must meet to run the environment.
    host_requirements: list[str] = field(default_factory=list)
    # Task names of the environment: `run NAME` with one of these needs the manifest.
    task_names: list[str] = field(default_factory=list)
    pyxi_version: str = __version__
    # `__cuda >=12`-style constraints, binding only where the host has that virtual package.
    host_constraints: list[str] = field(default_factory=list)
    # The environment's platforms as `env/platform_select.py` reads them ([name, subdir,
    # [[virtual package, version], …]], manifest order) and the manifest they come from: `run`'s
    # shortcut selects with them and takes the shortcut only when `platform` is the selection.
    platform_candidates: list[list[object]] = field(default_factory=list)
    candidates_manifest_sha256: str = ""
    # Where the prefix was installed (real path; "" in stamps of older pyxi versions). Conda
    # packages write their prefix into files (shebangs, placeholders), so a moved or copied
    # environment is not the one this stamp describes.
    prefix: str = ""


def read_stamp(prefix: Path) -> EnvStamp | None:
    data = quickstate.read_stamp(prefix)
    try:
        return EnvStamp(**data) if data is not None else None
    except TypeError:  # a stamp of another shape (another pyxi version): as if there were none
        return None


def write_stamp(prefix: Path, stamp: EnvStamp) -> None:
    quickstate.write_stamp(prefix, asdict(stamp))


def real_prefix(prefix: Path) -> str:
    """The location a stamp records and compares: symbolic links resolved."""
    return os.path.realpath(prefix)


def environment_hash(entries: list[tuple[str, str]], virtual_packages: list[str]) -> str:
    """A hash over (location, hash) of every locked package plus the declared virtual packages."""
    digest = hashlib.sha256()
    for location, package_hash in sorted(entries):
        digest.update(f"{location}\0{package_hash}\n".encode())
    for vp in sorted(virtual_packages):
        digest.update(f"vp:{vp}\n".encode())
    return digest.hexdigest()
