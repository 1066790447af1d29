"""TOML text → data, every failure a located `ManifestError`: tomli's syntax errors, and
arrays or inline tables nested deeper than tomli allows (which it reports as a RecursionError,
without a position: `nesting_line` finds the line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli

from pyxi.diagnostics import Location, ManifestError


def load_toml(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        message = getattr(error, "msg", str(error))
        where = f" (column {column})" if column else ""
        raise ManifestError(
            f"invalid TOML in {path.name}: {message}{where}",
            location=Location(path, line),
            help="fix the TOML syntax at that line",
        ) from error
    except RecursionError:
        line, depth = nesting_line(text)
        raise ManifestError(
            f"invalid TOML in {path.name}: arrays or inline tables nested {depth} levels deep, "
            "more than a TOML reader accepts",
            location=Location(path, line),
            help="flatten the value that starts at that line (a manifest never needs more "
            "than a few levels)",
        ) from None


def nesting_line(text: str) -> tuple[int, int]:
    """(1-based line where brackets reach their deepest nesting, that depth), with strings
    and comments skipped."""
    depth = deepest = 0
    line = deepest_line = 1
    index, end = 0, len(text)
    while index < end:
        char = text[index]
        if char in "\"'":
            stop = _string_end(text, index)
            line += text.count("\n", index, stop)
            index = stop
            continue
        if char == "#":
            index = text.find("\n", index)
            index = end if index < 0 else index
            continue
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif char in "]}":
            depth = max(0, depth - 1)
        index += 1
    return deepest_line, deepest


def _string_end(text: str, start: int) -> int:
    """The index just after the string that starts at `start` (basic or literal, one or three
    quotes); the end of the text when it is not closed."""
    quote = text[start]
    delimiter = quote * 3 if text.startswith(quote * 3, start) else quote
    index = start + len(delimiter)
    while index < len(text):
        if quote == '"' and text[index] == "\\":
            index += 2
            continue
        if text.startswith(delimiter, index):
            return index + len(delimiter)
        if len(delimiter) == 1 and text[index] == "\n":
            return index  # an unclosed one-line string ends at its line
        index += 1
    return len(text)
