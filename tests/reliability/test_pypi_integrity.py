"""PyPI artifacts: uv enforces the locked sha256 (pyxi hands it a pylock); wheels whose members
would land outside the environment are unpacked without those members (uv skips them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pyxi.testing.pypi_index import make_wheel, write_simple_index

from .conftest import Workspace
from .crafted import TEMP, write_wheel

ESCAPED_BY_WHEEL = Path(TEMP, "escaped-by-wheel-abs.txt")

PURE = ("py3", "none", "any")


@pytest.fixture
def index(tmp_path: Path) -> Path:
    wheels = tmp_path / "wheels"
    built = [
        make_wheel(wheels, "goodpkg", "1.0", tag=PURE, files={"goodpkg/__init__.py": "X = 1\n"}),
        write_wheel(wheels, "dotdotpkg", {"dotdotpkg/__init__.py": b"",
                                         "../../../../escaped-by-wheel-dotdot.txt": b"evil"}),
        write_wheel(wheels, "abspkg", {"abspkg/__init__.py": b"", str(ESCAPED_BY_WHEEL): b"evil"}),
    ]
    return write_simple_index(tmp_path / "index", built)


def _manifest(worlds, index: Path, name: str) -> str:  # type: ignore[no-untyped-def]
    return (
        f'[workspace]\nname = "p"\nchannels = ["{worlds.conda_forge.url}"]\nplatforms = ["linux-64"]\n'
        f'[dependencies]\npython = "*"\n[pypi-dependencies]\n{name} = "*"\n'
        f'[pypi-options]\nindex-url = "{index.as_uri()}"\n'
    )


def test_tampered_wheel_is_refused(workspace: Workspace, worlds, index: Path, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(_manifest(worlds, index, "goodpkg"))
    ws.pyxi("lock", env=fresh_cache)
    make_wheel(index.parent / "files", "goodpkg", "1.0", tag=PURE, files={"goodpkg/__init__.py": "X = 666\n"})
    result = ws.pyxi("install", "--frozen", env=fresh_cache, expect=1)
    err = result.stderr
    assert err.count("\nerror") == 0 and err.startswith("error: "), err
    assert "hash mismatch for PyPI package `goodpkg" in err
    assert "goodpkg-1.0-py3-none-any.whl" in err.splitlines()[0]  # the URL it came from
    assert len(set(re.findall(r"[0-9a-f]{64}", err))) == 2, "both hashes are named"
    assert not list(ws.prefix.rglob("goodpkg/__init__.py")), "nothing was installed"
    assert not ws.stamp.exists()


@pytest.mark.parametrize("name", ["dotdotpkg", "abspkg"])
def test_escaping_wheel_members_are_not_written(workspace: Workspace, worlds, index: Path, tmp_path: Path, name: str, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(_manifest(worlds, index, name))
    ws.pyxi("install", env=fresh_cache)
    assert list(ws.prefix.rglob(f"{name}/__init__.py"))
    assert not ESCAPED_BY_WHEEL.exists()
    assert not list(tmp_path.rglob("escaped-by-wheel-*"))
    assert not list(Path(ws.env["PIXI_CACHE_DIR"]).parent.glob("escaped-by-wheel-*"))
