"""The parts of manifest edits that inline environments and inherited entries need.

- `[environments] NAME` may be written as a feature list (`dev = ["lint"]`) or an inline table;
  content written into it turns the entry into the table `[environments.NAME]` first (pixi's
  way), keeping its features and other keys.
- `name = { workspace = true }` entries take their spec from `[workspace.dependencies]`: an
  edit that names no version leaves them as they are (pixi's rule for `add` and `upgrade`).
"""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.items import Array, InlineTable, Table

ENVIRONMENTS = "environments"


def table_form(environments: Any, name: str) -> None:
    """Make `[environments] NAME` a table of its own (`[environments.NAME]`) so that it can hold
    inline content, as pixi does: the list form keeps its list (and comment) as `features`, an
    inline table its keys; a missing entry stays absent (the edit that needs it creates it)."""
    entry = environments.get(name) if hasattr(environments, "get") else None
    if entry is None or isinstance(entry, Table):
        return
    table = tomlkit.table()
    if isinstance(entry, Array):
        table["features"] = entry
    elif isinstance(entry, InlineTable):
        for key, value in entry.unwrap().items():  # plain values: one line each
            table[key] = value
    else:
        return  # not an environment entry: the edit reports it as not a table
    del environments[name]  # a table goes after the plain entries of `[environments]`
    environments[name] = table


def inherits_workspace(entry: Any) -> bool:
    """Whether a dependency entry is `{ workspace = true, … }` (or `name.workspace = true`)."""
    return hasattr(entry, "get") and entry.get("workspace") is True


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
