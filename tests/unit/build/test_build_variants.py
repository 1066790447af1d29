"""`[workspace.build-variants]`: read from the manifest (a located error for a bad value); the
recipes render with them (`test_recipes`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.manifest.parse import parse_manifest

HEAD = '[workspace]\nname = "w"\nchannels = []\nplatforms = ["linux-64"]\n[dependencies]\n'


def test_build_variants_are_read_with_located_errors() -> None:
    text = HEAD.replace("[dependencies]\n", '[workspace.build-variants]\npython = ["3.11.*", 3.12]\n')
    manifest = parse_manifest(text, Path("/ws/pixi.toml"))
    assert manifest.workspace.build_variants == {"python": ["3.11.*", "3.12"]}
    assert not [p for p in manifest.unsupported if "build-variants" in p.path]
    with pytest.raises(ManifestError) as info:
        parse_manifest(text.replace('["3.11.*", 3.12]', '"3.11"'), Path("/ws/pixi.toml"))
    assert "`python` in build-variants must be a non-empty list" in info.value.message
    assert info.value.location is not None and info.value.location.line == 6
