"""URL sources: a source archive (`{ url = "…/x-1.0.tar.gz", sha256 = "…" }`) downloaded with
the credentials, proxy and TLS settings pyxi's own requests use (`pypi.http_auth`), checked
against its sha256 (and md5) and unpacked under pyxi's cache by its sha256, with the single
top folder most archives have stripped, as pixi unpacks them."""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import zipfile
from pathlib import Path

from pyxi.diagnostics import PyxiError
from pyxi.manifest.package_model import CondaSource

_TIMEOUT = 60.0
_CHUNK = 1 << 16


def checkout_url(source: CondaSource, cache: Path) -> tuple[Path, str]:
    """The unpacked archive `source` names (reused by sha256 when already unpacked), and the
    archive's sha256."""
    base = cache / "pyxi-build" / "url"
    if source.sha256 and (base / source.sha256.lower()[:16]).is_dir():
        return base / source.sha256.lower()[:16], source.sha256.lower()
    base.mkdir(parents=True, exist_ok=True)
    archive = base / f".download-{os.getpid()}-{_file_name(source.location)}"
    try:
        sha256 = _download(source, archive)
        folder = base / sha256[:16]
        if not folder.is_dir():
            _unpack(source, archive, folder)
    finally:
        archive.unlink(missing_ok=True)
    return folder, sha256


def _file_name(url: str) -> str:
    return url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1] or "archive"


def _download(source: CondaSource, target: Path) -> str:
    """Download into `target`; the sha256, checked against what the manifest says."""
    from pyxi.pypi.http_auth import authorized_request, open_url

    sha256, md5 = hashlib.sha256(), hashlib.md5()
    try:
        with open_url(authorized_request(source.location), _TIMEOUT) as response, \
                target.open("wb") as out:
            while chunk := response.read(_CHUNK):
                sha256.update(chunk)
                md5.update(chunk)
                out.write(chunk)
    except OSError as error:
        raise PyxiError(f"could not download the source archive {source.location}: {error}",
                        help="check the URL and the network (credentials: `pyxi auth login`)",
                        ) from error
    for name, wanted, got in (("sha256", source.sha256, sha256.hexdigest()),
                              ("md5", source.md5, md5.hexdigest())):
        if wanted and wanted.lower() != got:
            raise PyxiError(
                f"the source archive {source.location} does not match its {name}",
                notes=[f"expected {name}: {wanted.lower()}", f"actual {name}:   {got}"],
                help=f"if the new archive is trusted, put its {name} into the manifest",
            )
    return sha256.hexdigest()


def _unpack(source: CondaSource, archive: Path, folder: Path) -> None:
    staging = folder.with_name(f".{folder.name}-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(staging)
        else:
            with tarfile.open(archive) as tarred:
                tarred.extractall(staging, filter="data")
    except (OSError, tarfile.TarError, zipfile.BadZipFile) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PyxiError(f"cannot unpack the source archive {source.location}: {error}",
                        help="a URL source must be a tar or zip archive of the package") from error
    entries = list(staging.iterdir())
    root = entries[0] if len(entries) == 1 and entries[0].is_dir() else staging
    os.replace(root, folder)
    shutil.rmtree(staging, ignore_errors=True)
