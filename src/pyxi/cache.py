"""Where pyxi keeps downloaded repodata, packages and uv's cache (shared by all workspaces)."""

from __future__ import annotations

import os
from pathlib import Path

from pyxi import consts


def cache_dir() -> Path:
    """`PIXI_CACHE_DIR`, then `RATTLER_CACHE_DIR`, then the platform cache folder — the same
    place pixi uses, so the two tools share one package cache."""
    for variable in (consts.ENV_CACHE_DIR, consts.ENV_RATTLER_CACHE_DIR):
        value = os.environ.get(variable)
        if value:
            return Path(value).expanduser()
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
