"""`[environments]` and `[feature.X]` as `pyxi workspace environment|feature` change them: an
environment is written as a list of features (`test = ["test"]`), or as an inline table when it
has a solve-group or leaves the default feature out, as pixi writes it."""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.items import InlineTable

from pyxi.manifest.edit import ManifestEditor, _put
from pyxi.manifest.edit_workspace import inline


def _environments(editor: ManifestEditor) -> Any:
    return editor.ensure((*editor._base(), "environments"))


def environment_value(features: list[str] | None, solve_group: str | None,
                      no_default_feature: bool) -> Any:
    if solve_group is None and not no_default_feature:
        array = tomlkit.array()
        array.extend(features or [])
        return array
    table: dict[str, Any] = {}
    if features is not None:
        table["features"] = list(features)
    if solve_group is not None:
        table["solve-group"] = solve_group
    if no_default_feature:
        table["no-default-feature"] = True
    return inline(table)


def put_environment(editor: ManifestEditor, name: str, value: Any) -> None:
    table = _environments(editor)
    if name in table:
        table[name] = value
    else:
        _put(table, name, value)


def remove_environment(editor: ManifestEditor, name: str) -> bool:
    table = editor.find((*editor._base(), "environments"))
    if table is None or name not in table:
        return False
    del table[name]
    return True


def set_environment_features(editor: ManifestEditor, name: str, features: list[str]) -> None:
    """Replace an environment's feature list, leaving the rest of its entry as written."""
    table = _environments(editor)
    entry = table.get(name)
    if entry is None or not hasattr(entry, "get"):  # the list form, or not written at all
        value = tomlkit.array()
        value.extend(features)
        table[name] = value
        return
    items = dict(entry.unwrap())
    if features:
        items["features"] = features
    else:
        items.pop("features", None)
    if isinstance(entry, InlineTable):  # rewritten whole, spaced as pixi writes it
        table[name] = inline(items) if items else tomlkit.array()
    elif features:
        entry["features"] = features
    elif items and "features" in entry:
        del entry["features"]
    elif not items:
        table[name] = tomlkit.array()


def remove_feature_table(editor: ManifestEditor, name: str) -> bool:
    """Delete `[feature.NAME]` with its sub-tables (and `[feature]` when it is left empty)."""
    parent = editor.find(editor._base()) if editor._base() else editor.doc
    if parent is None:
        return False
    features = parent.get("feature")
    if features is None or name not in features:
        return False
    del features[name]
    if not features:
        del parent["feature"]
    return True
