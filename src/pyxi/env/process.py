"""Starting the user's command: `exec` it when nothing follows, so pyxi adds no process."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

COMMAND_NOT_FOUND = 127
_SHELL_CHARS = set("|&;<>()$`\\\"'*?[]#~=%{}\n")


def needs_shell(argv: Sequence[str]) -> bool:
    """A single word with spaces or shell syntax (`pyxi run "a && b"`) is run by a shell."""
    return len(argv) == 1 and (any(c in _SHELL_CHARS for c in argv[0]) or " " in argv[0])


def shell_argv(command: str, extra: Sequence[str] = ()) -> list[str]:
    full = command + "".join(" " + shlex.quote(arg) for arg in extra)
    if os.name == "nt":
        return ["cmd.exe", "/d", "/c", full]
    return ["bash", "-c", full] if _has_bash() else ["sh", "-c", full]


def _has_bash() -> bool:
    return any(Path(p, "bash").is_file() for p in os.environ.get("PATH", "").split(os.pathsep) if p)


def exec_command(argv: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> int:
    """Replace this process with the command (POSIX); elsewhere run it and return its code.

    Returns only on failure to start: 127 with a message when the command does not exist."""
    argv = shell_argv(argv[0]) if needs_shell(argv) else list(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    if cwd is not None:
        os.chdir(cwd)
    try:
        if os.name == "posix":
            os.execvpe(argv[0], argv, env)
        return subprocess.call(argv, env=env)
    except FileNotFoundError:
        print(f"error: command not found: {argv[0]}", file=sys.stderr)
        return COMMAND_NOT_FOUND
    except PermissionError:
        print(f"error: permission denied: {argv[0]}", file=sys.stderr)
        return 126


def call_command(argv: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> int:
    """Run and wait (used for a task's dependencies, which must be followed by more work)."""
    argv = shell_argv(argv[0]) if needs_shell(argv) else list(argv)
    try:
        return subprocess.call(argv, env=env, cwd=cwd)
    except FileNotFoundError:
        print(f"error: command not found: {argv[0]}", file=sys.stderr)
        return COMMAND_NOT_FOUND
