"""The YAML node tree the lock reader walks, without PyYAML (importing it costs a command more
than reading most locks does). Like PyYAML's nodes: `value` is a string, a list of nodes or a
list of (key, value) node pairs; `style` is falsy for a plain scalar, else its quote
character; `line` (0-based) lets errors name a line."""

from __future__ import annotations

from typing import Any


class Node:
    __slots__ = ("line", "style", "value")

    def __init__(self, value: Any, line: int, style: str | None = None) -> None:
        self.value = value
        self.line = line
        self.style = style


class ScalarNode(Node):
    __slots__ = ()
    value: str


class SequenceNode(Node):
    __slots__ = ()
    value: list[Node]


class MappingNode(Node):
    __slots__ = ()
    value: list[tuple[Node, Node]]
