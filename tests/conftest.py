"""pyxi's own suite: the hermetic world's fixtures come from the pyxi pytest plugin
(`pyxi.testing.pytest_plugin`, the `pytest11` entry point the package declares)."""

from __future__ import annotations

import pytest

from pyxi.testing.mapping_server import MappingServer


@pytest.fixture(scope="session", autouse=True)
def _offline_mapping(mapping_server: MappingServer) -> MappingServer:
    """Every test fetches the conda→PyPI mapping from the plugin's loopback server, never from
    the network."""
    return mapping_server
