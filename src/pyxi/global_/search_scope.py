"""Where `pyxi search` looks: `--channel`, else the workspace's channels, else conda-forge;
`--platform` (and noarch), else the workspace's platforms (and noarch), else every platform.
A manifest that cannot be read is ignored (as pixi does), an explicit `--manifest-path` not."""

from __future__ import annotations

from pathlib import Path

from pyxi.config.load import active
from pyxi.consts import KNOWN_SUBDIRS
from pyxi.diagnostics import PyxiError
from pyxi.manifest.model import Manifest
from pyxi.workspace.channels import channel_url


def _workspace_manifest(manifest_path: str | None) -> Manifest | None:
    from pyxi.manifest.discover import find_manifest
    from pyxi.manifest.parse import load_manifest

    try:
        return load_manifest(find_manifest(Path.cwd(), manifest_path))
    except PyxiError:
        if manifest_path is not None:
            raise
        return None


def search_scope(
    channels: list[str], platform: str | None, manifest_path: str | None
) -> tuple[list[str], list[str]]:
    """(channel URLs, subdirs) to search."""
    if platform is not None and platform not in KNOWN_SUBDIRS:
        raise PyxiError(f"unknown platform `{platform}`", help="known: " + ", ".join(KNOWN_SUBDIRS))
    manifest = None if channels and platform else _workspace_manifest(manifest_path)
    root = manifest.path.parent if manifest else Path.cwd()
    if not channels:
        refs = [c.raw for c in manifest.workspace.channels] if manifest else []
        channels = refs or active().default_channels
    urls = [channel_url(c, root) for c in channels]
    if platform is not None:
        subdirs = [platform]
    elif manifest is not None and manifest.workspace.platforms:
        subdirs = [p.subdir for p in manifest.workspace.platforms]
    else:
        subdirs = list(KNOWN_SUBDIRS)
    return urls, list(dict.fromkeys([*subdirs, "noarch"]))
