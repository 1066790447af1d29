"""pixi's own satisfiability fixtures (tests/data/fresh, tests/data/stale): pyxi must call a lock
up to date exactly when pixi does, or refuse the manifest with a named unsupported key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.diagnostics import PyxiError
from pyxi.lock.fresh import check_lock
from pyxi.lock.read import read_lock
from pyxi.manifest.parse import load_manifest
from pyxi.workspace.environment import build_workspace

DATA = Path(__file__).resolve().parents[1] / "data"
UNSUPPORTED = "not supported by pyxi yet"


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (DATA / kind).iterdir() if p.is_dir())


def _verdict(case: Path) -> tuple[bool, str]:
    manifest = case / "pixi.toml"
    if not manifest.exists():
        manifest = case / "pyproject.toml"
    try:
        freshness = check_lock(build_workspace(load_manifest(manifest)), read_lock(case / "pixi.lock"))
    except PyxiError as error:
        message = str(error).splitlines()[0]
        assert UNSUPPORTED in message, message
        return False, message
    return freshness.is_fresh, freshness.summary()


def _expected(case: Path) -> str | None:
    path = case / "expected.txt"
    return path.read_text().strip() if path.exists() else None


@pytest.mark.parametrize("case", _cases("fresh"), ids=lambda p: p.name)
def test_pixi_fresh_lock_is_fresh_for_pyxi(case: Path) -> None:
    fresh, reason = _verdict(case)
    expected = _expected(case)
    if expected is None:
        assert fresh, reason
    else:
        assert expected.startswith(UNSUPPORTED) and expected in reason


@pytest.mark.parametrize("case", _cases("stale"), ids=lambda p: p.name)
def test_pixi_stale_lock_is_stale_for_pyxi(case: Path) -> None:
    fresh, reason = _verdict(case)
    assert not fresh
    expected = _expected(case)
    assert expected and expected in reason, reason


def test_every_reason_names_environment_and_platform() -> None:
    _, reason = _verdict(DATA / "stale" / "missing-dependency")
    assert reason.startswith("environment `default` on win-64: ")
