"""Replacing a file so that readers see the old bytes or the new ones, never a mix.

The one writer for every file pyxi replaces whole (pixi.lock, manifests, stamps, caches): a
temporary file with a unique name in the same folder, flushed, renamed over the target. A
failure (or Ctrl-C) at any point leaves the previous file byte-identical and removes the
temporary. `durable` files (the user's: lock, manifest; the install stamp) are also fsynced,
with their folder, before and after the rename.

A target that is a symbolic link is written through: the file it points to is replaced, in its
own folder, and the link stays a link (a `pixi.toml` shared between workspaces stays shared).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes, *, durable: bool = True, mode: int | None = None) -> None:
    """`mode`: the new file's permissions (default: the old file's, else 0o644); a secret's
    file gets 0o600 and is never readable by others, not even for a moment."""
    target = resolve_link(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            if mode is None:
                os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o644)
            else:
                os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        _fsync_dir(target.parent)


def resolve_link(path: Path) -> Path:
    """`path`, or the file its chain of symbolic links ends at (which may not exist yet)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def remove_stale_temporaries(path: Path) -> None:
    """Temporary files a killed writer left next to `path` (call with the workspace lock held,
    when no other writer can be between its write and its rename)."""
    target = resolve_link(path)
    with contextlib.suppress(OSError):
        for leftover in target.parent.glob(f".{target.name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
