"""`pyxi config set/unset/append/prepend`: change one key of one config file, keeping the
rest of the file (comments, order) as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyxi.diagnostics import Location, PyxiError

from .read import parse_layer
from .schema import LIST_KEYS, SETTABLE, parse_value


def unknown_key(key: str) -> PyxiError:
    import difflib

    close = difflib.get_close_matches(key, SETTABLE, n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    return PyxiError(f"Unknown key: {key}",
                     help=f"{hint}supported keys: {', '.join(SETTABLE)}")


def set_key(path: Path, key: str, text: str | None) -> None:
    """Set `key` to the value `text` spells (pixi's rules), or remove it when `text` is None."""
    if key not in SETTABLE:
        raise unknown_key(key)
    if text is None:
        _change(path, lambda doc: _remove(doc, key.split(".")))
        return
    value = _parsed(key, text)
    _change(path, lambda doc: _put(doc, key.split("."), value))


def add_to_list(path: Path, key: str, text: str, first: bool) -> None:
    """`append` (or, `first`, `prepend`) one item to a list key."""
    if key not in LIST_KEYS:
        verb = "prepend" if first else "append"
        raise PyxiError(f"{verb} is only supported for list keys: {', '.join(LIST_KEYS)}",
                        help=f"use `pyxi config set {key} VALUE` for other keys")

    def change(doc: Any) -> None:
        parts = key.split(".")
        current = _lookup(doc, parts)
        items = [str(item) for item in current] if isinstance(current, list) else []
        items = [text, *items] if first else [*items, text]
        _put(doc, parts, items)

    _change(path, change)


def _parsed(key: str, text: str) -> object:
    try:
        value = parse_value(key, text)
    except ValueError as error:
        raise PyxiError(f"invalid value `{text}` for `{key}`: {error}",
                        help=f"for example: pyxi config set {key} …") from None
    if key == "detached-environments" and isinstance(value, str):
        return str(Path(value).expanduser().absolute())
    return value


def _change(path: Path, change: Any) -> None:
    import tomlkit

    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    parse_layer(text, path)  # never rewrite a file that does not parse
    doc = tomlkit.parse(text)
    change(doc)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        from pyxi.atomic import atomic_write

        atomic_write(path, tomlkit.dumps(doc).encode("utf-8"))
    except OSError as error:
        raise PyxiError(f"cannot write the config file {path}: {error.strerror or error}",
                        location=Location(path)) from error


def _lookup(doc: Any, parts: list[str]) -> Any:
    for part in parts:
        if part not in doc:
            return None
        doc = doc[part]
    return doc


def _put(doc: Any, parts: list[str], value: object) -> None:
    import tomlkit

    for part in parts[:-1]:
        if part not in doc:
            doc[part] = tomlkit.table()
        doc = doc[part]
    doc[parts[-1]] = value


def _remove(doc: Any, parts: list[str]) -> None:
    if len(parts) > 1 and parts[0] in doc:
        _remove(doc[parts[0]], parts[1:])
        if not doc[parts[0]]:
            del doc[parts[0]]
    elif parts[0] in doc:
        del doc[parts[0]]
