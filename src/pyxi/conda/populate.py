"""Every package in the package cache, checked, before `rattler.install` links it.

For each package to link:
- its cache entry is there and was checked before (`verified.py`): nothing to do;
- its entry is there (put there by pixi, say) but unchecked: the extracted folder is checked;
- no usable entry: the archive is extracted (a local channel) or downloaded and extracted (any
  other) by rattler's own extractor into a scratch folder of the cache, which also hashes it;
  the hash must match the lock and the folder must pass the check before it becomes the entry
  (`cache_entry.py`). rattler then finds every package in its cache and only links.

So each archive is read once (by the extraction rattler would have done anyway), and a package
is checked once per cache entry, however many environments link it.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.diagnostics import InstallError
from pyxi.lockfile.model import CondaPackage

from .cache_entry import add_entry, entry_path, is_reused
from .download import download_and_extract
from .integrity import check_hashes, local_archive, package_stem, refusal, tree_problem
from .verified import VerifiedStore, archive_hash, entry_key

if TYPE_CHECKING:
    from rattler.networking import Client

    from pyxi.progress import Transfer

_WORKERS = 8


def prepare_cache(packages: Sequence[CondaPackage], cache: Path, transfer: Transfer | None = None) -> None:
    """Put every package, checked, in `cache` (raises `InstallError` on the first refusal);
    `transfer` shows the downloads."""
    store = VerifiedStore(cache)
    pending = [p for p in packages if _key(cache, p) not in store]
    if not pending:
        return
    cache.mkdir(parents=True, exist_ok=True)
    fetch = _Fetch(transfer)
    try:
        with ThreadPoolExecutor(max_workers=min(_WORKERS, len(pending))) as pool:
            for package, future in [(p, pool.submit(_prepare, p, cache, fetch)) for p in pending]:
                future.result()
                store.add(_key(cache, package))
    finally:
        store.save()


def _key(cache: Path, package: CondaPackage) -> str | None:
    digest = archive_hash(package.sha256, package.md5)
    if digest is None or not is_reused(cache, package_stem(package), package.sha256):
        return None
    return entry_key(entry_path(cache, package_stem(package)), digest)


class _Fetch:
    """The downloads of one `prepare_cache`: one HTTP client (the configured one, made on the
    first download), each download shown on `transfer`."""

    def __init__(self, transfer: Transfer | None) -> None:
        self.transfer = transfer
        self._client: Client | None = None
        self._lock = threading.Lock()
        self._tokens = itertools.count()

    def client(self) -> Client:
        with self._lock:
            if self._client is None:
                from .network import make_client

                self._client = make_client()
            return self._client

    def __call__(self, package: CondaPackage, folder: Path) -> tuple[bytes, bytes]:
        token = next(self._tokens)
        if self.transfer:
            self.transfer.download_started(token)
        result = download_and_extract(package, folder, self.client())
        if self.transfer:
            self.transfer.download_done(token)
        return result


def _prepare(package: CondaPackage, cache: Path, fetch: _Fetch) -> None:
    stem = package_stem(package)
    if is_reused(cache, stem, package.sha256):
        _check_tree(package, entry_path(cache, stem))
        return
    scratch = Path(tempfile.mkdtemp(prefix=f".pyxi-{stem}-", dir=cache))
    try:
        folder = scratch / "pkg"
        sha256, md5 = _extract(package, folder, fetch)
        check_hashes(package, sha256, md5)
        _check_tree(package, folder)
        add_entry(cache, stem, folder, sha256)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _check_tree(package: CondaPackage, folder: Path) -> None:
    reason = tree_problem(folder)
    if reason:
        raise refusal(package, reason)


def _extract(package: CondaPackage, folder: Path, fetch: _Fetch) -> tuple[bytes, bytes]:
    """Extract the package's archive into `folder`: (sha256, md5) of the archive read."""
    archive = local_archive(package)
    if archive is not None:
        return _extract_local(package, archive, folder)
    return fetch(package, folder)


def _extract_local(package: CondaPackage, archive: Path, folder: Path) -> tuple[bytes, bytes]:
    from rattler.package_streaming import extract

    if not archive.is_file():
        raise InstallError(
            f"the conda package `{package.name}` is locked at {archive}, which does not exist",
            help="the local channel changed since the lock was written: run `pyxi lock`",
        )
    try:
        return extract(archive, folder)
    except Exception as error:  # rattler refuses members that would leave the folder
        raise refusal(package, f"its archive cannot be extracted safely ({error})") from error
