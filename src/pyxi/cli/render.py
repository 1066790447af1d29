"""The single place where errors and warnings become text."""

from __future__ import annotations

import sys

from pyxi.diagnostics import PyxiError
from pyxi.output import paint, use_color
from pyxi.progname import as_invoked
from pyxi.redact import redact


def render_error(error: PyxiError, color: bool = False) -> str:
    lines = [f"{paint('error', '1;31', color)}: {_continued(error.message, '')}"]
    if error.location is not None:
        lines.append(f"  --> {error.location}")
    for note in error.notes:
        lines.append(f"  {paint('note', '1;34', color)}: {_continued(note, '    ')}")
    hint = error.help or _default_help(error)
    if hint:
        lines.append(f"  {paint('help', '1;32', color)}: {_continued(hint, '    ')}")
    return redact(as_invoked("\n".join(lines)))


def _default_help(error: PyxiError) -> str | None:
    """A located manifest error always gets a hint, even where its raiser had none."""
    location = error.location
    if location is None or not location.key:
        return None
    return (
        f"fix `{location.key}` in {location.file.name}; the accepted forms are in "
        "https://pixi.sh/latest/reference/pixi_manifest/"
    )


def _continued(text: str, indent: str) -> str:
    """Continuation lines of a multi-line part, indented so that only the first line of the
    whole error starts at the margin with `error:` (tool output quoted in a note often has
    its own `error:` lines)."""
    first, *rest = text.rstrip("\n").split("\n")
    return "\n".join([first, *(_indent_line(line, indent) for line in rest)])


def _indent_line(line: str, indent: str) -> str:
    if not line.strip():
        return ""
    if indent or line.lstrip().lower().startswith(("error", "warning")):
        return (indent or "  ") + line
    return line


def warn(message: str, color: bool | None = None) -> None:
    if color is None:
        color = use_color("auto", sys.stderr)
    print(f"{paint('warning', '1;33', color)}: {redact(as_invoked(message))}", file=sys.stderr)


def render_internal_error(exc: BaseException, verbose: bool) -> str:
    head = f"error: internal error in pyxi: {type(exc).__name__}: {exc}"
    if verbose:
        import traceback

        return redact("".join(traceback.format_exception(exc)) + head)
    return redact(head + "\n  help: run again with --verbose for the full traceback, and report it")


def render_interrupted() -> str:
    return (
        "error: interrupted\n"
        "  help: nothing was left half-done: pixi.lock is unchanged unless it was fully "
        "written, and an environment that was being installed is repaired by the next "
        "`pyxi install` or `pyxi run`"
    )


def render_os_error(exc: OSError) -> str:
    from pyxi.diagnostics import os_error_help

    where = f": {exc.filename}" if exc.filename else ""
    hint = os_error_help(exc)
    return redact(f"error: {exc.strerror or exc}{where}" + (f"\n  help: {hint}" if hint else ""))


def render_current_folder_gone() -> str:
    return (
        "error: the current folder no longer exists (it was deleted or moved away)\n"
        "  help: change to an existing folder (`cd \"$PWD\"` if it was created again) and run "
        "the command again"
    )
