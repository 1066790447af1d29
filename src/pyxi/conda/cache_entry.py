"""Entries of rattler's package cache (`PIXI_CACHE_DIR/pkgs`), read and added the way rattler
does, so that `rattler.install` links what pyxi put there without extracting it again.

An entry is the folder `<stem>` (`name-version-build`) holding the extracted package, next to
`<stem>.lock`: the entry's revision (8 bytes, big-endian) followed by the sha256 of its archive
(32 bytes, when known). rattler reuses an entry whose folder exists unless both it and the
record know a sha256 and they differ; it writes entries while holding an exclusive lock on
`<cache>/.cache.lock`, and so does `add_entry`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

GLOBAL_LOCK = ".cache.lock"
_REVISION_BYTES = 8


def entry_path(cache: Path, stem: str) -> Path:
    return cache / stem


def _metadata_path(cache: Path, stem: str) -> Path:
    return cache / f"{stem}.lock"


def cached_sha256(cache: Path, stem: str) -> tuple[int, bytes | None] | None:
    """(revision, sha256) of the entry, or None when its folder or metadata is missing."""
    try:
        data = _metadata_path(cache, stem).read_bytes()
    except OSError:
        return None
    if not entry_path(cache, stem).is_dir():
        return None
    revision = int.from_bytes(data[:_REVISION_BYTES].ljust(_REVISION_BYTES, b"\0"), "big")
    sha = data[_REVISION_BYTES:_REVISION_BYTES + 32]
    return revision, (sha if len(sha) == 32 else None)


def is_reused(cache: Path, stem: str, sha256: str | None) -> bool:
    """Whether rattler will link this entry as it is (rather than fetch the package again)."""
    found = cached_sha256(cache, stem)
    if found is None:
        return False
    cached = found[1]
    return sha256 is None or cached is None or cached.hex() == sha256.lower()


def add_entry(cache: Path, stem: str, extracted: Path, sha256: bytes | None) -> bool:
    """Move the folder `extracted` (in `cache`) into place as the entry `stem`, replacing an
    older one, and record its archive's sha256 with the next revision. False (`extracted`
    left where it is) when an entry rattler would reuse appeared meanwhile: another process
    put it there and may be linking from it right now."""
    with global_lock(cache):
        found = cached_sha256(cache, stem)
        if found is not None and (found[1] is None or sha256 is None or found[1] == sha256):
            return False
        target = entry_path(cache, stem)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif os.path.lexists(target):
            target.unlink()
        os.rename(extracted, target)
        revision = (found[0] if found else 0) + 1
        _metadata_path(cache, stem).write_bytes(revision.to_bytes(_REVISION_BYTES, "big") + (sha256 or b""))
    return True


@contextlib.contextmanager
def global_lock(cache: Path) -> Iterator[None]:
    """rattler's lock on the whole cache, held exclusively (waits for a running install)."""
    handle = open(cache / GLOBAL_LOCK, "a+b")  # noqa: SIM115 - held for the block
    try:
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock
