"""YAML in the dialect rattler writes (serde_yaml 0.9 on top of libyaml), through PyYAML: the
general reader and writer, for what the fast ones (`blockyaml.py`, `emit.py`) decline.

Reading composes nodes (so errors can name a line), converted to pyxi's own node tree
(`nodes.py`); plain scalars are resolved as serde_yaml does (`scalars.py`). Writing drives
libyaml's emitter (PyYAML's C binding when present) with serde_yaml's choices: block style
everywhere, no line wrapping, unicode kept, and a string quoted exactly when serde_yaml would
read its plain form back as something other than a string.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from yaml import nodes as pynodes
from yaml.representer import SafeRepresenter
from yaml.resolver import BaseResolver

from pyxi.lockfile import nodes
from pyxi.lockfile.scalars import TAG, plain_tag

YAMLError = yaml.YAMLError
MarkedYAMLError = yaml.MarkedYAMLError


# ---------------------------------------------------------------------------------- reading


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # libyaml's loader when PyYAML was built with it (the same interface, much faster)
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """No implicit tag resolution: pyxi resolves plain scalars itself (`scalars.py`)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""


def compose(text: str) -> nodes.Node | None:
    """The node tree of one YAML document (None for an empty document)."""
    root = yaml.compose(text, Loader=_Loader)
    return None if root is None else _converted(root)


def _converted(node: pynodes.Node) -> nodes.Node:
    line = node.start_mark.line
    if isinstance(node, pynodes.ScalarNode):
        return nodes.ScalarNode(node.value, line, node.style or None)
    if isinstance(node, pynodes.SequenceNode):
        return nodes.SequenceNode([_converted(item) for item in node.value], line)
    if isinstance(node, pynodes.MappingNode):
        return nodes.MappingNode([(_converted(k), _converted(v)) for k, v in node.value], line)
    raise TypeError(f"unexpected YAML node {node!r}")


# ---------------------------------------------------------------------------------- writing


class _SerdeResolver(BaseResolver):
    """Tells the emitter which plain strings serde_yaml would not read back as strings."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is pynodes.ScalarNode and implicit[0] and isinstance(value, str):
            return plain_tag(value)
        tag: str = super().resolve(kind, value, implicit)
        return tag


class _SerdeRepresenter(SafeRepresenter):
    def represent_str(self, data: str) -> pynodes.ScalarNode:
        style = "|" if "\n" in data else None
        return self.represent_scalar(TAG + "str", data, style=style)


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
