"""Fetching, caching, refreshing and falling back, for real, against a loopback server."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pyxi.diagnostics import Location, ManifestError
from pyxi.pypi import mapping_http, mapping_sources
from pyxi.pypi.mapping_sources import (
    CACHE_DIR_VARIABLE,
    MAPPING_URL_VARIABLE,
    default_table,
    project_table,
)
from pyxi.testing.mapping_server import MappingServer, channel_path

TABLE = {"tzdata": None, "python-tzdata": ["tzdata"], "mine": "my-dist"}


@pytest.fixture
def server() -> Iterator[MappingServer]:
    with MappingServer(documents={}).running() as running:
        running.set_table("conda-forge", TABLE)
        yield running


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "mapping-cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(folder))
    return folder / "pyxi"


def url_of(server: MappingServer, channel: str = "conda-forge") -> str:
    return server.url.rstrip("/") + channel_path(channel)


def json_object(body: bytes) -> dict:
    doc = json.loads(body)
    if not isinstance(doc, dict):
        raise ValueError("not a JSON object")  # noqa: TRY004 - as mapping_sources.parse_table
    return doc


def fetch(server: MappingServer, cache: Path) -> mapping_http.Fetched[dict]:
    return mapping_http.fetch(url_of(server), cache, json_object)


def test_fetched_once_then_served_from_the_cache_while_fresh(server: MappingServer, cache: Path) -> None:
    first = fetch(server, cache)
    assert (first.origin, first.value) == ("network", TABLE)
    assert server.hits()[0]["accept-encoding"] == "gzip"  # ~1 MB of JSON travels compressed
    second = fetch(server, cache)
    assert (second.origin, second.value) == ("cache", TABLE)
    assert len(server.hits()) == 1


def test_stale_copy_is_revalidated_with_its_etag(server: MappingServer, cache: Path) -> None:
    server.cache_control = "max-age=0"
    fetch(server, cache)
    again = fetch(server, cache)
    assert again.origin == "cache"
    assert len(server.hits()) == 2 and "if-none-match" in server.hits()[1]
    server.set_table("conda-forge", {"tzdata": ["tzdata"]})  # the published mapping changed
    changed = fetch(server, cache)
    assert (changed.origin, changed.value) == ("network", {"tzdata": ["tzdata"]})
    assert fetch(server, cache).value == {"tzdata": ["tzdata"]}


def test_no_cache_and_no_store(server: MappingServer, cache: Path) -> None:
    server.cache_control = "no-cache"
    fetch(server, cache)
    fetch(server, cache)
    assert len(server.hits()) == 2
    server.cache_control = "no-store"
    other = cache.parent / "other"
    assert mapping_http.fetch(url_of(server), other, json_object).origin == "network"
    assert not list(other.glob("*.http"))


def test_failed_refresh_uses_the_stale_copy(server: MappingServer, cache: Path) -> None:
    server.cache_control = "max-age=0"
    fetch(server, cache)
    server.status = 503
    stale = fetch(server, cache)
    assert (stale.origin, stale.problem, stale.value) == ("stale", "HTTP 503", TABLE)


def test_invalid_answer_is_not_stored(server: MappingServer, cache: Path) -> None:
    server.documents[channel_path("conda-forge")] = b"<!DOCTYPE html><html></html>"
    got = fetch(server, cache)
    assert got.value is None and "the answer is not usable" in (got.problem or "")
    assert not list(cache.glob("*.http"))


def test_lifetime_follows_http_caching() -> None:
    date = "Tue, 19 Aug 2026 10:00:00 GMT"
    assert mapping_http.lifetime({"cache-control": "public, max-age=600"}) == 600
    assert mapping_http.lifetime({"cache-control": "max-age=600, s-maxage=60"}) == 60
    assert mapping_http.lifetime({"cache-control": "no-cache, max-age=600"}) == 0
    assert mapping_http.lifetime({"date": date, "expires": "Tue, 19 Aug 2026 11:00:00 GMT"}) == 3600
    assert mapping_http.lifetime({"date": date, "expires": "0"}) == 0
    heuristic = {"date": date, "last-modified": "Tue, 09 Aug 2026 10:00:00 GMT"}
    assert mapping_http.lifetime(heuristic) == pytest.approx(86400)  # 10% of ten days
    assert mapping_http.lifetime({}) == 0


# ------------------------------------------------------------ the default mapping, end to end


def test_default_mapping_comes_from_the_server(
    server: MappingServer, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAPPING_URL_VARIABLE, server.url)
    server.set_table("pytorch", {"pytorch": ["torch"]})
    assert default_table("conda-forge")["python-tzdata"] == ("tzdata",)
    assert default_table("conda-forge") is default_table("conda-forge")  # parsed once
    assert default_table("pytorch") == {"pytorch": ("torch",)}
    assert [path for path, _ in server.requests] == [
        "/compressed-v0/compressed_mapping.json", "/compressed-v0/pytorch/compressed_mapping.json"]


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_unreachable_without_cache_uses_the_shipped_copy(
    cache: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(MAPPING_URL_VARIABLE, _closed_port_url())
    with caplog.at_level(logging.WARNING, logger="pyxi.mapping"):
        table = default_table("conda-forge")
    assert table["tzdata"] == () and table["python-tzdata"] == ("tzdata",)
    assert "using the copy shipped with pyxi (2026-08-19)" in caplog.text


def test_unreachable_with_cache_uses_the_cached_copy(
    server: MappingServer, cache: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server.cache_control = "max-age=0"
    fetch(server, cache)  # an earlier lock cached it
    url = url_of(server)
    server.status = 500
    with caplog.at_level(logging.WARNING, logger="pyxi.mapping"):
        table = mapping_sources._loaded("conda-forge", url, cache)
    assert table == {"tzdata": (), "python-tzdata": ("tzdata",), "mine": ("my-dist",)}
    assert "could not refresh" in caplog.text and "using the copy cached on" in caplog.text


def test_a_server_that_never_answers_times_out(
    cache: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(mapping_http.TIMEOUT_VARIABLE, "1")
    with MappingServer(hang=True).running() as hanging:
        monkeypatch.setenv(MAPPING_URL_VARIABLE, hanging.url)
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="pyxi.mapping"):
            table = default_table("bioconda")
    assert time.monotonic() - started < 10
    assert table and "shipped with pyxi" in caplog.text


def test_damaged_cache_file_is_not_used(
    server: MappingServer, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.mkdir(parents=True)
    damaged = mapping_http.cache_file(cache, url_of(server))
    damaged.write_bytes(b"{not json\n")
    assert fetch(server, cache).origin == "network"
    header = damaged.read_bytes().split(b"\n", 1)[0]
    damaged.write_bytes(header + b"\n<html>")  # a readable header, a body that is no mapping
    assert fetch(server, cache).origin == "network"
    damaged.write_bytes(header + b"\n<html>")
    server.status = 500
    assert fetch(server, cache).value is None


# ------------------------------------------------------------ a project's mapping URL


def test_project_url_is_cached_and_reused_offline(
    server: MappingServer, cache: Path, tmp_path: Path
) -> None:
    server.cache_control = "max-age=0"
    where = Location(tmp_path / "pixi.toml", 7, "workspace.conda-pypi-map.conda-forge")
    url = url_of(server)
    assert project_table(url, tmp_path, where)["mine"] == ("my-dist",)
    server.status = 502
    assert project_table(url, tmp_path, where)["mine"] == ("my-dist",)


def test_project_url_never_fetched_is_an_error(tmp_path: Path, cache: Path) -> None:
    where = Location(tmp_path / "pixi.toml", 7, "workspace.conda-pypi-map.conda-forge")
    url = _closed_port_url() + "mapping.json"
    with pytest.raises(ManifestError) as info:
        project_table(url, tmp_path, where)
    assert info.value.message.startswith(f"failed to download the conda-pypi-map mapping from {url}")
    assert info.value.location == where
    assert "local file" in (info.value.help or "")
