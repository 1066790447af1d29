"""Locked PyPI wheels as files (for `pyxi pack`), verified against the lock's sha256.

A wheel is copied from a `file://` URL or a workspace path, taken from the archive cache
(`PIXI_CACHE_DIR/pyxi-pack/pypi/FILE`), or downloaded over HTTP(S). uv's own cache holds
unpacked wheels only, so it cannot serve the files themselves.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pyxi.cache import store_copy
from pyxi.diagnostics import InstallError
from pyxi.digest import file_sha256
from pyxi.lockfile.model import PypiPackage

_TIMEOUT = 300
_CHUNK = 1 << 20


def fetch_wheels(
    wheels: Sequence[tuple[PypiPackage, str]], dest: Path, cache: Path | None, root: Path
) -> list[str]:
    """Put each (package, wheel file name) at `dest/NAME`; returns each file's sha256."""
    if wheels:
        dest.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=8) as pool:
        jobs = [pool.submit(_fetch, pkg, dest / name, cache, root) for pkg, name in wheels]
        return [job.result() for job in jobs]


def _fetch(package: PypiPackage, target: Path, cache: Path | None, root: Path) -> str:
    location = package.location.removeprefix("direct+")
    if "://" not in location or location.startswith("file://"):
        path = Path(unquote(urlsplit(location).path)) if "://" in location else Path(location)
        return _copy_verified(package, path if path.is_absolute() else root / path, target)
    cached = cache / target.name if cache else None
    if cached is not None and cached.is_file():
        with contextlib.suppress(InstallError):
            return _copy_verified(package, cached, target)
    digest = _download(package, location, target)
    if cached is not None:
        store_copy(target, cached)
    return digest


def _check(package: PypiPackage, path: Path, where: str) -> str:
    actual = file_sha256(path)
    expected = (package.sha256 or "").lower()
    if expected and actual != expected:
        raise InstallError(
            f"the PyPI package `{package.name}` from {where} does not match the sha256 in the "
            "lock file",
            notes=[f"expected sha256: {expected}", f"actual sha256:   {actual}"],
            help="the file changed after locking; if the new file is trusted, run `pyxi lock` "
            "to record its hash, otherwise find out who replaced it",
        )
    return actual


def _copy_verified(package: PypiPackage, source: Path, target: Path) -> str:
    if not source.is_file():
        raise InstallError(
            f"the PyPI package `{package.name}` is locked at {source}, which does not exist",
            help="build or restore the wheel, or run `pyxi lock` again",
        )
    digest = _check(package, source, str(source))
    shutil.copyfile(source, target)
    return digest


def _download(package: PypiPackage, url: str, target: Path) -> str:
    partial = target.with_name(f".{target.name}.part")
    from .http_auth import authorized_request, open_url

    request = authorized_request(url)
    try:
        with open_url(request, _TIMEOUT) as response, partial.open("wb") as out:
            while chunk := response.read(_CHUNK):
                out.write(chunk)
        digest = _check(package, partial, url)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InstallError(
            f"could not download the PyPI package `{package.name}` from {url}: {error}",
            help="check the network (or pack on a machine that can reach the index)",
        ) from error
    except InstallError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return digest

