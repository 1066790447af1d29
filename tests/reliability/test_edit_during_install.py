"""A manifest (or lock) edited while a command works: stamps vouch for the bytes that were
parsed, never for the file as it is when the command ends."""

from __future__ import annotations

import pytest

from .conftest import Workspace, finish, manifest


@pytest.mark.parametrize("point", ["lock:before-write", "install:conda", "install:before-stamp"])
def test_manifest_edited_while_install_runs(workspace: Workspace, channel, point: str) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    if point != "lock:before-write":
        ws.pyxi("lock")
    process = ws.spawn_paused(point, "install")
    ws.write(manifest([channel.url], {"foo": "*", "bar": "*"}))
    ws.release(process)
    result = finish(process)
    assert result.returncode == 0, str(result)
    assert "bar" not in ws.lock.read_text()  # it locked the manifest it had read
    locked = ws.pyxi("install", "--locked", expect=1)
    assert "lock file not up-to-date" in locked.stderr, str(locked)
    again = ws.pyxi("install")
    assert "already up to date" not in again.stderr, str(again)
    assert "bar" in ws.lock.read_text()
    assert (ws.prefix / "share" / "bar" / "VERSION").is_file()
    assert "already up to date" in ws.pyxi("install").stderr


def test_manifest_edited_while_run_installs(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    """`run`'s shortcut must not trust a stamp written for the manifest before the edit."""
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    process = ws.spawn_paused("lock:before-write", "run", "true")
    ws.write(manifest([channel.url], {"foo": "*", "bar": "*"}))
    ws.release(process)
    assert finish(process).returncode == 0
    assert "lock file not up-to-date" in ws.pyxi("install", "--locked", expect=1).stderr
    result = ws.pyxi("run", "cat", ".pixi/envs/default/share/bar/VERSION")
    assert result.stdout == "1.0\n", str(result)


def test_task_added_while_install_runs(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    """The task names `run`'s shortcut consults belong to the manifest that was parsed: a task
    added meanwhile (named like a command) is not mistaken for the command, even `--frozen`."""
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    process = ws.spawn_paused("install:conda", "install")
    ws.write(manifest([channel.url], {"foo": "*"}, '\n[tasks]\necho = "echo from-the-task"\n'))
    ws.release(process)
    assert finish(process).returncode == 0
    assert ws.pyxi("run", "--frozen", "echo").stdout.strip() == "from-the-task"
    assert ws.pyxi("run", "echo").stdout.strip() == "from-the-task"
