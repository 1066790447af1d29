"""TOML text of configuration values, for `rattler.Config.from_toml`: the settings rattler reads
are plain data (strings, numbers, booleans, lists, tables), written here as one `key = value`
line per top-level key with inline tables, so that no TOML library has to be imported (tomlkit
alone costs a `lock` or an `install` 10-20 ms)."""

from __future__ import annotations

import json
import math
from typing import Any


def toml_text(data: dict[str, Any]) -> str:
    return "".join(f"{_key(key)} = {_value(value)}\n" for key, value in data.items())


def _key(key: Any) -> str:
    return _string(str(key))


def _string(text: str) -> str:
    # A JSON string is a TOML basic string, once DEL (which TOML wants escaped) is escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return repr(value) if math.isfinite(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
