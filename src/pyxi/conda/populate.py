"""Every package in the package cache, checked, before `rattler.install` links it.

For each package to link:
- its cache entry is there and was checked before (`verified.py`): nothing to do;
- its entry is there (put there by pixi, say) but unchecked: the extracted folder is checked;
- no usable entry: the archive is extracted (a local channel) or downloaded and extracted (any
  other) by rattler's own extractor into a scratch folder of the cache, which also hashes it;
  the hash must match the lock and the folder must pass the check before it becomes the entry
  (`cache_entry.py`). rattler then finds every package in its cache and only links.

So each archive is read once (by the extraction rattler would have done anyway), and a package
is checked once per cache entry, however many environments link it. All extractions run at once
(up to `concurrency.downloads`) on rattler's threads, from one event loop.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.lockfile.model import CondaPackage

from .cache_entry import add_entry, entry_path, is_reused
from .download import fetch_and_extract
from .integrity import check_hashes, local_archive, package_stem, refusal, tree_problem
from .verified import VerifiedStore, archive_hash, entry_key

if TYPE_CHECKING:
    from rattler.networking import Client

    from pyxi.progress import Transfer


def prepare_cache(packages: Sequence[CondaPackage], cache: Path, transfer: Transfer | None = None) -> None:
    """Put every package, checked, in `cache` (raises `InstallError` on the first refusal, in
    the order of `packages`, once every extraction under way has finished); `transfer` shows
    the downloads."""
    store = VerifiedStore(cache)
    pending: list[tuple[CondaPackage, bool]] = []
    for package in packages:
        reused = is_reused(cache, package_stem(package), package.sha256)
        if not (reused and _key(cache, package) in store):
            pending.append((package, reused))
    if not pending:
        return
    cache.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_scratch(cache)
    try:
        asyncio.run(_prepare_all(pending, cache, store, _Fetch(transfer, pending)))
    finally:
        store.save()


async def _prepare_all(pending: list[tuple[CondaPackage, bool]], cache: Path, store: VerifiedStore,
                       fetch: _Fetch) -> None:
    """Every package at once (rattler extracts on its own threads); the checks and the moves
    into the cache run here, between the extractions."""
    from pyxi.config.load import active

    limit = asyncio.Semaphore(active().concurrent_downloads)

    async def one(package: CondaPackage, reused: bool) -> None:
        if reused:
            _check_tree(package, entry_path(cache, package_stem(package)))
        else:
            async with limit:
                await _extract_entry(package, cache, fetch)
        store.add(_key(cache, package))

    results = await asyncio.gather(*(one(p, reused) for p, reused in pending), return_exceptions=True)
    failure = next((r for r in results if isinstance(r, BaseException)), None)
    if failure is not None:
        raise failure


def _key(cache: Path, package: CondaPackage) -> str | None:
    """The verified-store key of the package's cache entry (None: no hash to key it by)."""
    digest = archive_hash(package.sha256, package.md5)
    return None if digest is None else entry_key(entry_path(cache, package_stem(package)), digest)


class _Fetch:
    """The extractions of one `prepare_cache`: one HTTP client (the configured one when any
    package comes from a URL), each download shown on `transfer`."""

    def __init__(self, transfer: Transfer | None, pending: list[tuple[CondaPackage, bool]]) -> None:
        self.transfer = transfer
        self._client = _client(any(local_archive(p) is None for p, reused in pending if not reused))
        self._tokens = itertools.count()

    async def __call__(self, package: CondaPackage, folder: Path) -> tuple[bytes, bytes]:
        if self.transfer is None or local_archive(package) is not None:
            return await fetch_and_extract(package, folder, self._client)
        token = next(self._tokens)
        self.transfer.download_started(token)
        try:
            return await fetch_and_extract(package, folder, self._client)
        finally:
            self.transfer.download_done(token)


def _client(remote: bool) -> Client:
    """The configured client (auth, mirrors, proxies) for downloads; a plain one for files."""
    if remote:
        from .network import make_client

        return make_client()
    from rattler.networking import Client

    return Client()


_SCRATCH = ".pyxi-"
_scratch_names = itertools.count()
_STOP_WAIT_SECONDS = 3.0  # after Ctrl-C, how long an extraction under way may take to finish
_ABANDONED_SECONDS = 24 * 3600  # a scratch folder this old belongs to an install that died


async def _extract_entry(package: CondaPackage, cache: Path, fetch: _Fetch) -> None:
    """Extract the package into a scratch folder of the cache, check it, move it into place."""
    stem = package_stem(package)
    folder = cache / f"{_SCRATCH}{stem}-{os.getpid()}-{next(_scratch_names)}"
    extraction = asyncio.ensure_future(fetch(package, folder))
    try:
        sha256, md5 = await asyncio.shield(extraction)
        check_hashes(package, sha256, md5)
        _check_tree(package, folder)
        if not add_entry(cache, stem, folder, sha256):  # another process was quicker: check its
            _check_tree(package, entry_path(cache, stem))
    except BaseException:
        if not extraction.done():  # stopped (Ctrl-C): rattler's threads still write into
            await asyncio.wait({extraction}, timeout=_STOP_WAIT_SECONDS)  # `folder`; let them end
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_abandoned_scratch(cache: Path) -> None:
    """Scratch folders left by installs that were killed mid-extraction (a day old: the cache
    may be shared by machines whose processes this one cannot see)."""
    cutoff = time.time() - _ABANDONED_SECONDS
    try:
        with os.scandir(cache) as entries:
            old = [e.path for e in entries if e.name.startswith(_SCRATCH) and e.is_dir(follow_symlinks=False)
                   and e.stat(follow_symlinks=False).st_mtime < cutoff]
    except OSError:
        return
    for path in old:
        shutil.rmtree(path, ignore_errors=True)


def _check_tree(package: CondaPackage, folder: Path) -> None:
    reason = tree_problem(folder)
    if reason:
        raise refusal(package, reason)
