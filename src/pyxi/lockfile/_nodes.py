"""Typed access to composed YAML nodes; every failure is a located `LockFileError`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pyxi.diagnostics import Location, LockFileError
from pyxi.lockfile import blockyaml
from pyxi.lockfile.nodes import MappingNode, Node, ScalarNode, SequenceNode
from pyxi.lockfile.scalars import is_plain, node_value, parse_int, plain_value

RELOCK_HELP = "re-create it with `pyxi lock` (delete the broken pixi.lock first)"
_HEX = re.compile(r"[0-9a-fA-F]*")


def child_key(parent: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{parent}[{name}]"
    return f"{parent}.{name}" if parent else name


class Doc:
    """One lock file being read: its path, for errors that say where."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, message: str, node: Node | None = None, key: str | None = None,
              help: str | None = RELOCK_HELP, prefix: bool = True) -> LockFileError:
        line = node.line + 1 if node is not None else None
        where = Location(self.path, line, key or None)
        text = f"{self.path.name}: {message}" if prefix else message
        return LockFileError(text, where, help)

    def compose(self, text: str) -> Node:
        root = blockyaml.parse(text)
        if root is None:
            root = self._compose_with_pyyaml(text)
        if root is None:
            raise self.error("the file is empty")
        return root

    def _compose_with_pyyaml(self, text: str) -> Node | None:
        from pyxi.lockfile import _yaml

        try:
            return _yaml.compose(text)
        except _yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            problem = exc.problem or exc.context or "invalid YAML"
            raise LockFileError(f"{self.path.name} is not valid YAML: {problem}",
                                Location(self.path, line), RELOCK_HELP) from None
        except _yaml.YAMLError as exc:
            raise LockFileError(f"{self.path.name} is not valid YAML: {exc}",
                                Location(self.path), RELOCK_HELP) from None

    # -- containers ---------------------------------------------------------------------

    def mapping(self, node: Node, key: str) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            what = f"`{key}`" if key else "the top level of the file"
            raise self.error(f"{what} must be a mapping", node, key)
        result: dict[str, Node] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.error("mapping keys must be plain strings", key_node, key)
            if key_node.value in result:
                raise self.error(f"duplicate key `{key_node.value}`", key_node,
                                 child_key(key, key_node.value))
            result[key_node.value] = value
        return result

    def sequence(self, node: Node, key: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            raise self.error(f"`{key}` must be a list", node, key)
        return list(node.value)

    def require(self, fields: dict[str, Node], name: str, parent: Node, key: str) -> Node:
        if name not in fields:
            raise self.error(f"missing key `{name}`", parent, child_key(key, name))
        return fields[name]

    # -- scalars ------------------------------------------------------------------------

    def is_null(self, node: Node) -> bool:
        return is_plain(node) and node.value in ("~", "null", "Null", "NULL", "")

    def string(self, node: Node, key: str) -> str:
        if not isinstance(node, ScalarNode):
            raise self.error(f"`{key}` must be a string", node, key)
        return str(node.value)

    def opt_string(self, node: Node | None, key: str) -> str | None:
        if node is None or self.is_null(node):
            return None
        return self.string(node, key)

    def integer(self, node: Node, key: str) -> int:
        value = parse_int(node.value) if is_plain(node) else None
        if value is None:
            raise self.error(f"`{key}` must be an integer", node, key)
        return value

    def opt_integer(self, node: Node | None, key: str) -> int | None:
        if node is None or self.is_null(node):
            return None
        return self.integer(node, key)

    def boolean(self, node: Node, key: str) -> bool:
        value = plain_value(node.value) if is_plain(node) else None
        if not isinstance(value, bool):
            raise self.error(f"`{key}` must be true or false", node, key)
        return value

    def strings(self, node: Node | None, key: str) -> list[str]:
        if node is None or self.is_null(node):
            return []
        items = self.sequence(node, key)
        if all(isinstance(item, ScalarNode) for item in items):  # the common case: no keys built
            return [str(item.value) for item in items]
        return [self.string(item, child_key(key, i)) for i, item in enumerate(items)]

    def hex_hash(self, node: Node | None, key: str, length: int) -> str | None:
        text = self.opt_string(node, key)
        if text is None:
            return None
        if len(text) != length or not _HEX.fullmatch(text):
            raise self.error(f"`{key}` must be {length} hexadecimal digits, got `{text}`",
                             node, key)
        return text.lower()

    def value(self, node: Node) -> Any:
        return node_value(node)
