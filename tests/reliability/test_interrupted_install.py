"""An install stopped at any point leaves the environment as it was or detectably incomplete
(no stamp), and the next `install` or `run` repairs it without a manual clean."""

from __future__ import annotations

import json
import signal
import time

import pytest

from .conftest import BIG_FILES, Workspace, finish, interrupt, manifest, wait_for


def _complete(ws: Workspace, version: str) -> bool:
    folder = ws.prefix / "share" / "big"
    files = list(folder.glob("f*.txt")) if folder.is_dir() else []
    return len(files) == BIG_FILES and all(
        f.read_text().startswith(f"{version} ") for f in files
    )


def _stamped(ws: Workspace) -> bool:
    return ws.stamp.is_file()


def _assert_repaired_by(ws: Workspace, command: tuple[str, ...], version: str) -> None:
    result = ws.pyxi(*command)
    assert _stamped(ws), str(result)
    assert _complete(ws, version)
    records = [json.loads(p.read_text()) for p in (ws.prefix / "conda-meta").glob("big-*.json")]
    assert [r["version"] for r in records] == [version]


POINTS = ["install:conda", "install:pypi", "install:before-stamp"]


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["int", "kill"])
def test_fresh_install_stopped_at_a_point(workspace: Workspace, channel, point: str, sig: int, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"big": "==1.0"}))
    ws.pyxi("lock")
    result = interrupt(ws.spawn_paused(point, "install", env=fresh_cache), sig)
    assert result.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL), str(result)
    assert "Traceback" not in result.stderr
    assert not _stamped(ws), "an interrupted install must be detectable"
    _assert_repaired_by(ws, ("install",), "1.0")


@pytest.mark.parametrize("point", POINTS)
def test_upgrade_killed_then_run_repairs(workspace: Workspace, channel, point: str) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"big": "==1.0"}))
    ws.pyxi("install")
    ws.write(manifest([channel.url], {"big": "==2.0"}))
    interrupt(ws.spawn_paused(point, "install"), signal.SIGKILL)
    assert not _stamped(ws)
    # `run` must not take the quick path on the half-updated prefix: it repairs first.
    result = ws.pyxi("run", "cat", ".pixi/envs/default/share/big/f0000.txt")
    assert result.stdout.startswith("2.0 ")
    _assert_repaired_by(ws, ("install", "--frozen"), "2.0")


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_killed_while_rattler_links(workspace: Workspace, channel, delay: float, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    """No pause seam: SIGKILL at a moment inside the real download/extract/link work."""
    ws = workspace
    ws.write(manifest([channel.url], {"big": "==1.0", "bar": "*"}))
    ws.pyxi("lock")
    process = ws.spawn_paused("install:conda", "install", seconds=0.01, env=fresh_cache)
    time.sleep(delay)
    process.kill()
    finish(process)
    if _stamped(ws):  # it had finished: then it must be complete
        assert _complete(ws, "1.0")
    _assert_repaired_by(ws, ("install",), "1.0")
    assert (ws.prefix / "share" / "bar" / "VERSION").is_file()


def test_sigint_while_rattler_links(workspace: Workspace, channel, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"big": "==1.0"}))
    ws.pyxi("lock")
    process = ws.spawn_paused("install:conda", "install", seconds=0.01, env=fresh_cache)
    wait_for(lambda: (ws.prefix / "share").exists() or process.poll() is not None, "linking")
    result = interrupt(process)
    assert result.returncode in (0, 130), str(result)
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr
    # Ctrl-C may land after the stamp was written (a loaded machine polls late): then the
    # environment must be complete; a stamp never vouches for a half-linked prefix.
    if _stamped(ws):
        assert _complete(ws, "1.0")
    _assert_repaired_by(ws, ("install",), "1.0")


def test_deleted_prefix_is_reinstalled(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    import shutil

    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    ws.pyxi("install")
    shutil.rmtree(ws.prefix)
    result = ws.pyxi("run", "cat", ".pixi/envs/default/share/foo/VERSION")
    assert result.stdout == "1.0\n"
