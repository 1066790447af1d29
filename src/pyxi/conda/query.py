"""Which builds of a package a channel offers (no solve), through the shared repodata cache."""

from __future__ import annotations

import asyncio
from pathlib import Path

import rattler

from .solve import make_gateway


def channel_builds(channel_url: str, subdir: str, name: str, cache_dir: Path) -> list[tuple[str, str]] | None:
    """(version, build) of every record named `name` in the channel's `subdir` and `noarch`;
    None when the channel cannot be read (unreachable, no such subdir)."""
    gateway = make_gateway(cache_dir)
    try:
        groups = asyncio.run(
            gateway.query([rattler.Channel(channel_url)], [rattler.Subdir(subdir), rattler.Subdir("noarch")],
                          [name], recursive=False)
        )
    except Exception:  # noqa: BLE001 - unreachable or malformed channel: no evidence either way
        return None
    return [(str(record.version), str(record.build)) for group in groups for record in group]
