"""pixi.lock is replaced whole or not at all: every failure leaves the previous bytes."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

import pytest

from pyxi.lockfile.read import read_lock
from pyxi.lockfile.write import remove_stale_temporaries, write_lock

from .conftest import Workspace, free_port, interrupt, manifest


@pytest.fixture
def locked(workspace: Workspace, channel) -> tuple[Workspace, bytes]:  # type: ignore[no-untyped-def]
    workspace.write(manifest([channel.url], {"foo": "*"}))
    workspace.pyxi("lock")
    return workspace, workspace.lock.read_bytes()


def _leftovers(ws: Workspace) -> list[str]:
    return sorted(p.name for p in ws.root.iterdir() if p.name.startswith(".pixi.lock."))


def test_solve_error_keeps_the_lock(locked, channel) -> None:  # type: ignore[no-untyped-def]
    ws, before = locked
    ws.write(manifest([channel.url], {"foo": "*", "does-not-exist": ">=1"}))
    result = ws.pyxi("lock", expect=1)
    assert result.stderr.startswith("error: ")
    assert ws.lock.read_bytes() == before


def test_network_error_keeps_the_lock(locked) -> None:  # type: ignore[no-untyped-def]
    ws, before = locked
    ws.write(manifest([f"http://127.0.0.1:{free_port()}/chan"], {"foo": "*"}))
    result = ws.pyxi("lock", expect=1)
    assert "cannot fetch the packages" in result.stderr and "127.0.0.1" in result.stderr
    assert ws.lock.read_bytes() == before


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["int", "term", "kill"])
def test_signal_before_the_write_keeps_the_lock(locked, channel, sig: int) -> None:  # type: ignore[no-untyped-def]
    ws, before = locked
    ws.write(manifest([channel.url], {"foo": "*", "bar": "*"}))
    process = ws.spawn_paused("lock:before-write", "lock")
    result = interrupt(process, sig)
    if sig == signal.SIGKILL:
        assert result.returncode == -signal.SIGKILL
    else:
        assert result.returncode == 128 + sig, str(result)  # 130 for SIGINT, 143 for SIGTERM
        assert result.stderr.startswith("error: interrupted"), str(result)
        assert "Traceback" not in result.stderr
    assert ws.lock.read_bytes() == before
    assert _leftovers(ws) == []
    # the next run locks normally (a killed process leaves no stale workspace lock)
    ws.pyxi("lock")
    assert b"bar-1.0-0" in ws.lock.read_bytes()


def test_interrupt_between_fsync_and_rename(tmp_path: Path, locked, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C at the last moment of the write (in process: `os.replace` raises)."""
    ws, before = locked
    lock = read_lock(ws.lock)
    lock.environments["extra"] = lock.environments["default"]

    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_lock(ws.lock, lock)
    assert ws.lock.read_bytes() == before
    assert _leftovers(ws) == [], "the temporary file is removed"


def test_a_killed_writers_temporary_file_is_cleaned_up(locked, channel) -> None:  # type: ignore[no-untyped-def]
    ws, _ = locked
    stale = ws.root / ".pixi.lock.abc123.tmp"
    stale.write_text("half a lock")
    ws.write(manifest([channel.url], {"foo": "*", "bar": "*"}))
    ws.pyxi("lock")
    assert not stale.exists()
    remove_stale_temporaries(ws.lock)  # and the helper alone is harmless
    assert read_lock(ws.lock).environments["default"]


def test_unwritable_lock_is_a_clean_error(locked, channel) -> None:  # type: ignore[no-untyped-def]
    """pixi.lock cannot be replaced (a directory is in its place): one clean error."""
    ws, _ = locked
    ws.lock.unlink()
    ws.lock.mkdir()
    (ws.lock / "keep").write_text("x")
    result = ws.pyxi("lock", expect=1)
    assert result.stderr.count("error:") == 1
    assert "help:" in result.stderr
    assert (ws.lock / "keep").read_text() == "x"


def test_sigint_during_the_solve(locked, channel) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C while rattler is fetching from a server that never answers."""
    ws, before = locked
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        ws.write(manifest([f"http://127.0.0.1:{port}/chan"], {"foo": "*"}))
        process = ws.spawn("lock", env={"PYXI_HTTP_TIMEOUT": "60"})
        silent.settimeout(120)
        connection, _ = silent.accept()  # rattler asks for repodata: the solve is under way
        with connection:
            assert process.poll() is None
            result = interrupt(process)
    assert result.returncode == 130, str(result)
    assert "Traceback" not in result.stderr
    assert ws.lock.read_bytes() == before
