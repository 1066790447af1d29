"""Session-wide fixtures: the hermetic conda world every test layer can use."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pyxi.pypi.mapping_sources import CACHE_DIR_VARIABLE, MAPPING_URL_VARIABLE
from pyxi.testing.mapping_server import MappingServer
from pyxi.testing.pytorch_world import PytorchWorlds, cached_world


@pytest.fixture(scope="session")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> PytorchWorlds:
    return cached_world(tmp_path_factory.getbasetemp() / "pytorch-world")


@pytest.fixture(scope="session")
def package_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pkgs")


@pytest.fixture(scope="session", autouse=True)
def mapping_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MappingServer]:
    """Every pyxi a test runs (in process or as a subprocess) fetches the conda→PyPI mapping
    from this loopback server (serving the mappings shipped with pyxi), never from the network,
    and caches it in a session folder, not in the user's cache."""
    variables = {CACHE_DIR_VARIABLE: str(tmp_path_factory.mktemp("mapping-cache"))}
    with MappingServer().running() as server:
        variables[MAPPING_URL_VARIABLE] = server.url
        previous = {name: os.environ.get(name) for name in variables}
        os.environ.update(variables)
        yield server
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
