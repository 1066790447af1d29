"""Locked conda archives as files (for `pyxi pack`), whatever the host's platform.

Nothing is installed: each archive is copied from its local channel, taken from the archive
cache, or downloaded through rattler, and its sha256 (else md5) must match the lock before it
is used. Downloads land in the archive cache (`PIXI_CACHE_DIR/pyxi-pack/SUBDIR/FILE`, the
layout of pixi-pack's `--use-cache`), written atomically so concurrent packs can share it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pyxi.cache import store_copy
from pyxi.diagnostics import InstallError
from pyxi.digest import file_digests
from pyxi.lockfile.model import CondaPackage

from .install import hash_mismatch
from .records import package_url

_WORKERS = 8


def fetch_archives(packages: Sequence[CondaPackage], dest: Path, cache: Path | None) -> None:
    """Put every package's archive at `dest/SUBDIR/FILE_NAME`, verified against the lock."""
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        for future in [pool.submit(_fetch, p, dest, cache) for p in packages]:
            future.result()


def verify_archive(package: CondaPackage, path: Path, where: str | None = None) -> None:
    """Raise when the file at `path` does not have the package's locked hash."""
    kind, expected = _expected(package)
    if kind is None or expected is None:
        return
    actual = file_digests(path, (kind,))[kind]
    if actual != expected:
        raise hash_mismatch(package.name, where or package.location, kind, expected, actual)


def _expected(package: CondaPackage) -> tuple[str | None, str | None]:
    if package.sha256:
        return "sha256", package.sha256.lower()
    if package.md5:
        return "md5", package.md5.lower()
    return None, None


def _fetch(package: CondaPackage, dest: Path, cache: Path | None) -> None:
    target = dest / package.subdir / package.file_name
    target.parent.mkdir(parents=True, exist_ok=True)
    url = package_url(package.location)
    if url.startswith("file://"):
        _copy_verified(package, Path(unquote(urlsplit(url).path)), target)
        return
    cached = cache / package.subdir / package.file_name if cache else None
    if cached is not None and cached.is_file():
        with contextlib.suppress(InstallError):  # a stale or damaged copy is downloaded again
            _copy_verified(package, cached, target)
            return
    _download(package, url, target)
    if cached is not None:
        store_copy(target, cached)


def _copy_verified(package: CondaPackage, source: Path, target: Path) -> None:
    if not source.is_file():
        raise InstallError(
            f"the conda package `{package.name}` is locked at {source}, which does not exist",
            help="the local channel changed since the lock was written: run `pyxi lock`",
        )
    verify_archive(package, source, str(source))
    shutil.copyfile(source, target)


def _download(package: CondaPackage, url: str, target: Path) -> None:
    from rattler.package_streaming import download_to_path

    from .network import make_client

    partial = target.with_name(f".{target.name}.part")
    try:
        asyncio.run(download_to_path(make_client(), url, partial))
    except Exception as error:
        partial.unlink(missing_ok=True)
        raise InstallError(
            f"could not download the conda package `{package.name}` from {url}",
            notes=[str(error)],
            help="check the network (or pack on a machine that can reach the channel)",
        ) from error
    try:
        verify_archive(package, partial, url)
    except InstallError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)

