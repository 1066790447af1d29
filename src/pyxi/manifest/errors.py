"""Located manifest diagnostics: key paths → `Location`, type checks and key checks.

Every parser function receives a `Source` and a key path (a tuple of keys relative to the
pixi tables: in a pyproject.toml the `tool.pixi` prefix is added here), so every error names
the file, the line and the key the way the user wrote it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from pyxi.datamodel import model
from pyxi.diagnostics import Location, ManifestError
from pyxi.manifest.keyindex import KeyIndex, KeyPath
from pyxi.manifest.unsupported import Stage, Unsupported, stage_of

if TYPE_CHECKING:
    from pyxi.manifest.model import CondaDependency

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


@model
class Source:
    """The manifest being parsed: file, key index, table prefix and collected warnings."""

    file: Path
    index: KeyIndex
    prefix: KeyPath = ()
    warnings: list[str] = field(default_factory=list)
    # Parts pyxi reads but cannot act on yet, raised only where needed (`unsupported.py`).
    unsupported: list[Unsupported] = field(default_factory=list)
    # Names targets and features may use: workspace platform names, then their subdirs.
    platform_names: tuple[str, ...] = ()
    # `[workspace.dependencies]` by lower-case name, once parsed; None where a table cannot
    # inherit (the pool itself, global manifests).
    pool: dict[str, CondaDependency] | None = None

    def full(self, path: KeyPath) -> KeyPath:
        return self.prefix + tuple(path)

    def loc(self, path: KeyPath) -> Location:
        full = self.full(path)
        return Location(self.file, self.index.line(full), dotted(full) or None)

    def error(self, message: str, path: KeyPath, help: str | None = None) -> NoReturn:
        raise ManifestError(message, location=self.loc(path), help=help)

    def record_unsupported(self, path: KeyPath, stage: Stage | None = None) -> None:
        """Note a part pyxi cannot act on; the error comes where it is needed."""
        stage = stage or stage_of(tuple(path))
        self.unsupported.append(Unsupported(tuple(path), self.loc(path), stage))

    def warn(self, message: str, path: KeyPath | None = None) -> None:
        if path is None:
            self.warnings.append(message)
        else:
            self.warnings.append(f"{message} ({self.loc(path)})")

    def table_name(self, path: KeyPath) -> str:
        return f"`[{dotted(self.full(path))}]`" if path or self.prefix else "the top level"


Choice = TypeVar("Choice", bound=str)  # one of a tuple of literal strings


def dotted(path: Iterable[str]) -> str:
    """`("feature", "gpu", "a.b")` → `feature.gpu."a.b"`; array indices as `[0]`."""
    out = ""
    for part in path:
        if part.isdigit() and out:
            out += f"[{part}]"
            continue
        piece = part if _BARE_KEY.match(part) else f'"{part}"'
        out = f"{out}.{piece}" if out else piece
    return out


def type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (datetime.date, datetime.time)):
        return "a date-time"
    return type(value).__name__


def wrong_type(src: Source, value: object, expected: str, path: KeyPath) -> NoReturn:
    src.error(f"expected {expected}, found {type_name(value)}", path)


def want_str(src: Source, value: object, path: KeyPath) -> str:
    if not isinstance(value, str):
        wrong_type(src, value, "a string", path)
    return value


def want_bool(src: Source, value: object, path: KeyPath) -> bool:
    if not isinstance(value, bool):
        wrong_type(src, value, "a boolean", path)
    return value


def want_int(src: Source, value: object, path: KeyPath) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        wrong_type(src, value, "an integer", path)
    return value


def want_table(src: Source, value: object, path: KeyPath) -> dict[str, Any]:
    if not isinstance(value, dict):
        wrong_type(src, value, "a table", path)
    return value


def want_list(src: Source, value: object, path: KeyPath) -> list[Any]:
    if not isinstance(value, list):
        wrong_type(src, value, "an array", path)
    return value


def want_str_list(src: Source, value: object, path: KeyPath) -> tuple[str, ...]:
    items = want_list(src, value, path)
    return tuple(want_str(src, item, path + (str(i),)) for i, item in enumerate(items))


def want_choice(src: Source, value: object, choices: Sequence[Choice], path: KeyPath) -> Choice:
    """One of `choices` (typed as they are: a tuple of literals gives that literal type)."""
    text = want_str(src, value, path)
    for choice in choices:
        if choice == text:
            return choice
    src.error(
        f"invalid value `{text}` for `{dotted(src.full(path))}`",
        path,
        help=suggest(text, choices, what="values"),
    )


def suggest(word: str, allowed: Iterable[str], what: str = "keys") -> str:
    """`did you mean `x`?` when something is close, else the list of allowed values."""
    options = sorted(allowed)
    import difflib  # only for a suggestion after a mistake

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    listing = ", ".join(f"`{o}`" for o in options)
    if close:
        return f"did you mean `{close[0]}`? (allowed {what}: {listing})"
    return f"allowed {what}: {listing}"


def check_keys(
    src: Source,
    table: dict[str, Any],
    path: KeyPath,
    allowed: Iterable[str],
    unsupported: Iterable[str] = (),
) -> None:
    """Record keys pyxi does not implement (`unsupported`, raised where they are needed) and
    reject keys nobody knows."""
    allowed_set, unsupported_set = set(allowed), set(unsupported)
    for key in table:
        if key in allowed_set:
            continue
        if key in unsupported_set:
            src.record_unsupported(path + (key,))
            continue
        src.error(
            f"unknown key `{key}` in {src.table_name(path)}",
            path + (key,),
            help=suggest(key, allowed_set | unsupported_set),
        )


def opt_str(src: Source, table: dict[str, Any], key: str, path: KeyPath) -> str | None:
    """`table[key]` as a string, or None when absent."""
    value = table.get(key)
    return None if value is None else want_str(src, value, path + (key,))


def str_pairs(src: Source, value: object, path: KeyPath) -> tuple[tuple[str, str], ...]:
    """A table of strings (`env = { A = "1" }`) as ordered pairs."""
    table = want_table(src, value, path)
    return tuple((key, want_str(src, val, path + (key,))) for key, val in table.items())
