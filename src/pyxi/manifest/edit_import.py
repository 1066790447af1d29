"""Manifest edits beyond dependency entries, for `add -p` and `import`: workspace platforms,
a feature's (or inline environment's) channels and platforms, and `[environments]` entries.
"""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.items import Array, InlineTable, Table

from pyxi.diagnostics import ManifestError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_pep508 import inline_environment


def workspace_path(editor: ManifestEditor) -> tuple[str, ...]:
    """`[workspace]`, or the deprecated `[project]` of a manifest that still uses it."""
    base = ("tool", "pixi") if editor.is_pyproject else ()
    if editor.find(base + ("workspace",)) is None and editor.find(base + ("project",)) is not None:
        return base + ("project",)
    return base + ("workspace",)


def add_workspace_platforms(editor: ManifestEditor, names: list[str]) -> None:
    if names:
        append_unique(editor, workspace_path(editor) + ("platforms",), names)


def append_unique(editor: ManifestEditor, path: tuple[str, ...], values: list[str]) -> list[str]:
    """Append the values the array at `path` lacks (creating it); returns those appended."""
    parent = editor.ensure(path[:-1])
    if path[-1] not in parent:
        parent[path[-1]] = tomlkit.array()
    array = parent[path[-1]]
    if not isinstance(array, Array):
        raise ManifestError(f"cannot edit {editor.path.name}: `{'.'.join(path)}` is not a list")
    present = {_text(item) for item in array}
    added = [value for value in values if value not in present]
    for value in added:
        array.append(value)
    return added


def _text(item: Any) -> str:
    if isinstance(item, (Table, InlineTable, dict)):
        return str(item.get("channel") or item.get("name") or item.get("platform") or "")
    return str(item)


def owner_path(editor: ManifestEditor, feature: str | None, environment: str | None) -> tuple[str, ...]:
    """The table of a feature (`[feature.F]`) or of an environment's inline content."""
    base = ("tool", "pixi") if editor.is_pyproject else ()
    if environment:
        parent = editor.ensure(base)
        if "environments" not in parent:
            parent["environments"] = tomlkit.table(is_super_table=True)
        inline_environment(parent["environments"], environment)
        return base + ("environments", environment)
    return base + ("feature", feature or "default")


def declare_environment(
    editor: ManifestEditor, name: str, features: list[str] | None, no_default_feature: bool
) -> None:
    """Add `[environments] NAME`, or the features it lacks to an existing one."""
    base = ("tool", "pixi") if editor.is_pyproject else ()
    environments = editor.ensure(base + ("environments",))
    entry = environments.get(name)
    if entry is None:
        value = tomlkit.inline_table()
        if features:
            value["features"] = list(features)
        if no_default_feature:
            value["no-default-feature"] = True
        environments[name] = features if features and not no_default_feature else value
        return
    if isinstance(entry, list):
        entry.extend(f for f in features or [] if f not in entry)
        return
    if features:
        if "features" not in entry:
            entry["features"] = tomlkit.array()
        entry["features"].extend(f for f in features if f not in entry["features"])
