"""The parts of manifest edits that inline environments and inherited entries need.

- `[environments.NAME]` may be written as a feature list (`dev = ["lint"]`) or an inline table;
  content written into it keeps that entry valid (`{ features = ["lint"], dependencies = … }`)
  and stays on its line.
- `name = { workspace = true }` entries take their spec from `[workspace.dependencies]`: an
  edit that names no version leaves them as they are (pixi's rule for `add` and `upgrade`).
"""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.items import Array, InlineTable

ENVIRONMENTS = "environments"


def child(node: Any, key: str, parent_key: str | None, last: bool) -> Any:
    """`node[key]` as a table to write into, created when missing: a table under a table, an
    inline table inside an inline one; an environment's feature list becomes an inline table
    that keeps it as `features`."""
    if key in node:
        if parent_key == ENVIRONMENTS and isinstance(node[key], Array):
            node[key] = _with_features(node[key])
        return node[key]
    if isinstance(node, InlineTable):
        node[key] = tomlkit.inline_table()
    else:
        node[key] = tomlkit.table(is_super_table=not last)
    return node[key]


def _with_features(features: Array) -> InlineTable:
    comment_ws, comment = features.trivia.comment_ws, features.trivia.comment
    features.trivia.comment_ws = features.trivia.comment = ""
    table = tomlkit.inline_table()
    table["features"] = features
    table.trivia.comment_ws, table.trivia.comment = comment_ws, comment  # the line keeps it
    return table


def inherits_workspace(entry: Any) -> bool:
    """Whether a dependency entry is `{ workspace = true, … }` (or `name.workspace = true`)."""
    return hasattr(entry, "get") and entry.get("workspace") is True


def is_bare(version: str | None) -> bool:
    """A spec that names no version: it keeps an inherited entry as it is."""
    return version is None or version.strip() in ("", "*")


def drop_feature(environments: Any, feature: str) -> list[str]:
    """Take `feature` out of every environment that lists it, in either form, keeping the
    environment's own content (what `workspace feature remove` needs); the names changed."""
    changed: list[str] = []
    for name in list(environments or ()):
        entry = environments[name]
        listed = entry if isinstance(entry, Array) else entry.get("features")
        if isinstance(listed, Array) and feature in listed:
            del listed[[str(item) for item in listed].index(feature)]
            changed.append(name)
    return changed


def drop_if_empty(environments: Any, name: str) -> bool:
    """Delete `[environments.NAME]` when nothing is left in it but empty tables (its last
    inline task removed, no features listed): pixi would not read that entry."""
    entry: Any = environments.get(name) if environments is not None else None
    if entry is None or not hasattr(entry, "get"):
        return False
    if any(not hasattr(value, "get") or value for value in entry.values()):
        return False
    del environments[name]
    return True
