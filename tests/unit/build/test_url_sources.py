"""Source archives from a URL (`{ url, sha256, md5, subdirectory }`): read from the manifest,
locked as a URL that carries the archive's sha256, read back from the lock, and checked
against the manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.build.locked import source_of_location
from pyxi.build.source import url_location
from pyxi.diagnostics import ManifestError
from pyxi.freshness.fresh_source_records import check_location
from pyxi.lockfile.model import CondaSourcePackage
from pyxi.manifest.package_model import CondaSource
from pyxi.manifest.parse import parse_manifest

SHA = "ab" * 32
HEAD = '[workspace]\nname = "w"\nchannels = []\nplatforms = ["linux-64"]\n[dependencies]\n'


def _dep(spec: str):
    manifest = parse_manifest(HEAD + f"x = {spec}\n", Path("/ws/pixi.toml"))
    return manifest, manifest.features["default"].default.dependencies["x"]


def test_a_url_source_reads_its_hashes_and_is_built_not_refused() -> None:
    manifest, dep = _dep(f'{{ url = "https://h/x-1.0.tar.gz", sha256 = "{SHA.upper()}", '
                         f'md5 = "{"c" * 32}", subdirectory = "pkg" }}')
    assert dep.source == CondaSource("url", "https://h/x-1.0.tar.gz", subdirectory="pkg",
                                     sha256=SHA, md5="c" * 32)
    assert not dep.source.is_archive
    assert manifest.unsupported == []


def test_a_bad_sha256_is_a_located_error() -> None:
    with pytest.raises(ManifestError) as info:
        _dep('{ url = "https://h/x-1.0.tar.gz", sha256 = "abc" }')
    assert "`sha256` must be 64 hexadecimal digits" in info.value.message
    assert info.value.location is not None and info.value.location.line == 6


def test_the_locked_location_carries_the_sha256_and_reads_back() -> None:
    source = CondaSource("url", "https://h/x-1.0.tar.gz?token=1", subdirectory="pkg")
    location = url_location(source, SHA)
    assert location == f"https://h/x-1.0.tar.gz?token=1&sha256={SHA}&subdirectory=pkg"
    back = source_of_location(location)
    assert (back.kind, back.location, back.sha256, back.subdirectory) == (
        "url", "https://h/x-1.0.tar.gz?token=1", SHA, "pkg")


def test_the_lock_is_stale_when_the_url_or_its_sha256_changes() -> None:
    record = CondaSourcePackage(f"x[0] @ https://h/x-1.0.tar.gz?sha256={SHA}", {})
    assert check_location(CondaSource("url", "https://h/x-1.0.tar.gz"), record) is None
    assert check_location(CondaSource("url", "https://h/x-1.0.tar.gz", sha256=SHA), record) is None
    moved = check_location(CondaSource("url", "https://h/x-2.0.tar.gz"), record)
    assert moved is not None and "the locked url" in moved
    rehashed = check_location(CondaSource("url", "https://h/x-1.0.tar.gz", sha256="cd" * 32),
                              record)
    assert rehashed is not None and "sha256" in rehashed
    assert check_location(CondaSource("path", "x"), record) is not None

