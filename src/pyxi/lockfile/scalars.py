"""How serde_yaml reads plain scalars (YAML 1.2 core: no `yes`/`no` booleans, no
sexagesimals, no timestamps), and the node tree as Python data. No PyYAML here: reading and
writing a lock need it only for what the fast paths decline (see `blockyaml.py`, `emit.py`)."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from pyxi.lockfile.nodes import MappingNode, Node, ScalarNode, SequenceNode

TAG = "tag:yaml.org,2002:"
STR_TAG = TAG + "str"
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
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
    if text in NULLS:
        return None
    if text in BOOLS:
        return BOOLS[text]
    number: int | float | None = parse_int(text)
    if number is None:
        number = parse_float(text)
    return text if number is None else number


@lru_cache(maxsize=65536)  # depends, licenses and channels repeat across a lock
def plain_tag(text: str) -> str:
    """The type serde_yaml reads the plain scalar `text` as (a string must be quoted unless
    this is `STR_TAG`); `digits` is a tag no representer produces: always quoted."""
    if text[:1].isalpha() and text not in NULLS and text not in BOOLS:
        return STR_TAG  # numbers start with a digit, a sign or a dot
    if digits_but_not_number(text):
        return TAG + "digits"
    value = plain_value(text)
    if value is None:
        return TAG + "null"
    if isinstance(value, bool):
        return TAG + "bool"
    return TAG + ("int" if isinstance(value, int) else "float" if isinstance(value, float)
                  else "str")


def is_plain(node: Node) -> bool:
    """An unquoted scalar."""
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
