"""Core metadata (`Requires-Dist`, `Requires-Python`) of a locked distribution, for the lock.

Order: PEP 658 `<file-url>.metadata`; else the wheel's `*.dist-info/METADATA`, read through HTTP
range requests when the server allows them (a multi-GB wheel is not downloaded), else the file.
"""

from __future__ import annotations

import email.parser
import io
import sys
import urllib.error
import zipfile
from dataclasses import field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from pyxi.datamodel import model

_TIMEOUT = 60


@model(frozen=True)
class CoreMetadata:
    requires_dist: list[str] = field(default_factory=list)
    requires_python: str | None = None


def parse_metadata(text: str) -> CoreMetadata:
    message = email.parser.Parser().parsestr(text, headersonly=True)
    requires = [r.strip() for r in message.get_all("Requires-Dist") or []]
    python = message.get("Requires-Python")
    return CoreMetadata(requires, python.strip() if python else None)


def _file_path(url: str) -> Path | None:
    parsed = urlparse(url)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


def _http_get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    from .http_auth import authorized_request, open_url

    with open_url(authorized_request(url, headers=headers), _TIMEOUT) as response:
        return response.status, response.read(), dict(response.headers)


class _RangeFile(io.RawIOBase):
    """A seekable read-only view of a remote file through HTTP Range requests."""

    def __init__(self, url: str, size: int):
        self.url, self.size, self.pos = url, size, 0

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.pos, 2: self.size}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def readinto(self, buffer: Any) -> int:  # a writable buffer (bytearray, memoryview)
        if self.pos >= self.size or not len(buffer):
            return 0
        end = min(self.size, self.pos + len(buffer)) - 1
        status, data, _ = _http_get(self.url, {"Range": f"bytes={self.pos}-{end}"})
        if status != 206:
            data = data[self.pos : end + 1]
        buffer[: len(data)] = data
        self.pos += len(data)
        return len(data)


def _wheel_metadata(archive: zipfile.ZipFile) -> str:
    member = next(n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
    return archive.read(member).decode("utf-8", "replace")


def _remote_wheel_metadata(url: str) -> str:
    from .http_auth import authorized_request, open_url

    with open_url(authorized_request(url, "HEAD"), _TIMEOUT) as response:
        size = int(response.headers.get("Content-Length") or 0)
        ranges = response.headers.get("Accept-Ranges", "") == "bytes"
    if ranges and size:
        reader = io.BufferedReader(_RangeFile(url, size), buffer_size=1 << 16)
        with zipfile.ZipFile(reader) as archive:
            return _wheel_metadata(archive)
    _, data, _ = _http_get(url)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _wheel_metadata(archive)


def _pep658(url: str) -> str | None:
    path = _file_path(url)
    if path is not None:
        sidecar = path.with_name(path.name + ".metadata")
        return sidecar.read_text("utf-8", "replace") if sidecar.is_file() else None
    try:
        return _http_get(url + ".metadata")[1].decode("utf-8", "replace")
    except urllib.error.HTTPError:
        return None


def fetch_metadata(url: str) -> CoreMetadata:
    """Metadata of the distribution file at `url` (http(s) or file). Sdists without PEP 658
    metadata give empty metadata: their dependencies are only known after a build."""
    url = url.split("#", 1)[0]
    text = _pep658(url)
    if text is None and url.endswith(".whl"):
        path = _file_path(url)
        if path is not None:
            with zipfile.ZipFile(path) as archive:
                text = _wheel_metadata(archive)
        else:
            text = _remote_wheel_metadata(url)
    return parse_metadata(text) if text else CoreMetadata()


def source_tree_metadata(path: Path) -> CoreMetadata:
    """Static `[project]` metadata of a source tree; empty when it is dynamic or absent."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib

    try:
        project = tomllib.loads((path / "pyproject.toml").read_text("utf-8")).get("project", {})
    except (OSError, ValueError, RecursionError):  # RecursionError: nested too deeply
        return CoreMetadata()
    dynamic = set(project.get("dynamic", []))
    requires: list[str] = []
    if "dependencies" not in dynamic:
        requires += list(project.get("dependencies", []))
    if "optional-dependencies" not in dynamic:
        for extra, items in project.get("optional-dependencies", {}).items():
            requires += [_with_extra(item, extra) for item in items]
    python = project.get("requires-python") if "requires-python" not in dynamic else None
    return CoreMetadata(requires, python)


def _with_extra(requirement: str, extra: str) -> str:
    base, _, marker = requirement.partition(";")
    condition = f"extra == '{extra}'"
    return f"{base.strip()} ; ({marker.strip()}) and {condition}" if marker.strip() else f"{base.strip()} ; {condition}"
