"""What pyxi has already checked in a package cache, so each extracted package is checked once.

`<cache>/pyxi-verified.json` lists the entries found safe (`integrity.tree_problem`): each one
by its archive hash and by the identity of the entry folder it was checked in (inode and
change time), so a folder that rattler or another tool extracts again, from whatever archive,
is checked again. Losing the file (or a write that lost a race) only costs a check.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from pyxi.atomic import atomic_write

FILE = "pyxi-verified.json"
_VERSION = 1
_KEPT = 20_000  # the most recent keys kept


def entry_key(folder: Path, archive_hash: str) -> str | None:
    """The key of the extracted package `folder` (None when it is not there)."""
    try:
        info = folder.stat()
    except OSError:
        return None
    return f"{archive_hash}:{info.st_ino}:{info.st_ctime_ns}"


class VerifiedStore:
    def __init__(self, cache: Path) -> None:
        self.path = cache / FILE
        self.keys: dict[str, None] = dict.fromkeys(_read(self.path))
        self.added = False

    def __contains__(self, key: str | None) -> bool:
        return key is not None and key in self.keys

    def add(self, key: str | None) -> None:
        if key is not None and key not in self.keys:
            self.keys[key] = None
            self.added = True

    def save(self) -> None:
        if not self.added:
            return
        keys = list(_read(self.path)) + list(self.keys)  # keep what others added meanwhile
        kept = list(dict.fromkeys(keys))[-_KEPT:]
        with contextlib.suppress(OSError):  # a cache we cannot write: checked again next time
            atomic_write(self.path, json.dumps({"version": _VERSION, "entries": kept}).encode(),
                         durable=False)


def _read(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return []
    entries = data.get("entries")
    return [e for e in entries if isinstance(e, str)] if isinstance(entries, list) else []


def archive_hash(sha256: str | None, md5: str | None) -> str | None:
    if sha256:
        return f"sha256-{sha256.lower()}"
    if md5:
        return f"md5-{md5.lower()}"
    return None
