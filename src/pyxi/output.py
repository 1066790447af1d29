"""The process's surroundings, checked before anything is written to them: colors for a
terminal, a reader that goes away (`pyxi info | head -1`: pyxi stops quietly with exit code 0,
as pixi does, instead of reporting "error: Broken pipe" about the disk), and a current folder
that is gone. Import-light (os, sys), for the entry point's shortcuts too."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the entry point imports this module
if TYPE_CHECKING:
    from typing import TextIO


def output_closed() -> bool:
    """Whether stdout or stderr is a pipe whose reader has gone."""
    return any(_reader_gone(stream) for stream in (sys.stdout, sys.stderr))


def _reader_gone(stream: TextIO) -> bool:
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return False
    try:
        import select

        poller = select.poll()
    except (ImportError, AttributeError):  # Windows: no poll; try the stream itself
        try:
            stream.flush()
        except BrokenPipeError:
            return True
        except (OSError, ValueError):
            pass
        return False
    poller.register(fd, select.POLLOUT)
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


def use_color(choice: str, stream: object) -> bool:
    """`--color` (`auto`, `always`, `never`) and `NO_COLOR` for one stream."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, code: str, color: bool) -> str:
    """`text` in the ANSI style `code` (`1;31`: bold red) when `color`."""
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def silence_output() -> None:
    """Point stdout and stderr at the null device (Python's documented recipe for SIGPIPE), so
    what is still buffered, and the interpreter's last flush, go nowhere instead of failing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError, AttributeError):
            continue
    os.close(devnull)


def flush_output() -> None:
    """Flush stdout and stderr before exiting; quietly when their reader has gone."""
    if output_closed():
        silence_output()


def current_folder_gone() -> bool:
    """The shell's current folder was deleted (or moved) under it: every path pyxi derives
    from it would fail."""
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    return False


def human_bytes(count: int) -> str:
    """`1.50 MiB`: binary units, two decimals, as pixi (indicatif's `HumanBytes`) writes sizes."""
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{count} B" if unit == "B" else f"{value:.2f} {unit}"
        value /= 1024
    return f"{count} B"
