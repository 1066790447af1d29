"""Extracting a conda package straight into a folder, from a local channel or over HTTP
(rattler's streaming download and extraction, which also hashes the archive), with errors that
say what went wrong."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pyxi.diagnostics import InstallError
from pyxi.lockfile.model import CondaPackage

from .integrity import local_archive, refusal
from .records import package_url

if TYPE_CHECKING:
    from rattler.networking import Client


async def fetch_and_extract(package: CondaPackage, folder: Path, client: Client) -> tuple[bytes, bytes]:
    """Extract the package's archive (a local file or a URL) into `folder`: (sha256, md5) of
    the archive read. Awaiting it leaves the event loop free: rattler extracts on its own
    threads, so many packages are extracted at once."""
    from rattler.package_streaming import download_and_extract as fetch

    archive = local_archive(package)
    if archive is not None and not archive.is_file():
        raise InstallError(
            f"the conda package `{package.name}` is locked at {archive}, which does not exist",
            help="the local channel changed since the lock was written: run `pyxi lock`",
        )
    url = archive.as_uri() if archive is not None else package_url(package.location)
    try:
        return await fetch(client, url, folder)
    except Exception as error:  # rattler refuses members that would leave the folder
        text = str(error)
        if archive is not None or not text.lower().startswith(
                ("error sending request", "request failed", "http status")):
            raise refusal(package, f"its archive cannot be extracted safely ({text})") from error
        raise _download_error(package, text) from error


def _download_error(package: CondaPackage, text: str) -> InstallError:
    """A located network cause (credentials, proxy, mirror) when there is one."""
    from pyxi.config.load import active
    from pyxi.config.network_errors import explain

    failure = explain(text, active())
    if failure is not None:
        return InstallError(
            f"could not download the conda package `{package.name}`: {failure.message}",
            notes=failure.notes, help=failure.help,
        )
    return InstallError(
        f"could not download the conda package `{package.name}` from {package.location}",
        notes=[text, *_connection_notes(package.location)],
        help="check the network, the channel URL and its credentials, then run again",
    )


def _connection_notes(url: str) -> list[str]:
    """Why the server cannot be reached, when it cannot (rattler's error does not say)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return []
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname, port), timeout=3).close()
    except OSError as error:
        return [f"cannot connect to {parts.hostname}:{port}: {error.strerror or error}"]
    return []
