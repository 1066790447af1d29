"""Linking locked conda packages into a prefix through `rattler.install`."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import rattler

from pyxi.diagnostics import InstallError
from pyxi.lock.model import CondaPackage

from .records import to_repodata_record


def install_conda(
    prefix: Path,
    packages: Sequence[CondaPackage],
    *,
    subdir: str,
    cache_dir: Path,
    show_progress: bool,
) -> None:
    """Make `prefix` hold exactly `packages`: rattler computes the transaction against what is
    already linked there, so an existing environment only gets the difference."""
    records = [to_repodata_record(p) for p in packages]
    prefix.mkdir(parents=True, exist_ok=True)
    try:
        asyncio.run(
            rattler.install(
                records,
                target_prefix=prefix,
                cache_dir=cache_dir / "pkgs",
                platform=rattler.Platform(subdir) if hasattr(rattler, "Platform") else None,
                execute_link_scripts=False,
                show_progress=show_progress,
            )
        )
    except Exception as exc:
        raise InstallError(
            f"could not install the conda packages into {prefix}:\n{exc}",
            help="run again; if it keeps failing, `pyxi clean` the environment first",
        ) from exc
