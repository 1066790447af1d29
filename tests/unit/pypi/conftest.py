"""Shared fixtures: one local PyPI world (built once), served over http, and a uv cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pyxi.testing.pypi_index import serve
from pyxi.testing.pytorch_pypi import build_pytorch_pypi_world


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pypi-world")
    build_pytorch_pypi_world(root)
    return root


@pytest.fixture(scope="session")
def http_base(world: Path) -> Iterator[str]:
    with serve(world) as base:
        yield base


@pytest.fixture(scope="session")
def uv_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("uv-cache")
