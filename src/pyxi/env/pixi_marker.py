"""pixi's own marker in an installed prefix: `.pixi/envs/NAME/conda-meta/pixi` (JSON).

pixi writes it after every install (`pixi_core/src/environment/mod.rs::EnvironmentFile`) and
reads it in `run`/`shell` to skip revalidation when `environment_lock_file_hash` matches
("QuickValidate"); `pixi install` always revalidates the prefix against the lock.

pyxi reads it to tell that pixi installed a prefix (and for which manifest and environment),
and writes it after its own installs so pixi sees a prefix made by pyxi as a pixi environment of
this workspace. pyxi cannot compute pixi's xxh3 hash, so it writes a hash of its own, prefixed
`pyxi:`: pixi finds it different from its own and revalidates (installs nothing that is already
there) instead of trusting a stale prefix.
"""

from __future__ import annotations

import json
from dataclasses import field
from pathlib import Path
from typing import Any

from pyxi import __version__, consts
from pyxi.atomic import atomic_write
from pyxi.datamodel import model

MARKER = "pixi"
PYXI_HASH_PREFIX = "pyxi:"


@model
class PixiMarker:
    """The `conda-meta/pixi` file pixi writes into an installed environment."""

    manifest_path: str
    environment_name: str
    pixi_version: str
    environment_lock_file_hash: str
    # {"subdir": ..., "virtual_packages": [...]}, absent in markers of older pixi versions.
    resolved_platform: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "manifest_path": self.manifest_path,
            "environment_name": self.environment_name,
            "pixi_version": self.pixi_version,
            "environment_lock_file_hash": self.environment_lock_file_hash,
        }
        if self.resolved_platform is not None:
            data["resolved_platform"] = self.resolved_platform
        return {**data, **self.extra}


def marker_path(prefix: Path) -> Path:
    return prefix / consts.CONDA_META / MARKER


def read_pixi_marker(prefix: Path) -> PixiMarker | None:
    """The marker pixi (or pyxi) left in `prefix`, or None when absent or unreadable."""
    try:
        data = json.loads(marker_path(prefix).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    known = ("manifest_path", "environment_name", "pixi_version", "environment_lock_file_hash")
    if not all(isinstance(data.get(key), str) for key in known):
        return None
    platform = data.get("resolved_platform")
    return PixiMarker(
        data["manifest_path"], data["environment_name"], data["pixi_version"],
        data["environment_lock_file_hash"],
        resolved_platform=platform if isinstance(platform, dict) else None,
        extra={k: v for k, v in data.items() if k not in (*known, "resolved_platform")},
    )


def write_pixi_marker(prefix: Path, manifest_path: Path, environment: str,
                      environment_hash: str) -> None:
    """Write pixi's marker for a prefix pyxi installed (atomically).

    `environment_hash` is pyxi's own (`pyxi.env.stamp.environment_hash`). `resolved_platform`
    is left out (optional for pixi) because its shape is rattler's `PlatformData`."""
    marker = PixiMarker(
        manifest_path=str(manifest_path.resolve()),
        environment_name=environment,
        pixi_version=f"pyxi-{__version__}",
        environment_lock_file_hash=PYXI_HASH_PREFIX + environment_hash,
    )
    path = marker_path(prefix)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(marker.to_json(), indent=2).encode("utf-8"))
