"""A workspace moved (`mv`) or copied (`cp -a`) after `install` runs its own environment.

Conda environments are not relocatable: linking writes the prefix into files. The package
`tool` here has such a file (its script prints the prefix it was linked into), so a test can
tell an environment installed at the new place from one merely re-activated there.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec

from .conftest import Workspace, manifest

PLACEHOLDER = "/opt/placeholder-prefix-for-pyxi-tests-0123456789"


@pytest.fixture(scope="module")
def tool_channel(tmp_path_factory: pytest.TempPathFactory) -> LocalChannel:
    channel = LocalChannel(tmp_path_factory.mktemp("relocation") / "chan")
    script = f"#!/bin/sh\necho \"linked into {PLACEHOLDER}\"\n"
    channel.add(CondaPackageSpec("tool", "1.0", "0", files={"bin/tool": script},
                                 prefix_placeholder=PLACEHOLDER))
    return channel.index()


def _installed(workspace: Workspace, tool_channel: LocalChannel) -> Workspace:
    workspace.write(manifest([tool_channel.url], {"tool": "*"}))
    workspace.pyxi("install")
    result = workspace.pyxi("run", "tool")
    assert result.stdout.strip() == f"linked into {workspace.prefix}", str(result)
    return workspace


def _elsewhere(ws: Workspace, root: Path) -> Workspace:
    return Workspace(root, ws.env)


def _assert_runs_here(ws: Workspace) -> None:
    prefix = ws.prefix
    result = ws.pyxi("run", "tool")
    assert result.stdout.strip() == f"linked into {prefix}", str(result)
    assert ws.pyxi("run", "printenv", "CONDA_PREFIX").stdout.strip() == str(prefix)
    path = ws.pyxi("run", "sh", "-c", "command -v tool").stdout.strip()
    assert path == str(prefix / "bin" / "tool")


@pytest.mark.parametrize("how", ["move", "copy"])
def test_relocated_workspace_runs_its_own_environment(workspace: Workspace, tool_channel: LocalChannel,
                                                       how: str) -> None:
    ws = _installed(workspace, tool_channel)
    target = ws.root.parent / "ws2"
    if how == "move":
        ws.root.rename(target)
    else:
        subprocess.run(["cp", "-a", str(ws.root), str(target)], check=True)
    there = _elsewhere(ws, target)
    _assert_runs_here(there)  # the first `run` installs it again (from the package cache)
    assert there.pyxi("install").stderr.count("already up to date") == 1
    if how == "copy":  # the original is untouched and still its own
        _assert_runs_here(ws)


def test_install_after_a_move_reinstalls_and_says_why(workspace: Workspace,
                                                      tool_channel: LocalChannel) -> None:
    ws = _installed(workspace, tool_channel)
    target = ws.root.parent / "moved"
    ws.root.rename(target)
    there = _elsewhere(ws, target)
    result = there.pyxi("install")
    assert "has been moved or copied" in result.stderr and str(ws.prefix) in result.stderr
    assert "installed:" in result.stderr, str(result)
    assert "already up to date" in there.pyxi("install").stderr
    _assert_runs_here(there)


def test_install_frozen_after_a_copy(workspace: Workspace, tool_channel: LocalChannel) -> None:
    ws = _installed(workspace, tool_channel)
    target = ws.root.parent / "copied"
    shutil.copytree(ws.root, target, symlinks=True)
    there = _elsewhere(ws, target)
    there.pyxi("install", "--frozen")
    _assert_runs_here(there)


def test_symlinked_workspace_path_is_not_a_move(workspace: Workspace,
                                                tool_channel: LocalChannel) -> None:
    """The same folder reached through a link holds the same environment: nothing is redone."""
    ws = _installed(workspace, tool_channel)
    link = ws.root.parent / "link"
    link.symlink_to(ws.root)
    result = ws.pyxi("install", "--manifest-path", str(link / "pixi.toml"))
    assert "already up to date" in result.stderr and "moved" not in result.stderr, str(result)


def test_moved_workspace_with_a_stamp_of_an_older_pyxi(workspace: Workspace,
                                                       tool_channel: LocalChannel) -> None:
    """Stamps written before pyxi recorded the prefix: pixi's marker names the old manifest."""
    import json

    ws = _installed(workspace, tool_channel)
    stamp = json.loads(ws.stamp.read_text())
    del stamp["prefix"]
    ws.stamp.write_text(json.dumps(stamp))
    target = ws.root.parent / "moved"
    ws.root.rename(target)
    there = _elsewhere(ws, target)
    _assert_runs_here(there)
    assert json.loads(there.stamp.read_text())["prefix"] == str(there.prefix)


def test_doctor_says_the_environment_was_moved(workspace: Workspace, tool_channel: LocalChannel) -> None:
    import json

    ws = _installed(workspace, tool_channel)
    target = ws.root.parent / "moved"
    ws.root.rename(target)
    there = _elsewhere(ws, target)
    report = json.loads(there.pyxi("doctor", "--json", expect=1).stdout)
    (finding,) = [f for f in report["findings"] if f["id"] == "installed-elsewhere"]
    assert str(ws.prefix) in finding["message"] and "pyxi install" in finding["fix"]
    there.pyxi("install")
    assert json.loads(there.pyxi("doctor", "--json").stdout)["findings"] == []
