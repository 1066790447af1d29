"""The options every command takes, before or after its name, and the words that are no
command: usage errors per subcommand, `did you mean`, `pixi-NAME` extensions, exit codes."""

from __future__ import annotations

import os
import stat

from workflow_world import manifest

from pyxi.testing.cli import run_pyxi


def test_global_options_before_or_after_the_command(make_workspace, wf_channel, tmp_path):
    ws = make_workspace(manifest(wf_channel.url))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = ws.base_env
    # -m (short) and --manifest-path=, before and after the command, from another folder
    for words in (["-m", str(ws.root), "install"], ["install", "-m", str(ws.root)],
                  [f"--manifest-path={ws.root / 'pixi.toml'}", "list"]):
        assert run_pyxi(words, elsewhere, env).returncode == 0
    # -q before the command silences the command's own report
    assert run_pyxi(["-q", "-m", str(ws.root), "install"], elsewhere, env).stderr == ""
    assert "already up to date" in run_pyxi(["install", "-m", str(ws.root)], elsewhere, env).stderr
    # every command takes them, nested subcommands too
    ws.pyxi("task", "list", "--no-progress", "--concurrent-solves=2", "--offline=false", "-q")
    ws.pyxi("workspace", "export", "conda-environment", "--color", "never", "-v")


def test_a_bad_flag_shows_the_subcommand_usage_and_exits_2(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url))
    result = ws.pyxi("install", "--bogus", expect=2)
    assert result.stderr.startswith("usage: pyxi install [OPTIONS]")
    assert "unrecognized arguments: --bogus" in result.stderr
    nested = ws.pyxi("task", "add", "--nope", "t", "echo", expect=2)
    assert nested.stderr.startswith("usage: pyxi task add [OPTIONS]")
    offline = ws.pyxi("run", "--offline=maybe", "x", expect=2)
    assert "usage: pyxi run [OPTIONS]" in offline.stderr
    both = ws.pyxi("-m", str(ws.root), "-w", "named", "info", expect=2)
    assert "cannot be used with '--workspace'" in both.stderr


def test_unknown_command_suggests_the_nearest_and_extensions_run(make_workspace, wf_channel,
                                                                tmp_path):
    ws = make_workspace(manifest(wf_channel.url))
    typo = ws.pyxi("tee", expect=2)
    assert "error: unrecognized subcommand 'tee'" in typo.stderr
    assert "tip: a similar subcommand exists: 'tree'" in typo.stderr
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    extension = bin_dir / "pixi-greet"
    extension.write_text('#!/bin/sh\necho "greetings: $*"\n')
    extension.chmod(extension.stat().st_mode | stat.S_IEXEC)
    env = {"PATH": f"{bin_dir}{os.pathsep}{ws.base_env['PATH']}"}
    assert ws.pyxi("greet", "a", "b", env=env).stdout == "greetings: a b\n"
    assert "greet" in ws.pyxi("--list", env=env).stdout
    # a built-in command wins over an extension of the same name
    (bin_dir / "pixi-list").write_text("#!/bin/sh\necho extension\n")
    (bin_dir / "pixi-list").chmod(0o755)
    assert "extension" not in ws.pyxi("list", "--json", env=env).stdout
    assert ws.pyxi("i", "--help").stdout.startswith("usage: pyxi install [OPTIONS]")  # aliases


def test_unknown_command_in_run_exits_127_with_the_tasks(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, '\n[tasks]\nhello = "echo hi"\n'))
    result = ws.pyxi("run", "helo", expect=127)
    assert "command not found: helo" in result.stderr
    assert "did you mean the task `hello`?" in result.stderr
    assert "Available tasks:\n\thello" in result.stderr


def test_as_is_and_no_install_use_the_environment_as_it_is(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, '\n[tasks]\nhello = "echo as-is"\n',
                                 platforms='["osx-arm64"]'))
    # another platform only, no lock: --as-is runs the task without locking or installing
    assert ws.pyxi("run", "--as-is", "hello").stdout == "as-is\n"
    assert not ws.lock.exists() and not (ws.root / ".pixi" / "envs").exists()
    (ws.root / "pixi.toml").write_text(manifest(wf_channel.url, '\n[tasks]\nhello = "echo x"\n'))
    ws.pyxi("run", "hello", env={"PIXI_NO_INSTALL": "1"})  # the lock is made, nothing installed
    assert ws.lock.exists() and not (ws.root / ".pixi" / "envs" / "default").exists()
    bad = ws.pyxi("run", "hello", env={"PIXI_NO_INSTALL": "maybe"}, expect=2)
    assert "PIXI_NO_INSTALL" in bad.stderr


def test_verbosity_levels_colours_and_variables(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url))
    verbose = ws.pyxi("lock", "-v").stderr
    assert "DEBUG pyxi.conda.solve: solving environment `default` on linux-64" in verbose
    assert "DEBUG" not in ws.pyxi("lock").stderr
    (ws.root / "pixi.toml").write_text(manifest(wf_channel.url) + "\n[feature.unused.dependencies]\n")
    assert "warning:" in ws.pyxi("list").stderr and ws.pyxi("list", "-q").stderr == ""
    no_color = {k: v for k, v in ws.base_env.items() if k != "NO_COLOR"}
    coloured = run_pyxi(["list", "-e", "nope"], ws.root, {**no_color, "PIXI_COLOR": "always"}, 1)
    assert "\x1b[" in coloured.stderr
    plain = run_pyxi(["list", "-e", "nope", "--color", "never"], ws.root,
                     {**no_color, "PIXI_COLOR": "always"}, 1)
    assert "\x1b[" not in plain.stderr
    wrong = run_pyxi(["info"], ws.root, {**no_color, "PIXI_COLOR": "sometimes"}, 2)
    assert "PIXI_COLOR" in wrong.stderr


def test_named_workspace_from_the_registry(make_workspace, wf_channel, tmp_path):
    ws = make_workspace(manifest(wf_channel.url))
    home = tmp_path / "pixi-home"
    home.mkdir()
    (home / "workspaces.toml").write_text(f'[named-workspaces]\nmine = "{ws.root}"\n')
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    env = {**ws.base_env, "PIXI_HOME": str(home)}
    assert '"name": "alpha"' in run_pyxi(["list", "-w", "mine", "--json"], elsewhere, env).stdout
    missing = run_pyxi(["list", "--workspace", "yours"], elsewhere, env, 1)
    assert "could not find workspace 'yours'" in missing.stderr and "mine" in missing.stderr
