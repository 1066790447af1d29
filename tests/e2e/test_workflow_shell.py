"""shell-hook, shell, tree, clean and completion: one activation behind run/shell/shell-hook."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from workflow_world import manifest

ACTIVATION = """
[activation]
scripts = ["setup.sh"]
env = { MY_VAR = "from env", QUOTED = "it's $HOME" }
"""
from pyxi.testing.cli import PYXI

# Variables that differ between any two processes, whoever starts them.
VOLATILE = {"_", "SHLVL", "PWD", "OLDPWD", "INIT_CWD", "PS1", "PYXI_WORKSPACE_LOCK"}


def _ws(make_workspace, channel):
    ws = make_workspace(manifest(channel.url, 'epsilon = "*"\n' + ACTIVATION))
    (ws.root / "setup.sh").write_text('export FROM_SCRIPT="a b"\n')
    return ws


def _environ(text: str) -> dict[str, str]:
    return {k: v for k, _, v in (item.partition("=") for item in text.split("\0") if item)}


def test_bash_shell_hook_gives_the_same_variables_as_run(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    run = _environ(ws.pyxi("run", "env", "-0").stdout)
    hook = ws.pyxi("shell-hook", "-s", "bash").stdout
    evaluated = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", f'{hook}\nenv -0'],
        cwd=ws.root, env=ws.base_env, capture_output=True, text=True, check=True,
    )
    hooked = _environ(evaluated.stdout)
    for key in VOLATILE:
        run.pop(key, None)
        hooked.pop(key, None)
    assert hooked == run
    prefix = str(ws.root / ".pixi" / "envs" / "default")
    assert run["CONDA_PREFIX"] == prefix
    assert run["PATH"].startswith(prefix + "/bin:")
    assert run["PIXI_PROJECT_ROOT"] == str(ws.root)
    assert run["PIXI_PROJECT_NAME"] == "wf" and run["CONDA_DEFAULT_ENV"] == "wf"
    assert run["PIXI_ENVIRONMENT_NAME"] == "default" and run["PIXI_PROMPT"] == "(wf) "
    assert (run["MY_VAR"], run["FROM_SCRIPT"], run["EPSILON_ACTIVE"]) == ("from env", "a b", "yes")
    assert run["QUOTED"] == f"it's {ws.base_env['HOME']}"
    assert "export PS1='${PIXI_PROMPT-}'" in hook  # drawn from the variable, never run


def test_shell_hook_json_and_other_shells(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    data = json.loads(ws.pyxi("shell-hook", "--json").stdout)
    variables = data["environment_variables"]
    assert variables["MY_VAR"] == "from env" and variables["FROM_SCRIPT"] == "a b"
    assert str(ws.root / "setup.sh") in data["activation_scripts"]
    assert "set -gx MY_VAR 'from env'" in ws.pyxi("shell-hook", "-s", "fish").stdout
    assert "${Env:MY_VAR} = 'from env'" in ws.pyxi("shell-hook", "-s", "powershell").stdout
    assert '@SET "MY_VAR=from env"' in ws.pyxi("shell-hook", "-s", "cmd").stdout
    assert "$MY_VAR = 'from env'" in ws.pyxi("shell-hook", "-s", "xonsh").stdout


def test_shell_starts_an_activated_shell(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    completed = subprocess.run(
        [PYXI, "shell"], cwd=ws.root, env={**ws.base_env, "SHELL": bash, "HOME": str(ws.root)},
        input='echo "in=$PIXI_ENVIRONMENT_NAME $MY_VAR $EPSILON_ACTIVE"; exit 4\n',
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 4, completed.stderr
    assert "in=default from env yes" in completed.stdout


def test_tree_and_invert(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, 'gamma = "*"\n'))
    tree = ws.pyxi("tree").stdout.splitlines()
    assert tree == ["alpha 2.5.1", "gamma 1.0", "└── alpha 2.5.1"]
    assert ws.pyxi("tree", "--invert", "alpha").stdout.splitlines() == ["alpha 2.5.1", "└── gamma 1.0"]


def test_clean_one_environment(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url))
    ws.pyxi("install")
    ws.pyxi("clean", "-e", "default")
    assert not (ws.root / ".pixi" / "envs" / "default").exists()
    assert (ws.root / "pixi.lock").is_file()
    ws.pyxi("clean")
    assert "Nothing to remove" in ws.pyxi("clean").stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(make_workspace, shell):
    ws = make_workspace("")
    script = ws.pyxi("completion", "-s", shell).stdout
    for word in ("init", "add", "shell-hook", "pypi"):
        assert word in script
    if shell == "bash":
        subprocess.run(["bash", "-n"], input=script, text=True, check=True)


TASKED = """
[workspace]
name = "completing"
channels = []
platforms = ["linux-64"]

[tasks]
hello = "echo hello"
build = "echo build"
_hidden = "echo no"
[feature.test.tasks]
run-tests = "echo testing"
[environments]
test = ["test"]
"""


def test_bash_completes_tasks_environments_platforms_and_paths(make_workspace, tmp_path):
    """<TAB> in bash: task names after `run` (also after its flags), the workspace's
    environments, platforms and features after the options that take them, files after the
    options that take paths, flags after a dash."""
    import shlex
    import sys

    ws = make_workspace(TASKED)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "pyxi").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m pyxi "$@"\n')
    (bin_dir / "pyxi").chmod(0o755)
    env = {**ws.base_env, "PATH": f"{bin_dir}:{ws.base_env['PATH']}"}
    script = ws.pyxi("completion", "--shell", "bash").stdout

    def complete(*words: str) -> list[str]:
        line = " ".join(shlex.quote(word) for word in ("pyxi", *words))
        harness = (f"{script}\nCOMP_WORDS=({line})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n"
                   '_pyxi pyxi\necho "${COMPREPLY[@]:-}"\n')
        done = subprocess.run(["bash", "--norc", "-c", harness], cwd=ws.root, env=env,
                              capture_output=True, text=True, check=True)
        return sorted(done.stdout.split())

    assert complete("run", "") == ["build", "hello", "run-tests"]
    assert complete("run", "-e", "test", "he") == ["hello"]
    assert complete("run", "--froz") == ["--frozen"]
    assert complete("shell", "-e", "") == ["default", "test"]
    assert complete("add", "--feature", "") == ["default", "test"]
    assert complete("install", "-p", "") == ["linux-64"]
    assert complete("task", "add", "x", "--depends-on", "b") == ["build"]
    assert complete("install", "--manifest-path", "pix") == ["pixi.toml"]
    assert complete("import", "-e", "") == []
