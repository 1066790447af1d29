"""Several pyxi processes on one workspace, and several workspaces on one package cache."""

from __future__ import annotations

import os
import time
from pathlib import Path

import rattler

from pyxi.sync import workspace_lock

from .conftest import BIG_FILES, Workspace, finish, manifest


def _check_lock_valid(ws: Workspace, *names: str) -> None:
    text = ws.lock.read_text()
    rattler.LockFile.from_path(ws.lock)  # the reference reader accepts it
    for name in names:
        assert f"/{name}-" in text


def _env_complete(ws: Workspace) -> bool:
    return ws.stamp.is_file() and len(list((ws.prefix / "share" / "big").glob("*.txt"))) == BIG_FILES


def test_second_process_waits_with_a_message(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    first = ws.spawn_paused("lock:before-write", "lock")
    log = ws.root.parent / "second.stderr"
    waiting = ws.spawn("install", stderr=log)
    ws.wait_for_output(log, workspace_lock.WAIT_MESSAGE, waiting)
    assert waiting.poll() is None, "it waits for the first process"
    ws.release(first)
    second = finish(waiting, log=log)
    assert second.returncode == 0, str(second)
    assert finish(first).returncode == 0
    _check_lock_valid(ws, "foo")
    assert (ws.prefix / "share" / "foo" / "VERSION").is_file()


def test_many_installs_at_once(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"big": "==1.0", "bar": "*"}))
    processes = [ws.spawn("install") for _ in range(4)] + [ws.spawn("lock") for _ in range(2)]
    results = [finish(p) for p in processes]
    for result in results:
        assert result.returncode == 0, str(result)
        assert "Traceback" not in result.stderr
    _check_lock_valid(ws, "big", "bar", "foo")
    assert _env_complete(ws)
    assert sum("installed:" in r.stderr for r in results) == 1, "installed once, the rest found it done"


def test_run_on_an_unchanged_workspace_takes_no_lock(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    ws.pyxi("install")
    assert workspace_lock.acquire(ws.root)  # this test process now holds the workspace lock
    try:
        started = time.monotonic()
        result = ws.pyxi("run", "cat", ".pixi/envs/default/share/foo/VERSION", timeout=30)
        assert result.stdout == "1.0\n"
        assert "waiting" not in result.stderr
        assert time.monotonic() - started < 20
        # and a command that must change something does wait for the holder
        ws.write(manifest([channel.url], {"foo": "*", "bar": "*"}))
        log = ws.root.parent / "install.stderr"
        waiting = ws.spawn("install", stderr=log)
        ws.wait_for_output(log, workspace_lock.WAIT_MESSAGE, waiting)
        assert waiting.poll() is None, "install went ahead while the workspace was locked"
    finally:
        workspace_lock.release_all()
    result = finish(waiting, log=log)
    assert result.returncode == 0 and "waiting for another pyxi process" in result.stderr


def test_a_child_of_the_holder_does_not_deadlock(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    """A task's dependency that runs `pyxi install` while its parent holds the lock."""
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    assert workspace_lock.acquire(ws.root)
    try:
        holder = os.environ[workspace_lock.HOLDER_VARIABLE]
        result = ws.pyxi("install", env={workspace_lock.HOLDER_VARIABLE: holder}, timeout=60)
        assert "waiting" not in result.stderr
    finally:
        workspace_lock.release_all()
    assert workspace_lock.HOLDER_VARIABLE not in os.environ


def test_workspaces_share_one_cache_safely(tmp_path: Path, base_env, channel) -> None:  # type: ignore[no-untyped-def]
    env = dict(base_env, PIXI_CACHE_DIR=str(tmp_path / "shared-cache"))
    spaces = []
    for index in range(3):
        root = tmp_path / f"ws{index}"
        root.mkdir()
        ws = Workspace(root, env)
        ws.write(manifest([channel.url], {"big": "==1.0", "bar": "*"}))
        spaces.append(ws)
    for ws in spaces:
        ws.pyxi("lock")
    processes = [ws.spawn("install") for ws in spaces]
    for process in processes:
        result = finish(process)
        assert result.returncode == 0, str(result)
    for ws in spaces:
        assert _env_complete(ws)
        sample = (ws.prefix / "share" / "big" / "f0123.txt").read_text()
        assert sample == "1.0 123\n" * 64
    cached = tmp_path / "shared-cache" / "pkgs" / "big-1.0-0" / "share" / "big"
    assert len(list(cached.glob("*.txt"))) == BIG_FILES
