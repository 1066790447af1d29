"""A `pixi.toml` or `pixi.lock` that is a symbolic link (a manifest shared between workspaces)
is written through: the file it points to changes, atomically, and the link stays a link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import Workspace, manifest


def _link(ws: Workspace, name: str, shared: Path) -> Path:
    """Move `name` of the workspace to `shared/` and leave a relative link in its place."""
    shared.mkdir(exist_ok=True)
    target = shared / name
    (ws.root / name).rename(target)
    (ws.root / name).symlink_to(os.path.relpath(target, ws.root))
    return target


def _assert_still_linked(ws: Workspace, name: str, target: Path) -> None:
    assert (ws.root / name).is_symlink(), f"{name} was replaced by a plain file"
    assert (ws.root / name).resolve() == target.resolve()
    leftovers = [p.name for p in [*ws.root.iterdir(), *target.parent.iterdir()] if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.fixture
def linked(workspace: Workspace, channel, tmp_path: Path) -> tuple[Workspace, Path, Path]:  # type: ignore[no-untyped-def]
    workspace.write(manifest([channel.url], {"foo": "*"}))
    workspace.pyxi("lock")
    shared = tmp_path / "shared"
    return workspace, _link(workspace, "pixi.toml", shared), _link(workspace, "pixi.lock", shared)


def test_add_writes_through_links(linked) -> None:  # type: ignore[no-untyped-def]
    ws, toml, lock = linked
    mode = toml.stat().st_mode
    ws.pyxi("add", "bar")
    assert "bar" in toml.read_text() and "bar" in lock.read_text()
    assert toml.stat().st_mode == mode
    _assert_still_linked(ws, "pixi.toml", toml)
    _assert_still_linked(ws, "pixi.lock", lock)


def test_task_add_writes_through_the_link(linked) -> None:  # type: ignore[no-untyped-def]
    ws, toml, _ = linked
    ws.pyxi("task", "add", "hello", "echo", "hi")
    assert "hello" in toml.read_text()
    _assert_still_linked(ws, "pixi.toml", toml)
    assert ws.pyxi("run", "hello").stdout.strip() == "hi"


def test_lock_writes_through_the_link(linked, channel) -> None:  # type: ignore[no-untyped-def]
    ws, toml, lock = linked
    toml.write_text(manifest([channel.url], {"foo": "*", "bar": "*"}))
    ws.pyxi("lock")
    assert "bar" in lock.read_text()
    _assert_still_linked(ws, "pixi.lock", lock)


def test_chain_of_links(workspace: Workspace, channel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A link to a link: the file at the end of the chain is the one replaced."""
    ws = workspace
    real = tmp_path / "real" / "pixi.toml"
    real.parent.mkdir()
    real.write_text(manifest([channel.url], {"foo": "*"}))
    middle = tmp_path / "middle.toml"
    middle.symlink_to(real)
    (ws.root / "pixi.toml").symlink_to(middle)
    ws.pyxi("add", "bar")
    assert middle.is_symlink() and (ws.root / "pixi.toml").is_symlink()
    assert "bar" in real.read_text()
