"""Edits of the workspace table and the per-feature lists for `pyxi workspace …`: where each
key lives (`[workspace]`, the deprecated `[project]`, `[tool.pixi.workspace]`,
`[feature.X]`, an inline `[environments.X]`), arrays edited in place so the entries a command
does not touch keep their spelling and comments, and inline tables spaced as pixi writes them.
"""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.items import Array, InlineTable, Table

from pyxi.consts import DEFAULT_FEATURE
from pyxi.diagnostics import ManifestError
from pyxi.manifest.edit import ManifestEditor

Owner = tuple[str, ...]  # the key path of a table that holds `channels`/`platforms`


def workspace_path(editor: ManifestEditor) -> Owner:
    """`[workspace]`, or `[project]` where the manifest still uses the old name."""
    base = editor._base()
    table = editor.find(base) if base else editor.doc
    key = "project" if table is not None and "project" in table and "workspace" not in table else "workspace"
    return (*base, key)


def owner_path(editor: ManifestEditor, feature: str | None = None,
               environment: str | None = None) -> Owner:
    """The table whose lists a `--feature` / `--environment` edit changes: the workspace
    table for the default feature, `[feature.X]`, or the inline `[environments.X]`."""
    if environment is not None:
        table_form_environment(editor, environment)
        return (*editor._base(), "environments", environment)
    if feature and feature != DEFAULT_FEATURE:
        return (*editor._base(), "feature", feature)
    return workspace_path(editor)


def table_form_environment(editor: ManifestEditor, name: str) -> None:
    """`dev = ["a"]` / `dev = { … }` → `[environments.dev]`, so that it can hold content."""
    environments = editor.ensure((*editor._base(), "environments"))
    entry = environments.get(name)
    if entry is None or isinstance(entry, Table):
        return
    table = tomlkit.table()
    if isinstance(entry, Array):
        table["features"] = entry
    else:
        for key, value in entry.items():
            table[key] = value
    environments[name] = table


def find_array(editor: ManifestEditor, owner: Owner, key: str) -> Array | None:
    table = editor.find(owner)
    value = table.get(key) if table is not None and hasattr(table, "get") else None
    return value if isinstance(value, Array) else None


def ensure_array(editor: ManifestEditor, owner: Owner, key: str) -> Array:
    table = editor.ensure(owner)
    if key not in table:
        table[key] = tomlkit.array()
    value = table[key]
    if not isinstance(value, Array):
        raise ManifestError(f"cannot edit {editor.path.name}: `{'.'.join((*owner, key))}` is not a list")
    return value


def set_key(editor: ManifestEditor, owner: Owner, key: str, value: Any | None) -> None:
    """Set `key` in the table at `owner` (None removes it), keeping the rest as written."""
    table = editor.ensure(owner)
    if value is None:
        if key in table:
            del table[key]
    elif key in table:
        table[key] = value
    else:
        from pyxi.manifest.edit import _put

        _put(table, key, value)


def get_key(editor: ManifestEditor, owner: Owner, key: str) -> Any | None:
    table = editor.find(owner)
    return table.get(key) if table is not None and hasattr(table, "get") else None


def inline(mapping: dict[str, Any]) -> InlineTable:
    """`{ name = "gpu", platform = "linux-64" }`: an inline table spaced as pixi writes it
    (nested dicts become nested inline tables)."""
    text = ", ".join(f"{key} = {_value_text(value)}" for key, value in mapping.items())
    item = tomlkit.parse(f"value = {{ {text} }}" if text else "value = {}")["value"]
    assert isinstance(item, InlineTable)
    return item


def _value_text(value: Any) -> str:
    if isinstance(value, dict):
        return inline(value).as_string()
    return tomlkit.item(value).as_string()


def item_name(item: Any, key: str) -> str | None:
    """The name an array entry stands for: a string, or `key` of an inline table."""
    if isinstance(item, str):
        return str(item)
    if isinstance(item, dict) and isinstance(item.get(key), str):
        return str(item[key])
    return None


def remove_where(array: Array, names: set[str], key: str, normalize: Any = str) -> None:
    """Delete the entries naming one of `names` (compared after `normalize`)."""
    for index in reversed(range(len(array))):
        name = item_name(array[index], key)
        if name is not None and normalize(name) in names:
            del array[index]
