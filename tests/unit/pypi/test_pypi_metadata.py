"""Wheel metadata without PEP 658: read from the wheel, by HTTP range requests when allowed."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import ClassVar

import pytest

from pyxi.pypi.metadata import fetch_metadata, parse_metadata, source_tree_metadata
from pyxi.testing.pypi_index import make_wheel


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        header = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        if not header or not path.is_file():
            return super().do_GET()
        start, end = (int(x) for x in header.split("=")[1].split("-"))
        data = path.read_bytes()[start : end + 1]
        type(self).requests.append(header)
        self.send_response(206)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()


@pytest.fixture
def range_server(tmp_path: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_RangeHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_range_read_of_wheel_metadata(tmp_path: Path, range_server: str) -> None:
    big = {"pkg/blob.bin": bytes(range(256)) * 20000}
    wheel = make_wheel(tmp_path, "pkg", "1.0", requires_dist=["numpy>=2"], requires_python=">=3.10", files=big)
    meta = fetch_metadata(range_server + wheel.name)
    assert meta.requires_dist == ["numpy>=2"] and meta.requires_python == ">=3.10"
    assert _RangeHandler.requests  # read in pieces, not downloaded whole


def test_file_url_without_sidecar(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path, "pkg", "1.0", requires_dist=["a", "b ; extra == 'x'"])
    assert fetch_metadata(wheel.as_uri()).requires_dist == ["a", "b ; extra == 'x'"]


def test_parse_and_source_tree(tmp_path: Path) -> None:
    assert parse_metadata("Name: x\nVersion: 1\n").requires_dist == []
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "t"\nversion = "1"\nrequires-python = ">=3.9"\ndependencies = ["a"]\n'
        '[project.optional-dependencies]\ndev = ["b; python_version < \'3.12\'"]\n')
    meta = source_tree_metadata(tmp_path)
    assert meta.requires_dist == ["a", "b ; (python_version < '3.12') and extra == 'dev'"]
    assert meta.requires_python == ">=3.9"
