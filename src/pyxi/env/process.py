"""Starting the user's command: `exec` it when nothing follows, so pyxi adds no process.

When pyxi must wait (a task's dependency, a task with a cache, `pyxi shell`), it behaves as
pixi does: signals it receives (SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2, and SIGINT unless stdin
is a terminal, whose Ctrl-C already reaches the whole process group) are passed on to the
child, pyxi waits for the child to finish its cleanup, and then stops the chain. Exit codes
are a shell's: 128+N for a child killed by signal N, and 128+N after pyxi itself received an
aborting signal N (130 for SIGINT, 143 for SIGTERM), whatever the child did with it.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    _Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

COMMAND_NOT_FOUND = 127
_SHELL_CHARS = set("|&;<>()$`\\\"'*?[]#~=%{}\n")
_FORWARDED = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2")
_ABORTING = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")


def needs_shell(argv: Sequence[str]) -> bool:
    """A single word with spaces or shell syntax (`pyxi run "a && b"`) is run by a shell."""
    return len(argv) == 1 and (any(c in _SHELL_CHARS for c in argv[0]) or " " in argv[0])


def shell_argv(command: str, extra: Sequence[str] = ()) -> list[str]:
    full = command + "".join(" " + shlex.quote(arg) for arg in extra)
    if os.name == "nt":
        return ["cmd.exe", "/d", "/c", full]
    # Found here, not through the task's PATH: a task still runs with no PATH at all, as
    # pixi's built-in shell does.
    return [bash_path() or "/bin/sh", "-c", full]


def bash_path() -> str | None:
    """bash on the user's PATH (the system's default PATH when none is set)."""
    return shutil.which("bash", path=os.environ.get("PATH", os.defpath))


def exit_status(returncode: int) -> int:
    """A child's status as a shell reports it: 128+N when signal N killed it."""
    return 128 - returncode if returncode < 0 else returncode


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
            # Python ignores SIGPIPE; an exec'd command would inherit that (`pyxi run seq 1 9 |
            # head -1` would say "write error: Broken pipe"). subprocess resets it the same way.
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            os.execvpe(argv[0], argv, env)
        return wait_forwarding(argv, env)
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
        return wait_forwarding(argv, env, cwd)
    except FileNotFoundError:
        print(f"error: command not found: {argv[0]}", file=sys.stderr)
        return COMMAND_NOT_FOUND


def wait_forwarding(
    argv: Sequence[str], env: dict[str, str], cwd: Path | None = None, *, shell: bool = False
) -> int:
    """Start `argv`, pass signals on to it and wait for it (see the module docstring).

    `shell`: an interactive shell, which handles Ctrl-C itself; pyxi ignores SIGINT then."""
    forwarder = _Forwarder(ignore_interrupt=shell or _interactive())
    with forwarder.installed():
        process = subprocess.Popen(list(argv), env=env, cwd=cwd)
        forwarder.attach(process)
        returncode = process.wait()
    if forwarder.received is not None:
        return 128 + forwarder.received
    return exit_status(returncode)


def _interactive() -> bool:
    try:
        return os.isatty(0)
    except OSError:
        return False


class _Forwarder:
    """Signal handlers that record an aborting signal and pass every signal to the child."""

    def __init__(self, ignore_interrupt: bool) -> None:
        self.ignore_interrupt = ignore_interrupt
        self.process: subprocess.Popen[bytes] | None = None
        self.received: int | None = None
        self.pending: list[int] = []

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGINT and self.ignore_interrupt:
            return
        if signum in _signals(_ABORTING) and self.received is None:
            self.received = signum
        if self.process is None:
            self.pending.append(signum)  # arrived before the child started
        elif self.process.returncode is None:  # not reaped yet: the pid is still the child's
            with contextlib.suppress(OSError):
                self.process.send_signal(signum)

    def attach(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        for signum in self.pending:
            with contextlib.suppress(OSError):
                process.send_signal(signum)

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        previous: dict[int, _Handler] = {}
        try:
            for signum in _signals(_FORWARDED):
                if signal.getsignal(signum) == signal.SIG_IGN:
                    continue  # ignored (`nohup`): the child inherits that, as it should
                with contextlib.suppress(ValueError, OSError):  # not the main thread
                    previous[signum] = signal.signal(signum, self.handle)
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)



def _signals(names: Sequence[str]) -> list[int]:
    return [getattr(signal, name) for name in names if hasattr(signal, name)]
