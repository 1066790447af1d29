"""A fast writer for the lock document, byte for byte what `_yaml.dump` writes.

PyYAML's representer and serializer run in Python for every scalar (about 5 ms per solve of a
lock), and importing PyYAML costs a command more than that. A lock is a tree of block mappings
and sequences whose leaves mostly repeat (depends, licenses, channels): this writer walks the
tree itself and renders each distinct scalar once: a string of printable ASCII plain where
libyaml would leave it plain (`_plain`, libyaml's own analysis of a scalar), else in single
quotes, as libyaml does; any other string is rendered by libyaml (`_yaml.dump`). Whatever it
does not know how to write exactly (a multi-line string, a list in a list, an odd key) makes
`dump` return None, and the caller uses `_yaml.dump` for the whole document.
"""

from __future__ import annotations

import re
from typing import Any

from pyxi.lockfile.scalars import STR_TAG, plain_tag

_PRINTABLE_ASCII = re.compile(r"[ -~]+")
_INDICATORS = "#,[]{}&*!|>'\"%@`"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_BREAKS = "\x85\u2028\u2029"  # line breaks to YAML, as "\n" is


class _Unsupported(Exception):
    """A value this writer does not render exactly: the caller falls back to PyYAML."""


def dump(data: dict[str, Any], text_of: Any = None) -> str | None:
    """The YAML text of `data`, or None when it needs the general writer. `text_of`, if given,
    maps every string value before it is written (the lock writer strips credentials)."""
    writer = _Writer(text_of)
    try:
        writer.mapping(data, 0)
    except _Unsupported:
        return None
    return "".join(writer.out) if data else "{}\n"


class _Writer:
    def __init__(self, text_of: Any) -> None:
        self.out: list[str] = []
        self.text_of = text_of
        self.scalars: dict[Any, str] = {}
        self.strings: dict[str, str] = {}  # most scalars: each distinct one rendered once
        self.keys: dict[Any, str] = {}

    def mapping(self, data: dict[str, Any], indent: int, first: str | None = None) -> None:
        """`first`: the prefix of the first line (`- ` of a sequence item), else the padding."""
        pad = " " * indent
        lead = pad if first is None else first
        keys = self.keys
        for key, value in data.items():
            text = keys.get(key)
            if text is None:
                text = keys[key] = _key(key)
            if type(value) is str:  # the most common entry, written straight away
                self.out.append(f"{lead}{text}: {self.scalar(value)}\n")
            else:
                self.entry(lead, text, value, indent)
            lead = pad

    def entry(self, lead: str, key: str, value: Any, indent: int) -> None:
        if isinstance(value, dict) and value:
            self.out.append(f"{lead}{key}:\n")
            self.mapping(value, indent + 2)
        elif isinstance(value, list) and value:
            self.out.append(f"{lead}{key}:\n")
            self.sequence(value, indent)  # block sequences in mappings are not indented
        else:
            self.out.append(f"{lead}{key}: {self.scalar(value)}\n")

    def sequence(self, items: list[Any], indent: int) -> None:
        pad = " " * indent
        for item in items:
            if isinstance(item, dict) and item:
                self.mapping(item, indent + 2, first=pad + "- ")
            elif isinstance(item, list) and item:
                raise _Unsupported  # `- - x`: never in a lock pyxi writes
            else:
                self.out.append(f"{pad}- {self.scalar(item)}\n")

    def scalar(self, value: Any) -> str:
        if type(value) is str:
            text = self.strings.get(value)
            if text is None:
                shown = value if self.text_of is None else self.text_of(value)
                text = self.strings[value] = _render(shown)
            return text
        if value is None:
            return "null"
        if value is True or value is False:
            return "true" if value else "false"
        if type(value) is int:
            return str(value)
        if isinstance(value, dict | list):  # only empty ones get here
            return "{}" if isinstance(value, dict) else "[]"
        if isinstance(value, str) and self.text_of is not None:
            value = self.text_of(value)
        key = (type(value), value)
        text = self.scalars.get(key)
        if text is None:
            text = self.scalars[key] = _render(value)
        return text


def _key(key: Any) -> str:
    if isinstance(key, str) and _KEY.fullmatch(key) and plain_tag(key) == STR_TAG:
        return key
    raise _Unsupported


def _render(value: Any) -> str:
    if isinstance(value, str) and (value == "" or _PRINTABLE_ASCII.fullmatch(value)):
        if value and _plain_allowed(value) and plain_tag(value) == STR_TAG:
            return value
        return "'" + value.replace("'", "''") + "'"
    from pyxi.lockfile import _yaml

    text = _yaml.dump([value])  # libyaml decides: `- SCALAR\n`
    if not text.startswith("- ") or text.count("\n") != 1 or any(c in text for c in _BREAKS):
        raise _Unsupported  # a block scalar, or a line break inside quotes
    return text[2:-1]


def _plain_allowed(text: str) -> bool:
    """libyaml's verdict (`yaml_emitter_analyze_scalar`) on a printable ASCII, one-line string
    as a plain scalar in block context."""
    if text[0] == " " or text[-1] == " " or text[:3] in ("---", "..."):
        return False
    first, second = text[0], text[1:2]
    if first in _INDICATORS or (first in "?:-" and second in ("", " ")):
        return False
    return ": " not in text and " #" not in text and text[-1] != ":"
