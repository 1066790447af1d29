"""What a user can type or do around the command line: an empty command, a current folder
deleted under the shell, a reader that stops reading, a yes/no variable set to nonsense. Each
gets a clear `error:` (or, for a closed pipe, quiet success as pixi gives), never a traceback."""

from __future__ import annotations

import os
import subprocess

import pytest

from pyxi.testing.cli import PYXI, Result

from .conftest import Workspace

EMPTY = '[workspace]\nname = "edge"\nchannels = []\nplatforms = ["linux-64"]\n\n[tasks]\nhello = "echo hello"\n'


@pytest.fixture
def empty(workspace: Workspace) -> Workspace:
    workspace.write(EMPTY)
    return workspace


@pytest.mark.parametrize("installed", [False, True], ids=["fresh", "quick-path"])
@pytest.mark.parametrize("words", [[""], ["--", ""], ["  ", "x"]], ids=["empty", "after-dashdash", "blank"])
def test_run_an_empty_command(empty: Workspace, installed: bool, words: list[str]) -> None:
    if installed:  # an unchanged, installed workspace takes the import-light path
        empty.pyxi("install")
        empty.pyxi("run", "true")
    result = empty.pyxi("run", *words, expect=2)
    assert result.stderr.startswith("error: `pyxi run` needs a command or a task name"), str(result)
    assert "hello" in result.stderr  # the tasks it could run


def _from_deleted_folder(ws: Workspace, *args: str) -> Result:
    """`pyxi ARGS` started in a folder that is deleted just before pyxi starts."""
    gone = ws.root / "gone"
    gone.mkdir()
    script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
    done = subprocess.run(["sh", "-c", script, "sh", str(gone), PYXI, *args], env=ws.env,
                          capture_output=True, text=True, timeout=120, check=False)
    return Result(done.returncode, done.stdout, done.stderr)


COMMANDS = [("run", "echo", "x"), ("run", "hello"), ("install",), ("info",), ("lock",), ("list",),
            ("add", "foo"), ("task", "list"), ("shell-hook",), ("doctor",), ("init",)]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_deleted_current_folder_is_a_clear_error(empty: Workspace, command: tuple[str, ...]) -> None:
    empty.pyxi("install")
    empty.pyxi("run", "true")  # so `run` would take its import-light path
    result = _from_deleted_folder(empty, *command)
    assert result.returncode == 1, str(result)
    assert result.stderr.startswith("error: the current folder no longer exists"), str(result)
    assert "Traceback" not in result.stderr and "help: " in result.stderr


def test_version_needs_no_current_folder(empty: Workspace) -> None:
    result = _from_deleted_folder(empty, "--version")
    assert result.returncode == 0 and result.stdout.startswith("pyxi "), str(result)


def _reader_gone(ws: Workspace, *args: str, both: bool = False) -> Result:
    """`pyxi ARGS | head -0`: the read end of stdout is closed before pyxi writes."""
    read, write = os.pipe()
    process = subprocess.Popen([PYXI, *args], cwd=ws.root, env=ws.env, stdout=write,
                               stderr=write if both else subprocess.PIPE, text=True)
    os.close(write)
    os.close(read)
    _, stderr = process.communicate(timeout=120)
    return Result(process.returncode, "", stderr or "")


# (`list` of an environment without packages is an error, as in pixi: `list --json` prints.)
PRINTING = [("info",), ("info", "--json"), ("config", "list"), ("list", "--json"), ("task", "list"),
            ("task", "list", "--json"), ("shell-hook",), ("shell-hook", "--json"), ("tree",),
            ("doctor",), ("doctor", "--json"), ("--help",), ("run", "--help"), ("install",)]


@pytest.mark.parametrize("command", PRINTING, ids=" ".join)
def test_a_closed_pipe_ends_quietly(empty: Workspace, command: tuple[str, ...]) -> None:
    empty.pyxi("install")
    for both in (False, True):
        result = _reader_gone(empty, *command, both=both)
        assert result.returncode == 0, str(result)  # as pixi: exit 0, no complaint
        assert "error" not in result.stderr.lower() and "Traceback" not in result.stderr, str(result)


@pytest.mark.parametrize("variable", ["PIXI_FROZEN", "PIXI_LOCKED"])
@pytest.mark.parametrize("command", [("run", "echo", "x"), ("install",), ("list",), ("shell-hook",)],
                         ids=" ".join)
def test_a_yes_no_variable_with_another_value_is_an_error(empty: Workspace, variable: str, command: tuple[str, ...]) -> None:
    empty.pyxi("install")
    empty.pyxi("run", "true")
    result = empty.pyxi(*command, env={variable: "garbage"}, expect=2)
    assert result.stderr.startswith(f"error: invalid value `garbage` for the environment variable {variable}")
    assert "help: " in result.stderr


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "On", "y", "t", "0", "false", "no", "off", "N", ""])
def test_yes_no_variables_take_pixis_words(empty: Workspace, value: str) -> None:
    empty.pyxi("lock")
    empty.pyxi("install", env={"PIXI_FROZEN": value, "PIXI_LOCKED": value})


def test_a_command_line_flag_wins_over_its_variable(empty: Workspace) -> None:
    empty.pyxi("lock")
    empty.pyxi("install", "--frozen", env={"PIXI_FROZEN": "garbage"})  # as pixi (clap)


@pytest.mark.parametrize("installed", [False, True], ids=["fresh", "quick-path"])
@pytest.mark.parametrize("words", [["seq", "1", "1000000"], ["count"]], ids=["command", "task"])
def test_a_command_whose_reader_goes_away_dies_of_sigpipe(empty: Workspace, installed: bool, words: list[str]) -> None:
    """`pyxi run seq 1 1000000 | head -1`: the command stops as it would without pyxi, by
    SIGPIPE, instead of inheriting Python's "ignore SIGPIPE" and complaining."""
    empty.write(EMPTY + 'count = "seq 1 1000000"\n')
    if installed:
        empty.pyxi("install")
        empty.pyxi("run", "true")
    result = _reader_gone(empty, "run", *words)
    assert result.returncode == -13, str(result)  # SIGPIPE, what a shell shows as 141
    assert "Broken pipe" not in result.stderr, str(result)
