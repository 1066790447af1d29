"""`add` stopped while it solves: the manifest is written only with the lock that satisfies it,
so a SIGKILL leaves it (and pixi.lock) byte for byte as they were, and SIGINT/SIGTERM restore
nothing because nothing was written. The uv child dies with pyxi (PR_SET_PDEATHSIG on Linux,
stopped at once on SIGINT/SIGTERM), and the scratch folder of a killed pyxi is swept by the
next one.

uv is slowed by a wrapper (`PYXI_UV`) that records its pid and waits for a `release` file
before it runs the real uv, so each test stops pyxi while uv is running."""

from __future__ import annotations

import os
import signal
import stat
import sys
from pathlib import Path

import pytest

from pyxi.pypi.uv import find_uv
from pyxi.testing.pypi_index import make_wheel, write_simple_index

from .conftest import Workspace, interrupt, manifest, wait_for

PURE = ("py3", "none", "any")
WRAPPER = """#!/bin/sh
if [ ! -e "{started}" ]; then
  echo $$ > "{started}.tmp" && mv "{started}.tmp" "{started}"
  while [ ! -e "{release}" ]; do sleep 0.02; done
fi
exec "{uv}" "$@"
"""


@pytest.fixture
def index(tmp_path: Path) -> Path:
    wheel = make_wheel(tmp_path / "wheels", "goodpkg", "1.2", tag=PURE, files={"goodpkg/__init__.py": ""})
    return write_simple_index(tmp_path / "index", [wheel])


@pytest.fixture
def slow_uv(tmp_path: Path) -> dict[str, Path]:
    paths = {"started": tmp_path / "uv-started", "release": tmp_path / "uv-release",
             "script": tmp_path / "slow-uv"}
    paths["script"].write_text(WRAPPER.format(uv=find_uv(), **{k: v for k, v in paths.items() if k != "script"}))
    paths["script"].chmod(paths["script"].stat().st_mode | stat.S_IXUSR)
    return paths


def _pypi_workspace(ws: Workspace, worlds, index: Path) -> tuple[bytes, bytes]:  # type: ignore[no-untyped-def]
    ws.write(manifest([worlds.conda_forge.url], {"python": "*"},
                      f'\n[pypi-options]\nindex-url = "{index.as_uri()}"\n'))
    ws.pyxi("lock")
    return (ws.root / "pixi.toml").read_bytes(), ws.lock.read_bytes()


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper counts as dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _scratch(ws: Workspace, cache: dict[str, str]) -> list[Path]:
    folder = Path(cache["PIXI_CACHE_DIR"]) / "pyxi-scratch"
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM], ids=["kill", "int", "term"])
def test_add_stopped_while_uv_solves(workspace: Workspace, worlds, index: Path, slow_uv, fresh_cache, sig: int) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    before = _pypi_workspace(ws, worlds, index)
    process = ws.spawn("add", "--pypi", "--no-install", "goodpkg",
                       env={**fresh_cache, "PYXI_UV": str(slow_uv["script"])})
    wait_for(lambda: slow_uv["started"].exists() or process.poll() is not None, "uv to start")
    uv_pid = int(slow_uv["started"].read_text())
    assert _alive(uv_pid)
    result = interrupt(process, sig)
    assert result.returncode == (-sig if sig == signal.SIGKILL else 128 + sig), str(result)
    assert "Traceback" not in result.stderr
    assert ((ws.root / "pixi.toml").read_bytes(), ws.lock.read_bytes()) == before
    wait_for(lambda: not _alive(uv_pid), "the uv child to die with pyxi", timeout=10)
    if sig != signal.SIGKILL:
        assert _scratch(ws, fresh_cache) == [], "an interrupted pyxi removes its scratch folder"

    slow_uv["release"].touch()
    ws.pyxi("add", "--pypi", "--no-install", "goodpkg", env=fresh_cache)
    assert 'goodpkg = ">=1.2, <2"' in (ws.root / "pixi.toml").read_text()
    assert _scratch(ws, fresh_cache) == [], "the next pyxi swept what the killed one left"


@pytest.mark.parametrize("command", [("add", "bar"), ("remove", "foo")])
def test_edit_killed_after_solving_leaves_the_manifest(workspace: Workspace, channel, command: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    ws.pyxi("lock")
    before = (ws.root / "pixi.toml").read_bytes(), ws.lock.read_bytes()
    interrupt(ws.spawn_paused("edit:before-write", *command, "--no-install"), signal.SIGKILL)
    assert ((ws.root / "pixi.toml").read_bytes(), ws.lock.read_bytes()) == before
    leftover = ws.root / ".pixi.toml.x1y2z3.tmp"  # what a pyxi killed inside the write leaves
    leftover.write_bytes(before[0][:10])
    ws.pyxi(*command, "--no-install")
    assert (ws.root / "pixi.toml").read_bytes() != before[0]
    assert not leftover.exists()


def test_scratch_folders_of_living_processes_are_kept(tmp_path: Path) -> None:
    from pyxi.scratch import FOLDER, scratch_dir

    uv_cache = tmp_path / "cache" / "uv"
    with scratch_dir("pyxi-a-", uv_cache) as first, scratch_dir("pyxi-b-", uv_cache) as second:
        assert first.is_dir() and second.is_dir(), "a sweep keeps folders still in use"
        assert sorted(os.listdir(uv_cache.parent / FOLDER)) == sorted([first.name, second.name])
    assert os.listdir(uv_cache.parent / FOLDER) == []
