"""Fixtures for the manifest tests: parse dedented text as if it were a file in /ws."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.manifest.model import Manifest
from pyxi.manifest.parse import parse_manifest

WS = Path("/ws")


def _parse(text: str, name: str = "pixi.toml") -> Manifest:
    return parse_manifest(textwrap.dedent(text), WS / name)


def _parse_error(text: str, name: str = "pixi.toml") -> ManifestError:
    with pytest.raises(ManifestError) as info:
        _parse(text, name)
    return info.value


@pytest.fixture
def parse() -> Callable[..., Manifest]:
    return _parse


@pytest.fixture
def parse_error() -> Callable[..., ManifestError]:
    return _parse_error
