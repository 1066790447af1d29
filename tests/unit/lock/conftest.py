"""Shared fixtures for the pixi.lock reader/writer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

INTEROP = Path("/work/shared/interop")


def _interop(prefix: str) -> Path:
    matches = sorted(INTEROP.glob(f"{prefix}*pixi.lock"))
    if not matches:
        pytest.skip(f"interop lock {prefix}* not available")
    return matches[0]


@pytest.fixture
def v7_interop() -> Path:
    """A v7 lock written by pixi (with pixi-build source packages)."""
    return _interop("073__")


@pytest.fixture
def v4_interop() -> Path:
    """A v4 lock written by an old pixi (three environments, four platforms)."""
    return _interop("075__")
