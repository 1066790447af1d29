"""`pyxi workspace register` and its `list`/`remove`/`prune`: pixi's registry of named
workspaces in `$PIXI_HOME/workspaces.toml`, and `-w NAME` finding a registered workspace."""

from __future__ import annotations

import json

from pyxi.manifest.platform_names import current_subdir
from pyxi.testing.cli import run_pyxi


def test_register_list_use_remove_and_prune(tmp_path, base_env):
    env = {**base_env, "PIXI_HOME": str(tmp_path / "home")}
    ws = tmp_path / "demo"
    ws.mkdir()
    (ws / "pixi.toml").write_text(f'[workspace]\nname = "demo"\nchannels = []\nplatforms = ["{current_subdir()}"]\n'
                                  '[tasks]\nhello = "echo hello from demo"\n')

    def pyxi(*args: str, cwd=ws, expect: int = 0):
        return run_pyxi(args, cwd, env, expect)

    assert "registered successfully" in pyxi("workspace", "register").stderr
    assert "already exists" in pyxi("workspace", "register").stderr  # kept, not overwritten
    pyxi("workspace", "register", "--name", "gone", "--path", str(tmp_path / "gone"))
    pyxi("workspace", "register", "-n", "demo", "-p", str(tmp_path), "--force")
    listed = json.loads(pyxi("workspace", "register", "list", "--json").stdout)
    assert listed == {"demo": str(tmp_path), "gone": str(tmp_path / "gone")}
    pyxi("workspace", "register", "-n", "demo", "-f")  # back to this workspace's folder
    assert f'demo = "{ws}"' in pyxi("workspace", "register", "ls").stdout

    assert "hello from demo" in pyxi("run", "-w", "demo", "hello", cwd=tmp_path).stdout
    pruned = pyxi("workspace", "register", "prune").stderr
    assert "removed workspace gone" in pruned and "pruned" in pruned
    pyxi("workspace", "register", "remove", "demo")
    assert json.loads(pyxi("workspace", "register", "list", "--json").stdout) == {}
    missing = pyxi("workspace", "register", "rm", "demo", expect=1).stderr
    assert "Workspace 'demo' is not found" in missing and "help:" in missing
    assert "could not find workspace 'demo'" in pyxi("run", "-w", "demo", "hello", cwd=tmp_path,
                                                      expect=1).stderr
