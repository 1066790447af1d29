"""`[workspace.s3-options.BUCKET]` as pixi reads it: all three options, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.manifest.model import Manifest
from pyxi.manifest.parse import parse_manifest

HEADER = """\
[workspace]
name = "ws"
channels = ["s3://bucket/channel"]
platforms = ["linux-64"]
"""
GOOD = '[workspace.s3-options.bucket]\nendpoint-url = "https://s3.example"\nregion = "eu-1"\n'


def _parse(tmp_path: Path, text: str) -> Manifest:
    return parse_manifest(text, tmp_path / "pixi.toml")


def test_the_options_are_read(tmp_path: Path) -> None:
    manifest = _parse(tmp_path, HEADER + GOOD + "force-path-style = true\n")
    assert manifest.workspace.s3_options == {
        "bucket": {"endpoint-url": "https://s3.example", "region": "eu-1", "force-path-style": True}
    }
    assert manifest.unsupported == []


@pytest.mark.parametrize(
    ("extra", "line", "key", "message"),
    [
        ("", 5, "workspace.s3-options.bucket", "lack `force-path-style`"),
        ('force-path-style = "yes"\n', 8, "workspace.s3-options.bucket.force-path-style", "bool"),
        ("force-path-style = true\nbucket-name = 'x'\n", 9,
         "workspace.s3-options.bucket.bucket-name", "unknown key"),
    ],
)
def test_errors_are_located(tmp_path: Path, extra: str, line: int, key: str, message: str) -> None:
    with pytest.raises(ManifestError) as info:
        _parse(tmp_path, HEADER + GOOD + extra)
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.key) == (line, key)
    assert message in info.value.message
