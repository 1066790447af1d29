"""pixi's own satisfiability fixtures (tests/data/fresh, tests/data/stale): pyxi must call a lock
up to date exactly when pixi does. tests/data/pyxi-fresh and pyxi-stale add cases of pyxi's own
for keys pixi's fixtures do not cover (workspace dependencies, inline environments, constraints).

A case whose `expected.txt` says `not supported by pyxi yet: KEY` is one pyxi cannot judge
today (the manifest has a part pyxi does not understand, so the environment's lock is neither
fresh nor stale for it): a strict expected failure (a refusal is not a pass). When pyxi supports KEY the case fails as
XPASS(strict) (or on the stale reason), and its `expected.txt` is updated: support shows as
progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pyxi.diagnostics import PyxiError
from pyxi.freshness.fresh import check_lock
from pyxi.lockfile.read import read_lock
from pyxi.manifest.parse import load_manifest
from pyxi.workspace.environment import build_workspace

DATA = Path(__file__).resolve().parents[1] / "data"
UNSUPPORTED = "not supported by pyxi yet"


class Refused(Exception):
    """pyxi refused the manifest with the message the case's `expected.txt` holds."""


def _expected(case: Path) -> str | None:
    path = case / "expected.txt"
    return path.read_text().strip() if path.exists() else None


def _cases(*kinds: str) -> list[Any]:
    cases = []
    folders = [p for kind in kinds for p in sorted((DATA / kind).iterdir()) if p.is_dir()]
    for case in folders:
        expected = _expected(case) or ""
        gap = pytest.mark.xfail(raises=Refused, strict=True, reason=expected)
        marks = [gap] if expected.startswith(UNSUPPORTED) else []
        cases.append(pytest.param(case, marks=marks, id=case.name))
    return cases


def _verdict(case: Path) -> tuple[bool, str]:
    manifest = case / "pixi.toml"
    if not manifest.exists():
        manifest = case / "pyproject.toml"
    try:
        freshness = check_lock(build_workspace(load_manifest(manifest)), read_lock(case / "pixi.lock"))
    except PyxiError as error:
        message = str(error).splitlines()[0]
        if message == _expected(case):
            raise Refused(message) from None
        raise
    for part in freshness.unverifiable.values():  # a part pyxi does not understand
        if f"{UNSUPPORTED}: `{part.key}`" == _expected(case):
            raise Refused(part.key)
    assert not freshness.unverifiable, freshness.unverifiable
    return freshness.is_fresh, freshness.summary()


@pytest.mark.parametrize("case", _cases("fresh", "pyxi-fresh"))
def test_pixi_fresh_lock_is_fresh_for_pyxi(case: Path) -> None:
    fresh, reason = _verdict(case)
    assert fresh, reason


@pytest.mark.parametrize("case", _cases("stale", "pyxi-stale"))
def test_pixi_stale_lock_is_stale_for_pyxi(case: Path) -> None:
    fresh, reason = _verdict(case)
    assert not fresh
    expected = _expected(case)
    assert expected and expected in reason, reason


def test_every_reason_names_environment_and_platform() -> None:
    _, reason = _verdict(DATA / "stale" / "missing-dependency")
    assert reason.startswith("environment `default` on win-64: ")
