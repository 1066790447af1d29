"""Helper processes pyxi starts for its own work (uv): they never outlive pyxi.

- On Linux each one is started with `PR_SET_PDEATHSIG`: when pyxi dies, even by SIGKILL, the
  kernel kills the helper too.
- pyxi's interrupt handler calls `stop_helpers()`: a SIGINT or SIGTERM to pyxi alone stops
  the helpers at once instead of waiting for them to finish their work.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_running: set[subprocess.Popen[str]] = set()
_guard = threading.Lock()


def run_helper(
    argv: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `argv` to completion with its output captured (like `subprocess.run`)."""
    process = subprocess.Popen(
        list(argv), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
        preexec_fn=_dies_with_parent(),  # noqa: PLW1509 - one prctl call, values computed before fork
    )
    with _guard:
        _running.add(process)
    try:
        stdout, stderr = process.communicate()
    except BaseException:
        process.kill()
        process.wait()
        raise
    finally:
        with _guard:
            _running.discard(process)
    return subprocess.CompletedProcess(list(argv), process.returncode, stdout, stderr)


def stop_helpers() -> None:
    """Ask every running helper to stop (from a signal handler: no waiting here)."""
    for process in list(_running):
        if process.returncode is None:
            with contextlib.suppress(OSError):
                process.terminate()


def _dies_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` that makes the child get SIGKILL when pyxi dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.PyDLL(None).prctl  # PyDLL: the call keeps the GIL (child side of fork)
    except (OSError, AttributeError):
        return None
    parent, kill = os.getpid(), int(signal.SIGKILL)  # computed here: the child does little

    def arm() -> None:
        prctl(_PR_SET_PDEATHSIG, kill, 0, 0, 0)
        if os.getppid() != parent:  # pyxi died before the request took effect
            os.kill(os.getpid(), kill)

    return arm
