"""Scratch folders (uv's inputs and outputs) that a killed pyxi cannot leave behind for good.

Each lives under `<cache>/pyxi-scratch/` (beside uv's cache, `<cache>/uv`) and holds an OS lock on its `.owner` file while in
use; the kernel drops that lock when its process dies, even by SIGKILL. Every new scratch
folder first sweeps the folders whose lock is free: what killed processes left. (On Windows,
without that lock, folders older than a day are swept.) A cache that cannot be written falls
back to the system's temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

FOLDER = "pyxi-scratch"
OWNER = ".owner"
_UNOWNED_GRACE_S = 60  # a folder just made, whose owner file is not there yet
_WINDOWS_STALE_S = 24 * 3600


@contextlib.contextmanager
def scratch_dir(prefix: str, uv_cache: Path) -> Iterator[Path]:
    """A new empty folder for this process, removed afterwards (see the module docstring)."""
    root = uv_cache.parent / FOLDER
    try:
        root.mkdir(parents=True, exist_ok=True)
        sweep(root)
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
    except OSError:
        path = Path(tempfile.mkdtemp(prefix=prefix))
    owner = _claim(path)
    try:
        yield path
    finally:
        if owner is not None:
            owner.close()
        shutil.rmtree(path, ignore_errors=True)


def sweep(root: Path) -> None:
    """Remove the scratch folders under `root` that no living process owns."""
    for folder in root.iterdir():
        if folder.is_dir() and _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _claim(path: Path) -> IO[bytes] | None:
    """Lock the owner file, then give it its name: a sweeper never sees it unlocked."""
    draft = path / (OWNER + ".new")
    try:
        handle = open(draft, "wb")  # noqa: SIM115 - held open while the folder is used
    except OSError:
        return None
    if not _try_lock(handle):  # cannot happen for a new file; do not hold a useless handle
        handle.close()
        return None
    with contextlib.suppress(OSError):
        os.replace(draft, path / OWNER)
    return handle


def _abandoned(folder: Path) -> bool:
    try:
        handle = open(folder / OWNER, "rb")  # noqa: SIM115
    except FileNotFoundError:
        return _age(folder) > _UNOWNED_GRACE_S
    except OSError:
        return False
    with handle:
        if os.name == "nt":
            return _age(folder) > _WINDOWS_STALE_S
        return _try_lock(handle)  # free: its owner is gone (closing the handle releases it)


def _age(folder: Path) -> float:
    try:
        return time.time() - folder.stat().st_mtime
    except OSError:
        return 0.0


def _try_lock(handle: IO[bytes]) -> bool:
    if os.name == "nt":  # pragma: no cover - no flock on Windows
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
