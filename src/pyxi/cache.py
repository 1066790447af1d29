"""Where pyxi keeps downloaded repodata, packages and uv's cache (shared by all workspaces)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pyxi import consts

logger = logging.getLogger("pyxi.cache")


def cache_dir() -> Path:
    """`PIXI_CACHE_DIR`, then `RATTLER_CACHE_DIR`, then the platform cache folder — the same
    place pixi uses, so the two tools share one package cache."""
    for variable in (consts.ENV_CACHE_DIR, consts.ENV_RATTLER_CACHE_DIR):
        value = os.environ.get(variable)
        if value:
            return Path(value).expanduser()
    return _platform_cache_dir()


def _platform_cache_dir() -> Path:
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "rattler" / "cache"


def store_copy(source: Path, cached: Path) -> None:
    """Copy a file into a shared cache so that readers on other nodes see all of it or nothing
    (a temporary name, then a rename). A read-only or full cache only means no reuse later."""
    import contextlib
    import shutil
    import tempfile

    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(prefix=f".{cached.name}.", dir=cached.parent)
        os.close(fd)
        try:
            shutil.copyfile(source, scratch)
            os.replace(scratch, cached)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(scratch)


def pack_cache_dir() -> Path:
    """Where `pyxi pack` keeps the package archives and wheels it downloaded (pixi-pack's
    `--use-cache` layout: `SUBDIR/FILE` and `pypi/FILE`)."""
    return cache_dir() / "pyxi-pack"


def is_writable(folder: Path) -> bool:
    """Can this process create files in `folder` (made if missing)? Tried, not guessed from
    permission bits: a read-only mount or an NFS export can refuse what the bits allow."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".pyxi-write-test-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def private_cache_dir(shared: Path) -> Path:
    """Where to write when the shared cache (`PIXI_CACHE_DIR` on a read-only mount, say)
    cannot be written: this user's platform cache folder, else a folder in the temp dir."""
    import tempfile

    user = os.getuid() if hasattr(os, "getuid") else os.getpid()
    for candidate in (_platform_cache_dir(), Path(tempfile.gettempdir()) / f"pyxi-cache-{user}"):
        if candidate.resolve() != shared.resolve() and is_writable(candidate):
            return candidate
    from pyxi.diagnostics import PyxiError

    raise PyxiError(
        f"the package cache {shared} is read-only and no writable cache folder was found",
        help="set PIXI_CACHE_DIR to a writable folder (a node-local disk is best), or make "
        "$XDG_CACHE_HOME or the temp folder writable",
    )


_NOTED: set[Path] = set()


def note_read_only(shared: Path, private: Path, reads_shared: bool = True) -> None:
    if shared in _NOTED:
        return
    _NOTED.add(shared)
    if reads_shared:
        logger.info(f"note: the cache {shared} is read-only: reading from it, writing to {private}")
    else:
        logger.info(f"note: uv cannot use the read-only cache {shared}: it caches in {private}")


def uv_cache_dir() -> Path:
    """uv's cache: `CACHE/uv`, or a private one when that is read-only (uv cannot read from a
    read-only cache at all, astral-sh/uv#15934; wheels then come from their index again)."""
    shared = cache_dir() / "uv"
    if is_writable(shared):
        return shared
    private = private_cache_dir(cache_dir()) / "uv"
    note_read_only(shared, private, reads_shared=False)
    return private


def folder_size(path: Path) -> int:
    """Bytes in the files under `path` (links not followed, unreadable entries skipped)."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                continue
    return total
