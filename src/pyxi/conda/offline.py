"""`--offline` solves: on this machine's platform only packages that need no download may be
chosen, those of a local (`file://`) channel or already in the package cache with the same
sha256 (rattler's cache index decides), so that an offline solve always installs offline.

Each remote channel is wrapped as a rattler repodata source that drops the other records and
remembers them, so a failed solve can say which packages were ruled out and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import rattler

NOT_LOCAL = "excluded because not available locally"


class LocalOnly:
    """The records of one remote channel that can be installed without a download."""

    def __init__(self, gateway: rattler.Gateway, channel: str, index: Any,
                 excluded: dict[str, set[str]]) -> None:
        self.gateway = gateway
        self.channel = rattler.Channel(channel)
        self.index = index
        self.excluded = excluded

    async def fetch_package_records(self, platform: Any, name: Any) -> list[rattler.RepoDataRecord]:
        plain = str(getattr(name, "normalized", name))  # rattler passes its own name object
        found = await self.gateway.query([self.channel], [platform], [plain], recursive=False)
        kept = []
        for record in (r for records in found for r in records):
            if self.index.contains_record(record):
                kept.append(record)
            else:
                self.excluded.setdefault(record.name.normalized, set()).add(str(record.version))
        return kept

    def package_names(self, platform: Any) -> list[str]:
        return []


async def local_sources(gateway: rattler.Gateway, channels: Sequence[str], cache_dir: Path,
                        excluded: dict[str, set[str]]) -> list[Any]:
    """The channels as the offline solve sees them: local ones as they are, remote ones
    restricted to the package cache."""
    index = await rattler.PackageCache(cache_dir / "pkgs").index()
    return [url if url.startswith("file:") else LocalOnly(gateway, url, index, excluded)
            for url in channels]


def explain_exclusions(text: str, excluded: dict[str, set[str]]) -> list[str]:
    """One line per package version ruled out by offline mode, for the packages the solver's
    report names (all of them when it names none)."""
    named = [name for name in sorted(excluded) if name in text] or sorted(excluded)
    return [f"{name} {version} is {NOT_LOCAL}"
            for name in named for version in sorted(excluded[name])]
