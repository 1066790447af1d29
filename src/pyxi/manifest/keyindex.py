"""Key path → line index for TOML text, so manifest errors can name a line.

`tomli` returns plain dicts without positions, so this scans the same text once more and
records where each key (and each array element) starts. It assumes the text is valid TOML
(tomli has already accepted it) and is therefore lenient rather than validating.

Array-of-tables entries and array elements are addressed by their index as a string:
`[[a]]` twice gives `("a", "0")` and `("a", "1")`; `x = [1, { y = 2 }]` gives `("x", "1", "y")`.
"""

from __future__ import annotations

from bisect import bisect_right

import tomli

KeyPath = tuple[str, ...]

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}\n#")


class KeyIndex:
    """Lines (1-based) of the keys in a TOML document."""

    def __init__(self, lines: dict[KeyPath, int]) -> None:
        self._lines = lines

    @classmethod
    def build(cls, text: str) -> KeyIndex:
        return cls(_Scanner(text).run())

    def own_line(self, path: KeyPath) -> int | None:
        """The line where exactly this key path is written, if it is written anywhere."""
        return self._lines.get(tuple(path))

    def line(self, path: KeyPath) -> int | None:
        """The line of `path`, else of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            found = self._lines.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return None

    def paths(self) -> list[KeyPath]:
        return list(self._lines)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[KeyPath, int] = {}
        self.array_counts: dict[KeyPath, int] = {}
        self._newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def run(self) -> dict[KeyPath, int]:
        prefix: KeyPath = ()
        while True:
            self._skip_blank(newlines=True)
            if self._eof():
                return self.lines
            if self._peek() == "[":
                prefix = self._header()
            else:
                self._keyval(prefix)

    # -- structure ---------------------------------------------------------------------------

    def _header(self) -> KeyPath:
        line = self._line()
        is_array = self.text.startswith("[[", self.pos)
        self.pos += 2 if is_array else 1
        key = self._key()
        self.pos += 2 if is_array else 1
        self._record_with_ancestors(key, line)
        if not is_array:
            return key
        count = self.array_counts.get(key, 0)
        self.array_counts[key] = count + 1
        element = key + (str(count),)
        self._record(element, line)
        return element

    def _keyval(self, prefix: KeyPath) -> None:
        line = self._line()
        path = prefix + self._key()
        self._record_with_ancestors(path, line, start=len(prefix))
        self._skip_blank()
        self.pos += 1  # '='
        self._skip_blank()
        self._value(path)

    def _value(self, path: KeyPath) -> None:
        ch = self._peek()
        if ch in "\"'":
            self._string()
        elif ch == "{":
            self._inline_table(path)
        elif ch == "[":
            self._array(path)
        else:
            while not self._eof() and self._peek() not in _SCALAR_END:
                self.pos += 1

    def _inline_table(self, path: KeyPath) -> None:
        self.pos += 1
        while True:
            self._skip_blank(newlines=True)
            if self._eof() or self._peek() == "}":
                self.pos += 1
                return
            if self._peek() == ",":
                self.pos += 1
                continue
            self._keyval(path)

    def _array(self, path: KeyPath) -> None:
        self.pos += 1
        index = 0
        while True:
            self._skip_blank(newlines=True)
            if self._eof() or self._peek() == "]":
                self.pos += 1
                return
            if self._peek() == ",":
                self.pos += 1
                continue
            element = path + (str(index),)
            self._record(element, self._line())
            self._value(element)
            index += 1

    # -- tokens ------------------------------------------------------------------------------

    def _key(self) -> KeyPath:
        parts: list[str] = []
        while True:
            self._skip_blank()
            parts.append(self._simple_key())
            self._skip_blank()
            if self._peek() != ".":
                return tuple(parts)
            self.pos += 1

    def _simple_key(self) -> str:
        if self._peek() in "\"'":
            start = self.pos
            self._string()
            return str(tomli.loads("k = " + self.text[start : self.pos])["k"])
        start = self.pos
        while not self._eof() and self._peek() in _BARE_KEY_CHARS:
            self.pos += 1
        return self.text[start : self.pos]

    def _string(self) -> None:
        quote = self._peek()
        if self.text.startswith(quote * 3, self.pos):
            end = self.text.find(quote * 3, self.pos + 3)
            while quote == '"' and end != -1 and _escaped(self.text, end):
                end = self.text.find(quote * 3, end + 1)
            end = len(self.text) if end == -1 else end + 3
            # up to two extra quotes may close a multi-line string (`""""` ends with a quote)
            while end < len(self.text) and self.text[end] == quote:
                end += 1
            self.pos = end
            return
        self.pos += 1
        while not self._eof() and self._peek() != quote:
            self.pos += 2 if quote == '"' and self._peek() == "\\" else 1
        self.pos += 1

    def _skip_blank(self, newlines: bool = False) -> None:
        skip = " \t\r\n" if newlines else " \t"
        while not self._eof():
            ch = self._peek()
            if ch in skip:
                self.pos += 1
            elif ch == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end == -1 else end
                if not newlines:
                    return
            else:
                return

    # -- bookkeeping -------------------------------------------------------------------------

    def _record(self, path: KeyPath, line: int) -> None:
        self.lines.setdefault(path, line)

    def _record_with_ancestors(self, path: KeyPath, line: int, start: int = 0) -> None:
        for end in range(start + 1, len(path) + 1):
            self._record(path[:end], line)

    def _line(self) -> int:
        return bisect_right(self._newlines, self.pos - 1) + 1

    def _peek(self) -> str:
        return self.text[self.pos]

    def _eof(self) -> bool:
        return self.pos >= len(self.text)


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` is preceded by an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1
