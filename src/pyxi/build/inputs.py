"""The input hash of a build: the recipe, the variant (platform) and every source file, so a
build is reused until one of them changes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

# Never part of a package's sources: tool state, build output, caches.
_SKIPPED_DIRS = frozenset({".pixi", ".git", "__pycache__", "output", "build", ".venv",
                           ".mypy_cache", ".pytest_cache", ".ruff_cache"})


def source_files(root: Path) -> list[Path]:
    """The files under `root` a build reads, sorted."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.endswith(".egg-info"))
        found += [Path(folder) / name for name in files if name != "pixi.lock"]
    return sorted(found)


def input_hash(root: Path, recipe_text: str, variant: str, extra: str = "") -> str:
    digest = hashlib.sha256()
    for part in (recipe_text, variant, extra):
        digest.update(part.encode() + b"\0")
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()
