"""pyxi's hermetic test world as a pytest plugin, declared as the `pytest11` entry point `pyxi`
(pyproject.toml), so any test suite with pyxi installed can ask for these fixtures:

- `worlds`: the local conda-forge-shaped channel and the legacy PyTorch channels, built once per
  session (`pytorch_world.cached_world`);
- `package_cache`: an empty package cache folder for the session;
- `mapping_server`: a loopback server for the conda→PyPI mapping, with `PYXI_CONDA_PYPI_MAPPING_URL`
  and the mapping cache folder pointed at it for the session (pyxi's own tests use it for
  every test: `tests/conftest.py`).

Nothing is built or started unless a test asks for it; importing this module imports no more
than pytest and the standard library.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pyxi.testing.mapping_server import MappingServer
    from pyxi.testing.pytorch_world import PytorchWorlds


@pytest.fixture(scope="session")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> PytorchWorlds:
    from pyxi.testing.pytorch_world import cached_world

    return cached_world(tmp_path_factory.getbasetemp() / "pytorch-world")


@pytest.fixture(scope="session")
def package_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pkgs")


@pytest.fixture(scope="session")
def mapping_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MappingServer]:
    """Every pyxi the session runs (in process or as a subprocess) fetches the conda→PyPI
    mapping from this server (serving the mappings shipped with pyxi), never from the network,
    and caches it in a session folder, not in the user's cache."""
    from pyxi.pypi.mapping_sources import CACHE_DIR_VARIABLE, MAPPING_URL_VARIABLE
    from pyxi.testing.mapping_server import MappingServer

    variables = {CACHE_DIR_VARIABLE: str(tmp_path_factory.mktemp("mapping-cache"))}
    with MappingServer().running() as server:
        variables[MAPPING_URL_VARIABLE] = server.url
        previous = {name: os.environ.get(name) for name in variables}
        os.environ.update(variables)
        try:
            yield server
        finally:
            for name, value in previous.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
