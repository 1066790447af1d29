"""A fast reader for the YAML that lock files are written in, without PyYAML.

rattler (serde_yaml) writes one block mapping of block mappings and sequences, scalars on one
line each: plain, or quoted with `'` when their plain form reads as another type. This reader
takes exactly that: indentation-structured lines, `key: value`, `- item`, `[]`, `{}`,
single-quoted and simple double-quoted scalars. Anything else (comments, flow collections,
anchors, tags, block scalars, escapes, tabs, a plain scalar that could continue or end in a
comment, a key without a value …) makes `parse` return None, and the caller reads the text
with PyYAML, which also words the errors of text that is not YAML.
"""

from __future__ import annotations

import re

from pyxi.lockfile.nodes import MappingNode, Node, ScalarNode, SequenceNode

# Characters PyYAML's reader accepts: anything else is an error it must word. The full class
# takes ~5 ms to compile, so it is compiled only for text that is not ASCII.
_UNPRINTABLE_ASCII = re.compile("[^\x0a\x20-\x7e]")
_UNPRINTABLE = "[^\x0a\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]|[-?:][^\s]")
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_KEYS_SEEN: set[str] = set()  # keys `_KEY` has matched, this process


def _unprintable(text: str) -> bool:
    if text.isascii():
        return _UNPRINTABLE_ASCII.search(text) is not None
    return re.search(_UNPRINTABLE, text) is not None  # compiled once, cached by `re`


class _Decline(Exception):
    """Not in the subset this reader takes."""


def parse(text: str) -> Node | None:
    """The root node of `text`, or None when it needs the general reader."""
    if _unprintable(text) or text.startswith("\ufeff"):
        return None
    try:
        lines = _Lines(text)
        if not lines.end or lines.indent(0) != 0:
            raise _Decline
        root, position = lines.block(0, 0)
        if position != lines.end:
            raise _Decline
    except _Decline:
        return None
    return root


class _Lines:
    def __init__(self, text: str) -> None:
        self.text = text.split("\n")
        if self.text and self.text[-1] == "":
            self.text.pop()
        self.indents: list[int] = []
        for line in self.text:
            content = line.lstrip(" ")
            if not content or line[-1] == " " or content[0] == "#":
                raise _Decline  # blank lines, trailing spaces, comments
            self.indents.append(len(line) - len(content))
        self.end = len(self.text)

    def indent(self, index: int) -> int:
        return self.indents[index]

    def _item(self, index: int, indent: int) -> str | None:
        """The text after `- ` of a sequence item at `indent` on line `index`, else None."""
        if index >= self.end or self.indents[index] != indent:
            return None
        content = self.text[index][indent:]
        if content[:2] == "- ":
            return content[2:]
        return "" if content == "-" else None

    def block(self, index: int, indent: int) -> tuple[Node, int]:
        content = self.text[index][indent:]
        if content == "-" or content.startswith("- "):
            return self.sequence(index, indent)
        return self.mapping(index, indent, content)

    def sequence(self, index: int, indent: int) -> tuple[Node, int]:
        items: list[Node] = []
        first = index
        while (rest := self._item(index, indent)) is not None:
            if not rest or rest[:2] == "- " or rest == "-":
                raise _Decline  # an item on the next lines, or a sequence in a sequence
            if _key_of(rest) is not None:
                item, index = self.mapping(index, indent + 2, rest)
            else:
                item, index = _scalar(rest, index), index + 1
            items.append(item)
        self._no_deeper(index, indent)
        return SequenceNode(items, first), index

    def mapping(self, index: int, indent: int, content: str) -> tuple[Node, int]:
        pairs: list[tuple[Node, Node]] = []
        first = index
        while True:
            split = _key_of(content)
            if split is None:
                raise _Decline
            key, value = split
            key_node = ScalarNode(key, index)
            if value:
                pairs.append((key_node, _scalar(value, index)))
                index += 1
            else:
                node, index = self._nested(index + 1, indent)
                pairs.append((key_node, node))
            if index >= self.end or self.indents[index] != indent:
                break
            content = self.text[index][indent:]
            if content[:2] == "- " or content == "-":
                break  # the parent's sequence (this mapping is one of its items)
        self._no_deeper(index, indent)
        return MappingNode(pairs, first), index

    def _nested(self, index: int, indent: int) -> tuple[Node, int]:
        """The value of `key:` with nothing after the colon: a deeper block, or a sequence at
        the key's own indentation."""
        if index >= self.end:
            raise _Decline  # an empty value
        deeper = self.indent(index)
        content = self.text[index][deeper:]
        if deeper > indent:
            return self.block(index, deeper)
        if deeper == indent and (content.startswith("- ") or content == "-"):
            return self.sequence(index, indent)
        raise _Decline  # an empty value

    def _no_deeper(self, index: int, indent: int) -> None:
        if index < self.end and self.indents[index] > indent:
            raise _Decline  # a continuation line, or a block where none may start


def _key_of(content: str) -> tuple[str, str] | None:
    """(key, value text) of `key: value` / `key:`, or None when `content` is no such line."""
    colon = content.find(":")
    if colon <= 0:
        return None
    key = content[:colon]
    if key not in _KEYS_SEEN:  # a lock repeats a few dozen keys thousands of times
        if not _KEY.fullmatch(key):
            return None
        if len(_KEYS_SEEN) < 4096:
            _KEYS_SEEN.add(key)
    if colon == len(content) - 1:
        return key, ""
    if content[colon + 1] != " ":
        return None
    value = content[colon + 2:]
    if not value or value[0] == " ":
        raise _Decline
    return key, value


def _scalar(text: str, line: int) -> Node:
    if text in ("[]", "{}"):
        return SequenceNode([], line) if text == "[]" else MappingNode([], line)
    first = text[0]
    if first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            raise _Decline
        return ScalarNode(inner.replace("''", "'"), line, "'")
    if first == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"' or '"' in inner or "\\" in inner:
            raise _Decline
        return ScalarNode(inner, line, '"')
    if not _PLAIN_START.match(text) or ": " in text or " #" in text or text[-1] == ":" \
            or text.startswith(("---", "...")):
        raise _Decline
    return ScalarNode(text, line)
