"""Whether a manifest path is a PEP 723 script, and where its lock goes: split from
`manifest/script.py` so that every command's manifest path checks stay import-light."""

from __future__ import annotations

from pathlib import Path

from pyxi.consts import LOCK_FILE

SCRIPT_SUFFIXES = (".py", ".pyw")


def is_script(path: Path) -> bool:
    return path.suffix.lower() in SCRIPT_SUFFIXES


def lock_path_beside(manifest: Path) -> Path:
    """`pixi.lock` beside a manifest; `NAME.py.pixi.lock` beside a script."""
    if is_script(manifest):
        return manifest.with_name(manifest.name + "." + LOCK_FILE)
    return manifest.parent / LOCK_FILE
