"""What pyxi checks of conda packages before `rattler.install` links them (see `install.py` for
what rattler checks itself):

- packages read from a local channel (a path or `file://` URL) are not hashed by rattler:
  pyxi compares their sha256 (or md5) with the lock;
- a path in `info/paths.json` that is absolute or climbs out with `..` makes rattler's linker
  panic and abort the process; a symlink whose target is absolute or leaves the prefix is
  linked as it is. pyxi reads the archive (local packages), the extracted copy in the package
  cache, or the `paths.json` of a remote `.conda` (a range request) and refuses such a package.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pyxi.diagnostics import InstallError
from pyxi.lockfile.model import CondaPackage

from .records import package_url


def package_stem(package: CondaPackage) -> str:
    """`name-version-build`: the package's folder in the cache, its record in `conda-meta`."""
    return f"{package.name}-{package.version}-{package.build}"


def local_archive(package: CondaPackage) -> Path | None:
    url = package_url(package.location)
    return Path(unquote(urlsplit(url).path)) if url.startswith("file://") else None


async def verify_all(packages: Sequence[CondaPackage], cache: Path) -> None:
    limit = asyncio.Semaphore(16)

    async def verify(package: CondaPackage) -> None:
        async with limit:
            await _verify(package, cache)

    await asyncio.gather(*(verify(p) for p in packages))


async def _verify(package: CondaPackage, cache: Path) -> None:
    archive = local_archive(package)
    if archive is not None:
        _check_hash(package, archive)
        try:
            entries = await _archive_entries(archive, cache)
        except Exception as error:  # rattler refuses to read a member it considers unsafe
            raise _refusal(package, f"its archive cannot be read safely ({error})") from error
        _check_entries(package, entries)
        return
    extracted = cache / package_stem(package)
    found = _directory_entries(extracted)
    _check_entries(package, found if found is not None else await _remote_entries(package))


def _check_hash(package: CondaPackage, archive: Path) -> None:
    expected = {k: v.lower() for k, v in (("sha256", package.sha256), ("md5", package.md5)) if v}
    digests = {kind: hashlib.new(kind) for kind in expected}
    try:
        with archive.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                for digest in digests.values():
                    digest.update(chunk)
    except OSError as error:
        raise InstallError(
            f"cannot read the conda package `{package.name}` at {archive}: {error.strerror}",
            help="the local channel changed since the lock was written: run `pyxi lock`",
        ) from error
    for kind, digest in digests.items():
        if digest.hexdigest() != expected[kind]:
            raise hash_mismatch(package.name, package.location, kind, expected[kind], digest.hexdigest())


def hash_mismatch(name: str, url: str, kind: str, expected: str, actual: str) -> InstallError:
    return InstallError(
        f"the conda package `{name}` does not match the hash in the lock file; nothing was linked",
        notes=[f"url: {url}", f"expected {kind}: {expected}", f"actual {kind}:   {actual}"],
        help="the file changed after locking; if the new file is trusted, run `pyxi lock` to "
        "record its hash, otherwise find out who replaced it",
    )


_SPOOL_LIMIT = 16 << 20  # a remote archive without range requests is read whole up to this size
# An entry: (path inside the package, symlink target or None)
Entry = tuple[str, "str | None"]


async def _archive_entries(archive: Path, scratch: Path) -> list[Entry]:
    try:
        return await _stream_entries(archive)
    except OSError as error:
        if archive.suffix != ".conda" or "zip" not in str(error):
            raise
        refused = error
    # The streaming reader is stricter than rattler's installer about zip64 fields: check a
    # clean copy of the same (already hash-checked) members; `conda/rezip.py` says more.
    import tempfile
    import zipfile

    from .rezip import rezip

    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pyxi-rezip-", dir=scratch) as folder:
        try:
            copy = rezip(archive, Path(folder, archive.name))
        except (zipfile.BadZipFile, OSError, ValueError):
            raise refused from None
        return await _stream_entries(copy)


