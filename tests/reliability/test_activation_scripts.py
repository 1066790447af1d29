"""Activation scripts that print, and workspace paths that are shell code.

What a script prints is not part of the captured environment (pixi drops it too, and shows it
only when the script fails). A path or name with `"$(…)"`, `$HOME`, quotes or `%` reaches
every shell as text: the bash that sources the scripts, and the code `shell-hook` writes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pyxi.testing.cli import PYXI

from .conftest import Workspace, manifest

SCRIPT = 'echo "activating"; echo "to stderr" >&2; export X="x-$((1 + 1))"\n'
EVIL = 'q"$(touch PWNED)"`touch PWNED2`\'$HOME %PATH% & ^'


def _scripted(ws: Workspace, channel, name: str | None = "rel") -> Workspace:  # type: ignore[no-untyped-def]
    text = manifest([channel.url], {"foo": "*"}, '\n[activation]\nscripts = ["act.sh"]\n')
    if name is None:  # the project is named after its folder
        text = text.replace('name = "rel"\n', "")
    ws.write(text)
    (ws.root / "act.sh").write_text(SCRIPT)
    return ws


def _at(ws: Workspace, folder_name: str) -> Workspace:
    root = ws.root.parent / folder_name
    root.mkdir()
    return Workspace(root, ws.env)


def _no_pwned(ws: Workspace) -> None:
    found = [p for p in ws.root.parent.rglob("PWNED*")] + list(Path.cwd().glob("PWNED*"))
    assert found == [], "a path was run as shell code"


def test_printing_script_does_not_break_run(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = _scripted(workspace, channel)
    result = ws.pyxi("run", "printenv", "X")
    assert result.stdout == "x-2\n", str(result)
    assert "activating" not in result.stdout
    assert ws.pyxi("run", "printenv", "X").stdout == "x-2\n"  # from the cache


def test_printing_script_does_not_leak_into_shell_hook(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = _scripted(workspace, channel)
    hook = ws.pyxi("shell-hook", "-s", "bash").stdout
    assert "activating" not in hook and "export X=x-2" in hook
    out = subprocess.run(["bash", "--norc", "-c", hook + 'printf %s "$X"'], env=ws.env,
                         capture_output=True, text=True, check=True).stdout
    assert out == "x-2"


def test_failing_script_shows_its_output(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = _scripted(workspace, channel)
    (ws.root / "act.sh").write_text('echo "about to fail"\nexit 3\n')
    err = ws.pyxi("run", "true", expect=1).stderr
    assert err.startswith("error: an activation script failed (exit code 3):\nabout to fail"), err
    assert "act.sh" in err


def test_script_that_reads_stdin_leaves_the_input_to_the_command(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = _scripted(workspace, channel)
    (ws.root / "act.sh").write_text('read -r FIRST_LINE || true\nexport X=1\n')
    done = subprocess.run([PYXI, "run", "cat"], cwd=ws.root, env=ws.env, input="one\ntwo\n",
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout == "one\ntwo\n", done.stderr


@pytest.mark.parametrize("folder", [EVIL, "with $HOME in it", "sp ace's \"quoted\""])
def test_workspace_path_is_not_shell_code(workspace: Workspace, channel, folder: str) -> None:  # type: ignore[no-untyped-def]
    ws = _scripted(_at(workspace, folder), channel, name=None)
    result = ws.pyxi("run", "printenv", "X", "CONDA_PREFIX", "PIXI_PROJECT_NAME")
    assert result.stdout.splitlines() == ["x-2", str(ws.prefix), folder], str(result)
    _no_pwned(ws)


def _hook_in(shell: list[str], ws: Workspace, kind: str, show: str, before: str = "") -> str:
    hook = ws.pyxi("shell-hook", "-s", kind).stdout
    done = subprocess.run([*shell, before + hook + "\n" + show], cwd=ws.root, env=ws.env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


POSIX_SHOW = 'printf "%s|%s|%s" "$X" "$CONDA_PREFIX" "$PIXI_PROJECT_NAME"'


@pytest.mark.parametrize("shell", [["bash", "--norc", "-c"], ["sh", "-c"]], ids=["bash", "sh"])
def test_shell_hook_quotes_for_posix_shells(workspace: Workspace, channel, shell: list[str]) -> None:  # type: ignore[no-untyped-def]
    ws = _scripted(_at(workspace, EVIL), channel, name=None)
    out = _hook_in(shell, ws, "bash", POSIX_SHOW)
    assert out == f"x-2|{ws.prefix}|{EVIL}"
    _no_pwned(ws)


def test_bash_prompt_is_not_expanded_as_code(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    """bash expands `$(…)` in PS1 each time it draws the prompt."""
    ws = _scripted(_at(workspace, EVIL), channel, name=None)
    out = _hook_in(["bash", "--norc", "-c"], ws, "bash", 'printf %s "${PS1@P}"')
    assert out.startswith(f"({EVIL}) ")
    _no_pwned(ws)


def _need(shell: str) -> str:
    """The shell's executable (on PATH, or next to this Python); the test is skipped without."""
    found = shutil.which(shell) or shutil.which(shell, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{shell} is not installed")
    return found


@pytest.mark.parametrize("subst", [False, True], ids=["plain", "promptsubst"])
def test_shell_hook_quotes_for_zsh(workspace: Workspace, channel, subst: bool) -> None:  # type: ignore[no-untyped-def]
    zsh = _need("zsh")
    ws = _scripted(_at(workspace, EVIL), channel, name=None)
    show = POSIX_SHOW + '; printf "|"; print -rnP -- "$PS1"'
    out = _hook_in([zsh, "-f", "-c"], ws, "zsh", show, "setopt prompt_subst\n" if subst else "")
    assert out == f"x-2|{ws.prefix}|{EVIL}|({EVIL}) "
    _no_pwned(ws)


OTHER_SHELLS = {
    "fish": (["--no-config", "-c"], 'printf "%s|%s|%s" "$X" "$CONDA_PREFIX" "$PIXI_PROJECT_NAME"'),
    "xonsh": (["--no-rc", "-c"], "print($X + '|' + $CONDA_PREFIX + '|' + $PIXI_PROJECT_NAME, end='')"),
}


@pytest.mark.parametrize("kind", sorted(OTHER_SHELLS))
def test_shell_hook_quotes_for_fish_and_xonsh(workspace: Workspace, channel, kind: str) -> None:  # type: ignore[no-untyped-def]
    executable = _need(kind)
    flags, show = OTHER_SHELLS[kind]
    ws = _scripted(_at(workspace, EVIL), channel, name=None)
    assert _hook_in([executable, *flags], ws, kind, show) == f"x-2|{ws.prefix}|{EVIL}"
    _no_pwned(ws)
