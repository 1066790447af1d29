"""The merged configuration: every file's settings, the later (higher priority) file winning
key by key, and the command line's on top. Read through typed properties with pixi's defaults."""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path
from typing import Any

from pyxi.datamodel import model

DEFAULT_CHANNELS = ("conda-forge",)
DEFAULT_DOWNLOADS = 50


def merged(low: dict[str, Any], high: dict[str, Any]) -> dict[str, Any]:
    """`high` over `low`: tables merge key by key, any other value is replaced."""
    result = dict(low)
    for key, value in high.items():
        below = result.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            result[key] = merged(below, value)
        elif key == "default-channels" and not value:
            continue  # an empty list keeps the lower file's channels, as in pixi
        else:
            result[key] = value
    return result


@model(frozen=True)
class Config:
    """`data`: the merged settings (kebab-case keys, as written in the files);
    `loaded_from`: the files read, lowest priority first."""

    data: dict[str, Any] = field(default_factory=dict)
    loaded_from: tuple[Path, ...] = ()

    def over(self, data: dict[str, Any], source: Path | None = None) -> Config:
        """This configuration with `data` on top."""
        found = (*self.loaded_from, source) if source else self.loaded_from
        return Config(merged(self.data, data), found)

    def get(self, dotted: str) -> Any:
        value: Any = self.data
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value

    # --------------------------------------------------------------------- typed settings

    @property
    def default_channels(self) -> list[str]:
        return list(self.get("default-channels") or DEFAULT_CHANNELS)

    @property
    def offline(self) -> bool:
        return bool(self.get("offline"))

    @property
    def tls_no_verify(self) -> bool:
        return bool(self.get("tls-no-verify"))

    @property
    def pinning_strategy(self) -> str | None:
        value = self.get("pinning-strategy")
        return str(value) if value else None

    @property
    def change_ps1(self) -> bool:
        value = self.get("shell.change-ps1")
        return True if value is None else bool(value)

    @property
    def run_post_link_scripts(self) -> bool:
        return self.get("run-post-link-scripts") == "insecure"

    @property
    def concurrent_solves(self) -> int:
        value = self.get("concurrency.solves")
        return int(value) if value else max(1, os.cpu_count() or 1)

    def solve_slots(self, jobs: int) -> int:
        """How many of `jobs` solves run at once: `concurrency.solves` when set, else all.

        pixi's default (the core count) limits only its solver proper; a py-rattler solve also
        loads repodata and a uv resolve mostly waits on indexes, so without a setting every
        solve starts at once (24 conda solves on 2 cores: 160 ms instead of 195 ms)."""
        value = self.get("concurrency.solves")
        return max(1, min(jobs, int(value))) if value else max(1, jobs)

    @property
    def concurrent_downloads(self) -> int:
        value = self.get("concurrency.downloads")
        return int(value) if value else DEFAULT_DOWNLOADS

    @property
    def pypi_index_url(self) -> str | None:
        value = self.get("pypi-config.index-url")
        return str(value) if value else None

    @property
    def pypi_extra_index_urls(self) -> list[str]:
        return list(self.get("pypi-config.extra-index-urls") or [])

    @property
    def pypi_insecure_hosts(self) -> list[str]:
        return list(self.get("pypi-config.allow-insecure-host") or [])

    @property
    def keyring_provider(self) -> str | None:
        value = self.get("pypi-config.keyring-provider")
        return str(value) if value else None

    def detached_environments_dir(self, cache_root: Path) -> Path | None:
        """Where workspace environments live instead of `.pixi/envs` (pixi's
        `detached-environments`): a folder, `true` for the cache's `envs`, else None."""
        value = self.get("detached-environments")
        if isinstance(value, str) and value not in ("", "false"):
            return Path(value).expanduser()
        if value is True:
            override = self.get("cache.detached-environments") or os.environ.get(
                "PIXI_CACHE_DETACHED_ENVIRONMENTS_DIR")
            return Path(override).expanduser() if override else cache_root / "envs"
        return None
