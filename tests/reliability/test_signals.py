"""Signals and exit codes of the commands pyxi waits for (a task's dependencies, a task with a
cache, `pyxi shell`): a child killed by signal N gives 128+N as a shell reports it, and a
SIGINT/SIGTERM sent to pyxi reaches the child, whose cleanup runs to the end before pyxi
exits 130/143 without starting the tasks that follow."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from pyxi.testing.cli import PYXI

from .conftest import Workspace, finish, wait_for

TASKS = """
[tasks]
dies = "kill -{sig} $$"
after-death = {{ cmd = "echo ran > after.txt", depends-on = ["dies"] }}
cached-dies = {{ cmd = "kill -{sig} $$", outputs = ["never.txt"] }}
# A dependency that cleans up on SIGINT/SIGTERM; its cleanup waits for the file `finish`, so the
# test can check that pyxi neither kills it nor exits while it cleans up.
careful = '''trap 'touch cleanup-started; while [ ! -e finish ]; do sleep 0.02; done; echo cleaned > cleaned.txt; exit 0' INT TERM; touch started; while [ ! -e release ]; do sleep 0.02; done'''
after-careful = {{ cmd = "echo ran > after.txt", depends-on = ["careful"] }}
# The same, ending as a well-behaved program does after Ctrl-C: killed by SIGINT itself.
polite = '''trap 'touch cleanup-started; while [ ! -e finish ]; do sleep 0.02; done; echo cleaned > cleaned.txt; trap - INT; kill -INT $$' INT; touch started; while [ ! -e release ]; do sleep 0.02; done'''
after-polite = {{ cmd = "echo ran > after.txt", depends-on = ["polite"] }}
"""


def _workspace(ws: Workspace, sig: str = "KILL") -> None:
    ws.write(
        '[workspace]\nname = "sig"\nchannels = []\nplatforms = ["linux-64"]\n'
        + TASKS.format(sig=sig)
    )


SIGNALS = [("KILL", 137), ("TERM", 143), ("SEGV", 139)]


@pytest.mark.parametrize(("sig", "code"), SIGNALS, ids=[s for s, _ in SIGNALS])
def test_a_dependency_killed_by_a_signal_exits_128_plus_n(workspace: Workspace, sig: str, code: int) -> None:
    _workspace(workspace, sig)
    result = workspace.pyxi("run", "after-death", expect=code)
    assert not (workspace.root / "after.txt").exists(), "the chain stopped at the killed task"
    assert "Traceback" not in result.stderr


def test_a_waited_for_main_command_killed_by_a_signal_exits_128_plus_n(workspace: Workspace) -> None:
    _workspace(workspace)
    workspace.pyxi("run", "cached-dies", expect=137)  # a task with outputs: pyxi waits for it


def test_an_execd_command_killed_by_a_signal_shows_that_signal(workspace: Workspace) -> None:
    _workspace(workspace)
    # The last task replaces pyxi (exec): the caller sees the signal itself, as with pixi.
    assert workspace.pyxi("run", "dies", expect=None).returncode == -signal.SIGKILL


def test_a_shell_killed_by_a_signal_exits_128_plus_n(workspace: Workspace) -> None:
    _workspace(workspace)
    done = subprocess.run(
        [PYXI, "shell"], cwd=workspace.root, env=workspace.merged({"SHELL": "/bin/bash"}),
        input="kill -KILL $$\n", capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 137, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["int", "term"])
def test_a_signal_to_pyxi_reaches_the_dependency_and_pyxi_waits_for_its_cleanup(
    workspace: Workspace, sig: int
) -> None:
    _workspace(workspace)
    root = workspace.root
    # stdin is not a terminal, so pyxi passes SIGINT on itself (from a terminal, Ctrl-C reaches
    # the task directly, and pyxi only waits).
    process = subprocess.Popen([PYXI, "run", "after-careful"], cwd=root, env=workspace.env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    workspace.processes.append(process)
    wait_for(lambda: (root / "started").exists() or process.poll() is not None, "the task to start")
    process.send_signal(sig)
    wait_for(lambda: (root / "cleanup-started").exists(), "the task's cleanup to start")
    time.sleep(0.6)  # pyxi used to SIGKILL the task 0.25 s after Ctrl-C
    assert process.poll() is None, "pyxi waits while its task cleans up"
    (root / "finish").touch()
    result = finish(process)
    assert result.returncode == 128 + sig, str(result)  # 130 for SIGINT, 143 for SIGTERM
    assert (root / "cleaned.txt").read_text() == "cleaned\n", "the cleanup ran to its end"
    assert not (root / "after.txt").exists(), "no task starts after the interruption"
    assert "Traceback" not in result.stderr


def test_ctrl_c_at_a_terminal_reaches_the_task_once_and_pyxi_waits(workspace: Workspace) -> None:
    """At a terminal, Ctrl-C goes to the whole foreground process group: pyxi does not pass it
    on a second time, waits for the task's cleanup, and stops the chain when the task dies."""
    import os
    import pty

    _workspace(workspace)
    root = workspace.root
    controller, terminal = pty.openpty()
    process = subprocess.Popen([PYXI, "run", "after-polite"], cwd=root, env=workspace.env,
                               stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    workspace.processes.append(process)
    os.close(terminal)
    try:
        wait_for(lambda: (root / "started").exists() or process.poll() is not None, "the task to start")
        os.killpg(process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        wait_for(lambda: (root / "cleanup-started").exists(), "the task's cleanup to start")
        time.sleep(0.6)
        assert process.poll() is None, "pyxi waits while its task cleans up"
        (root / "finish").touch()
        result = finish(process)
    finally:
        os.close(controller)
    assert result.returncode == 130, str(result)
    assert (root / "cleaned.txt").exists() and not (root / "after.txt").exists()
