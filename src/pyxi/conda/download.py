"""Downloading a conda package straight into a folder (rattler's streaming download and
extraction, which also hashes the archive), with errors that say what went wrong."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pyxi.diagnostics import InstallError
from pyxi.lockfile.model import CondaPackage

from .integrity import refusal

if TYPE_CHECKING:
    from rattler.networking import Client


def download_and_extract(package: CondaPackage, folder: Path, client: Client) -> tuple[bytes, bytes]:
    """Extract the package at its URL into `folder`: (sha256, md5) of the archive."""
    from rattler.package_streaming import download_and_extract as fetch
    try:
        return asyncio.run(fetch(client, package.location, folder))
    except Exception as error:
        text = str(error)
        if not text.lower().startswith(("error sending request", "request failed", "http status")):
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
