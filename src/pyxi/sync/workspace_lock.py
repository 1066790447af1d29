"""One pyxi process at a time changes a workspace: an OS file lock on `.pixi/pyxi.lock`.

`acquire(root)` takes the lock (waiting, with a message, while another process holds it) and
keeps it until `release_all()` or the end of the process; the kernel drops it when a process
dies, so a killed pyxi never leaves a stale lock. Taking it twice in one process is a no-op.

A pyxi started by the holder itself (a task's dependency running `pyxi install`, say) must
not wait for its parent, which is waiting for it: the holder exports `PYXI_WORKSPACE_LOCK`
(`pid:root`), and a child that finds the lock busy while that holder is alive goes ahead.

`pyxi run` on an unchanged workspace (env/quickrun.py) only reads, and takes no lock.

`pause_point(name)` is a fault-injection seam for tests: with `PYXI_TEST_PAUSE_AT=name` the
process creates the file `$PYXI_TEST_PAUSE_FILE` (when set) and waits there until the file
`$PYXI_TEST_RELEASE_FILE` exists (when set), for at most `$PYXI_TEST_PAUSE_SECONDS` (default
60), so a test can act while it waits (edit a file, start another process), then release it, or
interrupt or kill it at that point.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pyxi import consts

LOCK_NAME = "pyxi.lock"
HOLDER_VARIABLE = "PYXI_WORKSPACE_LOCK"
WAIT_MESSAGE = "waiting for another pyxi process on this workspace…"
_POLL_SECONDS = 0.1

logger = logging.getLogger("pyxi.workspace_lock")
_held: dict[Path, IO[bytes] | None] = {}  # None: held by the parent process (see above)


def lock_path(root: Path) -> Path:
    return root / consts.PIXI_DIR / LOCK_NAME


def acquire(root: Path) -> bool:
    """Hold the workspace lock of `root`. False when it could not be taken because the
    workspace cannot be written (read-only): nothing can be changed there anyway."""
    key = root.resolve()
    if key in _held:
        return True
    try:
        handle = _open(lock_path(key))
    except OSError:
        return False
    if not _try_lock(handle):
        if _parent_holds(key):
            handle.close()
            _held[key] = None
            return True
        logger.warning(WAIT_MESSAGE)
        while not _try_lock(handle):
            time.sleep(_POLL_SECONDS)
    _held[key] = handle
    os.environ[HOLDER_VARIABLE] = f"{os.getpid()}:{key}"
    return True


@contextlib.contextmanager
def hold(path: Path, waiting: str) -> Iterator[IO[bytes]]:
    """Hold an OS lock on the file `path` (created when missing) for the `with` block,
    logging `waiting` while another process holds it. The open file is yielded."""
    handle = _open(path)
    try:
        if not _try_lock(handle):
            logger.warning(waiting)
            while not _try_lock(handle):
                time.sleep(_POLL_SECONDS)
        yield handle
    finally:
        with contextlib.suppress(OSError):
            _unlock(handle)
        handle.close()


def release_all() -> None:
    for handle in filter(None, _held.values()):
        with contextlib.suppress(OSError):
            _unlock(handle)
            handle.close()
    _held.clear()
    os.environ.pop(HOLDER_VARIABLE, None)


def is_held(root: Path) -> bool:
    return root.resolve() in _held


def _open(path: Path) -> IO[bytes]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return open(path, "a+b")  # kept open while the lock is held


def _parent_holds(root: Path) -> bool:
    pid_text, _, holder_root = os.environ.get(HOLDER_VARIABLE, "").partition(":")
    if not pid_text.isdigit() or holder_root != str(root) or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except PermissionError:
        return True
    except OSError:
        return False
    return True


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def pause_point(name: str) -> None:
    """Test seam (see the module docstring); does nothing unless PYXI_TEST_PAUSE_AT=name."""
    if os.environ.get("PYXI_TEST_PAUSE_AT") != name:
        return
    marker = os.environ.get("PYXI_TEST_PAUSE_FILE")
    if marker:
        Path(marker).write_text(str(os.getpid()))
    release = os.environ.get("PYXI_TEST_RELEASE_FILE")
    deadline = time.monotonic() + float(os.environ.get("PYXI_TEST_PAUSE_SECONDS", "60"))
    while not (release and os.path.exists(release)):
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, 0.02))
