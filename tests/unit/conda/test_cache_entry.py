"""Adding an extracted package to the shared package cache: an entry another process put there
meanwhile is kept (it may be linking from it), a stale one is replaced."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pyxi.conda.cache_entry import add_entry, cached_sha256, entry_path

STEM = "demo-1.0-0"


def _extracted(cache: Path, name: str, text: str) -> Path:
    folder = cache / name
    (folder / "info").mkdir(parents=True)
    (folder / "info" / "index.json").write_text(text)
    return folder


def test_an_entry_added_meanwhile_with_the_same_hash_is_kept(tmp_path: Path) -> None:
    sha = hashlib.sha256(b"archive").digest()
    assert add_entry(tmp_path, STEM, _extracted(tmp_path, ".first", "first"), sha)
    second = _extracted(tmp_path, ".second", "second")
    assert not add_entry(tmp_path, STEM, second, sha)
    assert (entry_path(tmp_path, STEM) / "info" / "index.json").read_text() == "first"
    assert second.is_dir()  # left for the caller to remove
    assert cached_sha256(tmp_path, STEM) == (1, sha)


def test_an_entry_of_another_archive_is_replaced(tmp_path: Path) -> None:
    old, new = hashlib.sha256(b"old").digest(), hashlib.sha256(b"new").digest()
    add_entry(tmp_path, STEM, _extracted(tmp_path, ".old", "old"), old)
    assert add_entry(tmp_path, STEM, _extracted(tmp_path, ".new", "new"), new)
    assert (entry_path(tmp_path, STEM) / "info" / "index.json").read_text() == "new"
    assert cached_sha256(tmp_path, STEM) == (2, new)