async def _stream_entries(archive: Path) -> list[Entry]:
    from rattler.package_streaming import PackageArchive

    opened = await PackageArchive.from_path(archive)
    entries: list[Entry] = [(str(p.relative_path), None) for p in (await opened.paths_json()).paths]
    async for item in opened.stream("pkg"):
        entries.append((item.name, item.link_target if item.is_link else None))
    return entries


def _directory_entries(folder: Path) -> list[Entry] | None:
    """The entries of a package extracted in the cache; None when it is not there, or its
    `paths.json` cannot be read (a full disk while rattler extracted it: rattler extracts it
    again, and the check reads the remote package instead)."""
    try:
        document = json.loads((folder / "info" / "paths.json").read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict):
        return None
    entries: list[Entry] = []
    for item in document.get("paths", []):
        path = str(item.get("_path", ""))
        link = folder / path
        entries.append((path, str(link.readlink()) if link.is_symlink() else None))
    return entries


async def _remote_entries(package: CondaPackage) -> list[Entry]:
    """`paths.json` of a remote package (a range request for a `.conda`), and its links too
    when the archive had to be downloaded whole anyway (small ones only)."""
    from rattler.package_streaming import PackageArchive

    from .network import make_client

    try:  # the configured client: credentials, mirrors, proxies, TLS, as the install itself
        opened = await PackageArchive.from_url(
            make_client(), package.location, sparse="prefer", max_spool_size=_SPOOL_LIMIT
        )
    except Exception:  # noqa: BLE001 - unreachable or too big: rattler's download checks still apply
        return []
    entries: list[Entry] = []
    try:
        entries += [(str(p.relative_path), None) for p in (await opened.paths_json()).paths]
        if opened.access in ("spooled", "local"):
            async for item in opened.stream("pkg"):
                entries.append((item.name, item.link_target if item.is_link else None))
    except OSError as error:
        if "archive path" in str(error):
            raise _refusal(package, f"its archive cannot be read safely ({error})") from error
    return entries


def _check_entries(package: CondaPackage, entries: list[Entry]) -> None:
    for path, target in entries:
        reason = _escape_reason(path, target)
        if reason:
            raise _refusal(package, reason)


def _refusal(package: CondaPackage, reason: str, linked: bool = False) -> InstallError:
    outcome = (
        "the link was removed and the environment is left marked incomplete"
        if linked else "nothing was linked"
    )
    return InstallError(
        f"refusing to install the conda package `{package.name}`: {reason}; {outcome}",
        notes=[f"url: {package.location}"],
        help="this package is malformed or malicious; remove it from the channel or the "
        "dependencies, then run `pyxi lock`",
    )


def _escape_reason(path: str, target: str | None) -> str | None:
    clean = path.replace("\\", "/")
    if clean.startswith("/") or re.match(r"^[A-Za-z]:", clean):
        return f"it contains the absolute path `{path}`"
    if ".." in clean.split("/"):
        return f"its path `{path}` leaves the environment"
    if target is None:
        return None
    link = target.replace("\\", "/")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(clean), link))
    if link.startswith("/") or re.match(r"^[A-Za-z]:", link) or resolved.split("/")[0] == "..":
        return f"its link `{path}` points outside the environment (to `{target}`)"
    return None


def check_linked_symlinks(prefix: Path, packages: Sequence[CondaPackage]) -> None:
    """Remote packages whose payload could not be read before linking: their symlinks are
    checked once linked, and one that leaves the prefix is removed and reported."""
    for package in packages:
        record = prefix / "conda-meta" / f"{package_stem(package)}.json"
        try:
            paths = json.loads(record.read_text()).get("paths_data", {}).get("paths", [])
        except (OSError, ValueError):
            continue
        for item in paths:
            link = prefix / str(item.get("_path", ""))
            if item.get("path_type") == "softlink" and link.is_symlink():
                reason = _escape_reason(str(item["_path"]), str(link.readlink()))
                if reason:
                    link.unlink()
                    raise _refusal(package, reason, linked=True)
