"""Edits to `pixi-global.toml` that keep the user's file as written, in pixi's layout.

tomlkit keeps comments, order and table styles. New environments are written as pixi writes
them (`[envs.NAME]` with `channels`, `platform`, then `dependencies` and `exposed` as inline
tables `{ a = "*" }`); a `[envs.NAME.exposed]` table the user wrote stays a table. On save,
`version = 1` goes first when missing, and the file is replaced atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import InlineTable, Table

from pyxi.atomic import atomic_write
from pyxi.diagnostics import ManifestError
from pyxi.global_.model import MANIFEST_VERSION


class GlobalManifestEditor:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.original: bytes | None = path.read_bytes() if path.is_file() else None
        text = self.original.decode("utf-8") if self.original else ""
        try:
            self.doc = tomlkit.parse(text)
        except Exception as error:  # tomlkit's parse errors carry line and column
            raise ManifestError(f"cannot edit {path}: {error}") from error

    def reset(self, text: str) -> None:
        """Back to an earlier state of the document (`doc.as_string()`)."""
        self.doc = tomlkit.parse(text)

    # --- environments ------------------------------------------------------------------

    def env(self, name: str) -> Any:
        envs = self.doc.get("envs")
        return envs.get(name) if envs is not None else None

    def add_environment(self, name: str, channels: list[str]) -> None:
        if "envs" not in self.doc:
            self.doc["envs"] = tomlkit.table(is_super_table=True)
        table = tomlkit.table()
        array = tomlkit.array()
        array.extend(channels)
        table["channels"] = array
        if self.doc["envs"]:
            table.trivia.indent = "\n"  # a blank line after the previous environment
        self.doc["envs"][name] = table

    def remove_environment(self, name: str) -> None:
        del self.doc["envs"][name]

    def set_platform(self, env: str, platform: str) -> None:
        self.env(env)["platform"] = platform

    # --- entries of dependencies / exposed -----------------------------------------------

    def set_entry(self, env: str, table: str, key: str, value: Any) -> None:
        """`[envs.ENV.TABLE] KEY = VALUE`, replacing an entry spelled in another case."""
        body = self.env(env)
        container = body.get(table)
        if container is None:
            body[table] = _inline({key: value})
            return
        existing = _find_key(container, key)
        if existing is not None and _plain(container[existing]) == _plain(value):
            return  # already so: the user's formatting stays untouched
        if isinstance(container, InlineTable):
            pairs = {k: v for k, v in container.items() if k != existing}
            pairs[existing or key] = value
            _replace(body, table, _inline(pairs))
        else:
            container[existing or key] = value

    def remove_entry(self, env: str, table: str, key: str) -> bool:
        """Remove the entry; the table goes when it becomes empty. False when absent."""
        body = self.env(env)
        container: Any = body.get(table) if body is not None else None
        existing = _find_key(container, key) if container is not None else None
        if existing is None:
            return False
        if isinstance(container, InlineTable):
            _replace(body, table, _inline({k: v for k, v in container.items() if k != existing}))
        else:
            del container[existing]
        if not body[table]:
            del body[table]
        return True

    def clear(self, env: str, table: str) -> None:
        body = self.env(env)
        if table in body:
            del body[table]

    def set_shortcuts(self, env: str, names: list[str]) -> None:
        body = self.env(env)
        array = tomlkit.array()
        array.extend(names)
        body["shortcuts"] = array

    # --- output -------------------------------------------------------------------------

    def text(self) -> str:
        text = self.doc.as_string()
        if "version" in self.doc:
            return text
        gap = "\n" if text and not text.startswith("\n") else ""
        return f"version = {MANIFEST_VERSION}\n{gap}{text}"

    def original_text(self) -> str:
        return self.original.decode("utf-8") if self.original else ""

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, self.text().encode("utf-8"))

    def restore(self) -> None:
        """Put the bytes read at the start back (or remove a file that did not exist)."""
        if self.original is None:
            self.path.unlink(missing_ok=True)
        else:
            atomic_write(self.path, self.original)


def _replace(body: Any, key: str, table: InlineTable) -> None:
    """Swap an inline table for a new one, keeping its line ending and comment."""
    table.trivia.trail = body[key].trivia.trail
    table.trivia.comment = body[key].trivia.comment
    table.trivia.comment_ws = body[key].trivia.comment_ws
    body[key] = table


def _plain(value: Any) -> Any:
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if unwrap is not None else value


def _find_key(container: Any, key: str) -> str | None:
    """The key of `container` that names `key` (conda names are case-insensitive)."""
    return next((k for k in container if k.lower() == key.lower()), None)


def _inline(pairs: dict[str, Any]) -> InlineTable:
    """An inline table written as pixi writes one: `{ a = "*", b = { version = "1" } }`."""
    body = ", ".join(f"{tomlkit.key(k).as_string()} = {_value_text(v)}" for k, v in pairs.items())
    text = f"x = {{ {body} }}\n" if pairs else "x = {}\n"
    return tomlkit.parse(text)["x"]


def _value_text(value: Any) -> str:
    if isinstance(value, dict | Table | InlineTable):
        return _inline(dict(value)).as_string().rstrip("\n")
    return tomlkit.item(value).as_string()
