"""An environment's `exclude-newer` cutoffs (pixi's `exclude_newer_config_resolved`): the
workspace cutoff, overridden per channel by the cutoffs of the channels the environment uses,
overridden per package by the root `[exclude-newer]` table; PyPI has the workspace cutoff and
`[pypi-exclude-newer]`."""

from __future__ import annotations

import datetime as dt

from pyxi.datamodel import model
from pyxi.manifest.exclude_newer import ExcludeNewer
from pyxi.manifest.model import ChannelRef, WorkspaceMeta
from pyxi.names import normalize_pypi_name


@model(frozen=True)
class Cutoffs:
    """An environment's `exclude-newer` cutoffs: default, per channel, per package."""

    default: ExcludeNewer | None = None
    channels: tuple[tuple[str, ExcludeNewer], ...] = ()  # channel base URL (no trailing /)
    conda_packages: tuple[tuple[str, ExcludeNewer], ...] = ()
    pypi_packages: tuple[tuple[str, ExcludeNewer], ...] = ()

    @property
    def any_conda(self) -> bool:
        return bool(self.default or self.channels or self.conda_packages)

    @property
    def any_pypi(self) -> bool:
        return bool(self.default or self.pypi_packages)

    def conda_cutoff(self, name: str, channel: str | None,
                     now: dt.datetime | None = None) -> dt.datetime | None:
        """The cutoff for one conda package: its own, else its channel's, else the default."""
        own = next((c for n, c in self.conda_packages if n == name), None)
        key = (channel or "").rstrip("/")
        by_channel = next((c for url, c in self.channels if url == key), None)
        chosen = own or by_channel or self.default
        return chosen.cutoff(now) if chosen else None


def environment_cutoffs(meta: WorkspaceMeta, channels: list[tuple[ChannelRef, str]]) -> Cutoffs:
    """`channels`: the environment's channels in priority order, each with its base URL."""
    packages = meta.exclude_newer_packages
    return Cutoffs(
        default=meta.exclude_newer,
        channels=tuple((url.rstrip("/"), ref.exclude_newer) for ref, url in channels
                       if ref.exclude_newer is not None),
        conda_packages=packages.conda,
        pypi_packages=tuple((normalize_pypi_name(n), c) for n, c in packages.pypi),
    )
