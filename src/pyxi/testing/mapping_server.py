"""A loopback stand-in for conda-mapping.prefix.dev, so tests never reach the network.

`MappingServer` serves conda→PyPI mapping documents at the paths pyxi fetches
(`compressed-v0/compressed_mapping.json` for conda-forge, `compressed-v0/<channel>/…` for the
others) with an ETag and a `Cache-Control` header, answers `If-None-Match` with 304, counts
requests, and can be told to fail (`status`) or to hang. Point pyxi at it with
`PYXI_CONDA_PYPI_MAPPING_URL=<server.url>`. `shipped_documents()` are the mappings shipped
with pyxi, the default content.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import field
from functools import partial
from importlib.resources import files
from typing import Any

from pyxi.datamodel import model
from pyxi.testing.loopback import running


def channel_path(channel: str) -> str:
    if channel == "conda-forge":
        return "/compressed-v0/compressed_mapping.json"
    return f"/compressed-v0/{channel}/compressed_mapping.json"


def shipped_documents() -> dict[str, bytes]:
    data = files("pyxi.pypi").joinpath("data")
    return {channel_path(c): gzip.decompress(data.joinpath(f"{c}.json.gz").read_bytes())
            for c in ("conda-forge", "pytorch", "bioconda")}


@model
class MappingServer:
    documents: dict[str, bytes] = field(default_factory=shipped_documents)
    cache_control: str | None = "max-age=3600"
    status: int | None = None  # answer every request with this status instead
    hang: bool = False  # accept requests and never answer them
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    url: str = ""
    _stop: threading.Event = field(default_factory=threading.Event)

    def set_table(self, channel: str, table: Mapping[str, object]) -> None:
        self.documents[channel_path(channel)] = json.dumps(table).encode()

    def hits(self, channel: str = "conda-forge") -> list[dict[str, str]]:
        """The headers of every request for `channel`'s mapping."""
        return [headers for path, headers in self.requests if path == channel_path(channel)]

    @contextmanager
    def running(self) -> Iterator[MappingServer]:
        with running(partial(_Handler, self)) as url:
            self.url = url
            try:
                yield self
            finally:
                self._stop.set()


@functools.lru_cache(maxsize=16)
def _gzipped(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=1)


class _Handler(http.server.BaseHTTPRequestHandler):
    def __init__(self, owner: MappingServer, *args: Any) -> None:
        self.owner = owner
        super().__init__(*args)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # http.server's naming
        owner = self.owner
        owner.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        if owner.hang:
            owner._stop.wait(120)
            return
        body = owner.documents.get(self.path)
        status = owner.status or (200 if body is not None else 404)
        if status != 200 or body is None:
            self.send_error(status)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._answer(304, etag, b"")
        elif "gzip" in (self.headers.get("Accept-Encoding") or ""):
            self._answer(200, etag, _gzipped(body), gzipped=True)
        else:
            self._answer(200, etag, body)

    def _answer(self, status: int, etag: str, body: bytes, gzipped: bool = False) -> None:
        self.send_response(status)
        self.send_header("ETag", etag)
        if self.owner.cache_control is not None:
            self.send_header("Cache-Control", self.owner.cache_control)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        if status == 200:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status == 200:
            self.wfile.write(body)
