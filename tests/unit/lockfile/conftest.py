"""Shared fixtures for the pixi.lock reader/writer tests: real pixi locks kept in tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

INTEROP = Path(__file__).resolve().parents[2] / "data" / "interop"


def _interop(prefix: str) -> Path:
    (match,) = sorted(INTEROP.glob(f"{prefix}*pixi.lock"))  # exactly one, or the test errors
    return match


@pytest.fixture
def v7_interop() -> Path:
    """A v7 lock written by pixi (with pixi-build source packages)."""
    return _interop("073__")


@pytest.fixture
def v4_interop() -> Path:
    """A v4 lock written by an old pixi (three environments, four platforms)."""
    return _interop("075__")
