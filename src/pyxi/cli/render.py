"""The single place where errors and warnings become text."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from pyxi.diagnostics import PyxiError


def use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render_error(error: PyxiError, color: bool = False) -> str:
    lines = [f"{_paint('error', '1;31', color)}: {error.message}"]
    if error.location is not None:
        lines.append(f"  --> {error.location}")
    for note in error.notes:
        lines.append(f"  {_paint('note', '1;34', color)}: {note}")
    if error.help:
        lines.append(f"  {_paint('help', '1;32', color)}: {error.help}")
    return "\n".join(lines)


def warn(message: str, color: bool | None = None) -> None:
    if color is None:
        color = use_color("auto", sys.stderr)
    print(f"{_paint('warning', '1;33', color)}: {message}", file=sys.stderr)


def render_internal_error(exc: BaseException, verbose: bool) -> str:
    head = f"error: internal error in pyxi: {type(exc).__name__}: {exc}"
    if verbose:
        import traceback

        return "".join(traceback.format_exception(exc)) + head
    return head + "\n  help: run again with --verbose for the full traceback, and report it"
