"""Session-wide fixtures: the hermetic conda world every test layer can use."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.testing.pytorch_world import PytorchWorlds, cached_world


@pytest.fixture(scope="session")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> PytorchWorlds:
    return cached_world(tmp_path_factory.getbasetemp() / "pytorch-world")


@pytest.fixture(scope="session")
def package_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pkgs")
