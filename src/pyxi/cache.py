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
