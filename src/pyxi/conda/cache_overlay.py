"""Installing from a package cache that cannot be written (a read-only NFS or squashfs export
of `PIXI_CACHE_DIR` shared by a cluster's nodes).

rattler 0.28 opens each cached package's `NAME.lock` for writing even to read it, so a
read-only cache fails with "failed to acquire global cache lock". pyxi gives rattler a private
writable cache instead, in which every package the shared cache already holds is a symlink to
the shared copy (with a copy of its small `.lock` record): nothing is extracted again, and
rattler links (copies, across file systems) the files from the shared folder.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

from pyxi.cache import is_writable, note_read_only, private_cache_dir, store_copy
from pyxi.lockfile.model import CondaPackage


def usable_package_cache(shared: Path, packages: Sequence[CondaPackage]) -> Path:
    """`shared` when it is writable, else a private folder that reuses its packages."""
    if is_writable(shared):
        return shared
    private = private_cache_dir(shared.parent) / "pkgs"
    private.mkdir(parents=True, exist_ok=True)
    for package in packages:
        stem = f"{package.name}-{package.version}-{package.build}"
        source, record = shared / stem, shared / f"{stem}.lock"
        target = private / stem
        if not source.is_dir() or not record.is_file() or os.path.lexists(target):
            continue
        if not (private / record.name).exists():
            store_copy(record, private / record.name)
        with contextlib.suppress(FileExistsError):  # another process on this node made it
            os.symlink(source, target, target_is_directory=True)
    note_read_only(shared, private)
    return private
