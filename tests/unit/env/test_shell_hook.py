"""Per-shell activation scripts written from one `Activation`."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from pyxi.env.activate import Activation
from pyxi.env.shell_hook import detect_shell, hook_json, hook_script

ACTIVATION = Activation(
    variables={"CONDA_PREFIX": "/w/.pixi/envs/default", "PIXI_PROMPT": "(w) ", "ODD": "it's $x \"q\""},
    path_prepend=["/w/.pixi/envs/default/bin"],
    scripts=[("/w/setup.sh", 1)],
)
BASE = {"PATH": "/usr/bin:/bin", "HOME": "/home/u"}


def test_bash_script_round_trips_through_bash():
    script = hook_script(ACTIVATION, "bash", BASE, change_prompt=False)
    out = subprocess.run(
        ["bash", "--norc", "-c", script + 'printf "%s|%s|%s" "$ODD" "$PATH" "$CONDA_PREFIX"'],
        env=BASE, capture_output=True, text=True, check=True,
    ).stdout
    assert out == "it's $x \"q\"|/w/.pixi/envs/default/bin:/usr/bin:/bin|/w/.pixi/envs/default"
    assert "PS1" not in script
    assert "else PS1='(w) '\"${PS1:-}\"; fi; export PS1" in hook_script(ACTIVATION, "zsh", BASE)


@pytest.mark.parametrize(
    ("shell", "line"),
    [
        ("fish", "set -gx PATH '/w/.pixi/envs/default/bin' '/usr/bin' '/bin'"),
        ("fish", "set -gx ODD 'it\\'s $x \"q\"'"),
        ("powershell", "${Env:ODD} = 'it''s $x \"q\"'"),
        ("cmd", '@SET "CONDA_PREFIX=/w/.pixi/envs/default"'),
        ("xonsh", "$CONDA_PREFIX = '/w/.pixi/envs/default'"),
    ],
)
def test_other_shells(shell, line):
    assert line in hook_script(ACTIVATION, shell, BASE).splitlines()


def test_json_and_detection():
    data = json.loads(hook_json(ACTIVATION, BASE))
    assert data["environment_variables"]["PATH"] == os.pathsep.join(["/w/.pixi/envs/default/bin", "/usr/bin:/bin"])
    assert data["activation_scripts"] == ["/w/setup.sh"]
    assert detect_shell({"SHELL": "/usr/bin/zsh"}) == "zsh"
    assert detect_shell({"SHELL": "/bin/tcsh"}) == "bash"


def test_package_completions_are_loaded_by_the_hook(tmp_path):
    """As pixi's hook: bash sources the environment's completions, zsh adds them to fpath,
    fish sources its vendor completions; nothing when the environment ships none."""
    prefix = tmp_path / "env with space"
    activation = Activation(variables={"CONDA_PREFIX": str(prefix)}, path_prepend=[], scripts=[])
    assert "_pixi_f" not in hook_script(activation, "bash", BASE)
    bash_dir = prefix / "share/bash-completion/completions"
    bash_dir.mkdir(parents=True)
    (bash_dir / "tool").write_text("_tool_completion_loaded=yes\n")
    (prefix / "share/zsh/site-functions").mkdir(parents=True)
    script = hook_script(activation, "bash", BASE, change_prompt=False)
    out = subprocess.run(["bash", "--norc", "-c", script + 'printf "%s" "$_tool_completion_loaded"'],
                         env=BASE, capture_output=True, text=True, check=True).stdout
    assert out == "yes"
    zsh = hook_script(activation, "zsh", BASE)
    assert f"fpath+=('{prefix}/share/zsh/site-functions')" in zsh
    assert "autoload -Uz compinit" in zsh
    assert "vendor_completions.d" not in hook_script(activation, "fish", BASE)
