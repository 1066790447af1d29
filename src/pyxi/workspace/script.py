"""What a script's workspace takes from outside its metadata, as pixi does: the default
channels of pixi's config when it names none, the platforms of its lock (else this machine's)
when it names none, and environments in pixi's cache of exec environments
(`cached-envs-v0/NAME-HASH/envs`, HASH the xxh3 of the script's path), never beside it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from pyxi.consts import ENVS_DIR
from pyxi.diagnostics import PyxiError
from pyxi.manifest.model import ChannelRef, Manifest, PlatformSpec

EXEC_ENVS_VARIABLE = "PIXI_CACHE_EXEC_ENVIRONMENTS_DIR"
EXEC_ENVS_DIR = "cached-envs-v0"


def apply_script_defaults(manifest: Manifest) -> None:
    from pyxi.config.load import active

    meta = manifest.workspace
    if "channels" in manifest.implicit:
        meta.channels = [ChannelRef(raw) for raw in active().default_channels]
    if "platforms" in manifest.implicit:
        locked = _locked_platforms(manifest.lock_path)
        if locked:
            meta.platforms = [PlatformSpec(subdir, subdir) for subdir in locked]


def script_envs_dir(script: Path) -> Path:
    return transient_envs_dir(script.stem, str(script).encode())


def transient_envs_dir(name: str, key: bytes) -> Path:
    """`cached-envs-v0/NAME-HASH/envs`, HASH the xxh3 of `key` (a script's path, a URL, …)."""
    import xxhash

    from pyxi.cache import cache_dir

    given = os.environ.get(EXEC_ENVS_VARIABLE)
    base = Path(given) if given else cache_dir() / EXEC_ENVS_DIR
    digest = f"{xxhash.xxh3_64_intdigest(key):016x}"
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()[:100]).strip("-")
    return base / (f"{stem}-{digest}" if stem else digest) / ENVS_DIR


def _locked_platforms(lock: Path) -> list[str]:
    if not lock.is_file():
        return []
    from pyxi.lockfile.read import read_lock

    try:
        return list(dict.fromkeys(platform.conda_subdir for platform in read_lock(lock).platforms))
    except (PyxiError, OSError, ValueError):  # an unreadable lock is reported when it is used, not here
        return []
