"""YAML in the dialect rattler writes: serde_yaml 0.9 on top of libyaml.

Reading composes nodes (so errors can name a line) and resolves plain scalars the way
serde_yaml does (YAML 1.2 core: no `yes`/`no` booleans, no sexagesimals, no timestamps).
Writing drives libyaml's emitter (PyYAML's C binding when present) with serde_yaml's choices:
block style everywhere, no line wrapping, unicode kept, and a string quoted exactly when
serde_yaml would read its plain form back as something other than a string.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.representer import SafeRepresenter
from yaml.resolver import BaseResolver

_TAG = "tag:yaml.org,2002:"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_DEC_INT = re.compile(r"\+?[0-9]+|-[0-9]+")
_RADIX = {"0x": (16, re.compile(r"[0-9a-fA-F]+")), "0o": (8, re.compile(r"[0-7]+")),
          "0b": (2, re.compile(r"[01]+"))}
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}


def digits_but_not_number(text: str) -> bool:
    """`007`: digits with a leading zero, a string under YAML 1.2 (serde_yaml quotes it)."""
    body = text[1:] if text[:1] in ("-", "+") else text
    return len(body) > 1 and body[0] == "0" and body[1:].isascii() and body[1:].isdigit()


def _parse_radix_int(text: str) -> int | None:
    sign, body = (-1, text[1:]) if text.startswith("-") else (1, text.removeprefix("+"))
    radix = _RADIX.get(body[:2])
    if radix is None or not radix[1].fullmatch(body[2:]):
        return None
    value = sign * int(body[2:], radix[0])
    return value if -(2**127) <= value < 2**128 else None


def parse_int(text: str) -> int | None:
    """serde_yaml's integer reading: decimal, or 0x/0o/0b, within the 128-bit range."""
    if not text.isascii():
        return None
    if text[:3].lstrip("+-")[:2] in _RADIX:
        return _parse_radix_int(text)
    if digits_but_not_number(text) or not _DEC_INT.fullmatch(text):
        return None
    value = int(text)
    return value if -(2**127) <= value < 2**128 else None


def parse_float(text: str) -> float | None:
    """serde_yaml's float reading: Rust's f64 grammar (finite only) plus `.inf`/`.nan`."""
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    if digits_but_not_number(text) or not text.isascii() or not _FLOAT.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def plain_value(text: str) -> Any:
    """What serde_yaml makes of an untagged plain scalar."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    number: int | float | None = parse_int(text)
    if number is None:
        number = parse_float(text)
    return text if number is None else number


# ---------------------------------------------------------------------------------- reading


def compose(text: str) -> Node | None:
    """The node tree of one YAML document (None for an empty document)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.compose(text, Loader=loader)


def is_plain(node: Node) -> bool:
    """An unquoted scalar (PyYAML's C loader marks these '' and its Python loader None)."""
    return isinstance(node, ScalarNode) and not node.style


def node_value(node: Node) -> Any:
    """A node as Python data, scalars resolved as serde_yaml resolves them."""
    if isinstance(node, ScalarNode):
        return plain_value(node.value) if is_plain(node) else node.value
    if isinstance(node, SequenceNode):
        return [node_value(item) for item in node.value]
    if isinstance(node, MappingNode):
        return {_key_text(key): node_value(value) for key, value in node.value}
    raise TypeError(f"unexpected YAML node {node!r}")


def _key_text(node: Node) -> Any:
    return node.value if isinstance(node, ScalarNode) else node_value(node)


# ---------------------------------------------------------------------------------- writing


class _SerdeResolver(BaseResolver):
    """Tells the emitter which plain strings serde_yaml would not read back as strings."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0] and isinstance(value, str):
            return _plain_tag(value)
        tag: str = super().resolve(kind, value, implicit)
        return tag


@lru_cache(maxsize=65536)  # depends, licenses and channels repeat across a lock
def _plain_tag(text: str) -> str:
    if text[:1].isalpha() and text not in _NULLS and text not in _BOOLS:
        return _TAG + "str"  # numbers start with a digit, a sign or a dot
    if digits_but_not_number(text):
        return _TAG + "digits"  # a tag no representer produces: always quoted
    value = plain_value(text)
    if value is None:
        return _TAG + "null"
    if isinstance(value, bool):
        return _TAG + "bool"
    return _TAG + ("int" if isinstance(value, int) else "float" if isinstance(value, float)
                   else "str")


class _SerdeRepresenter(SafeRepresenter):
    def represent_str(self, data: str) -> ScalarNode:
        style = "|" if "\n" in data else None
        return self.represent_scalar(_TAG + "str", data, style=style)


_SerdeRepresenter.add_representer(str, _SerdeRepresenter.represent_str)

class _PyDumper(
    yaml.emitter.Emitter, yaml.serializer.Serializer, _SerdeRepresenter, _SerdeResolver
):
    def __init__(self, stream: Any, **kwargs: Any) -> None:
        yaml.emitter.Emitter.__init__(self, stream, width=kwargs.get("width"),
                                      allow_unicode=kwargs.get("allow_unicode"))
        yaml.serializer.Serializer.__init__(self)
        _SerdeRepresenter.__init__(self, default_flow_style=False, sort_keys=False)
        _SerdeResolver.__init__(self)


def _c_dumper() -> type[Any] | None:
    """The dumper on libyaml's emitter; None when PyYAML was built without libyaml."""
    try:
        from yaml._yaml import CEmitter
    except ImportError:
        return None

    class CDumper(CEmitter, _SerdeRepresenter, _SerdeResolver):
        def __init__(self, stream: Any, **kwargs: Any) -> None:
            CEmitter.__init__(self, stream, width=kwargs.get("width"),
                              allow_unicode=kwargs.get("allow_unicode"))
            _SerdeRepresenter.__init__(self, default_flow_style=False, sort_keys=False)
            _SerdeResolver.__init__(self)

    return CDumper


_CDumper = _c_dumper()


_UNLIMITED = 2**31 - 1  # line width: serde_yaml never folds a line


def dump(data: Any) -> str:
    """`data` (dicts, lists, str, int, float, bool, None) as serde_yaml writes it.

    libyaml's emitter is ~4× faster but escapes characters beyond the BMP (`"\\U0001F600"`)
    where serde_yaml writes them as they are; such (rare) output is redone in pure Python."""
    if _CDumper is not None:
        text = yaml.dump(data, Dumper=_CDumper, width=_UNLIMITED, allow_unicode=True)
        if "\\U" not in text:
            return text
    return yaml.dump(data, Dumper=_PyDumper, width=_UNLIMITED, allow_unicode=True)
