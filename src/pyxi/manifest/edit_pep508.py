"""Where a PyPI dependency lives in a pyproject.toml, and the PEP 508 arrays that hold them.

As pixi writes them: the default feature's go to `[project] dependencies` (unless `[project]
dynamic` lists it: a build backend provides them then, and a static list beside that is invalid,
PEP 621); a feature's go to its `[project.optional-dependencies]` group when it has one, else
to `[dependency-groups]`; an entry already in a `[tool.pixi…pypi-dependencies]` table, one for a
platform, an inline environment, an editable or one with its own index stay in pixi's tables.

Also: turning an `[environments]` entry into a table that can hold inline content.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from tomlkit.items import Array, InlineTable, Table

from pyxi.consts import DEFAULT_FEATURE
from pyxi.names import normalize_pypi_name

if TYPE_CHECKING:
    from pyxi.manifest.edit import ManifestEditor

ArrayPath = tuple[str, ...]
PROJECT_DEPENDENCIES: ArrayPath = ("project", "dependencies")


def arrays_of(feature: str | None) -> list[ArrayPath]:
    """The PEP 508 arrays that can hold a feature's PyPI dependencies."""
    if not feature or feature == DEFAULT_FEATURE:
        return [PROJECT_DEPENDENCIES]
    return [("project", "optional-dependencies", feature), ("dependency-groups", feature)]


def pep508_array(
    editor: ManifestEditor, name: str, feature: str | None, platform: str | None,
    environment: str | None,
) -> ArrayPath | None:
    """The array a PyPI dependency goes to, or None for pixi's `pypi-dependencies` table."""
    if not editor.is_pyproject or platform or environment:
        return None
    table = editor.find(editor.table_path("pypi-dependencies", feature, None))
    if table is not None and any(normalize_pypi_name(k) == normalize_pypi_name(name) for k in table):
        return None
    if not feature or feature == DEFAULT_FEATURE:
        dynamic = editor.find(("project", "dynamic"))
        return None if isinstance(dynamic, list) and "dependencies" in dynamic else PROJECT_DEPENDENCIES
    if table is not None:
        return None  # the feature already keeps its PyPI dependencies in pixi's table
    optional, groups = arrays_of(feature)
    return optional if editor.find(optional) is not None else groups


def entries(editor: ManifestEditor, array: ArrayPath, name: str) -> Iterator[tuple[int, str]]:
    """(index, text) of the requirements for `name` in the array."""
    wanted = normalize_pypi_name(name)
    found = editor.find(array)
    for index, item in enumerate(found if isinstance(found, list) else []):
        if isinstance(item, str) and requirement_name(item) == wanted:
            yield index, str(item)


def set_requirement(editor: ManifestEditor, array: ArrayPath, name: str, text: str) -> None:
    """Replace the requirement for `name` in place (keeping the array's layout) or append it."""
    existing = list(entries(editor, array, name))
    parent = editor.ensure(array[:-1])
    if array[-1] not in parent:
        parent[array[-1]] = tomlkit.array()
    items: Array = parent[array[-1]]
    if existing:
        items[existing[0][0]] = text
    else:
        items.append(text)


def remove_requirement(editor: ManifestEditor, array: ArrayPath, name: str) -> bool:
    found = editor.find(array)
    if not isinstance(found, list):
        return False
    indexes = [index for index, _ in entries(editor, array, name)]
    for index in reversed(indexes):
        del found[index]
    return bool(indexes)


def requirement_name(text: str) -> str | None:
    try:
        return normalize_pypi_name(Requirement(text).name)
    except InvalidRequirement:
        return None


def inline_environment(environments: Any, name: str) -> None:
    """Make `[environments] NAME` a table that can take inline content: a missing one becomes
    `[environments.NAME]`, the list form (`dev = ["lint"]`) and an inline table keep their
    values as keys of it."""
    entry = environments.get(name)
    if isinstance(entry, Table):
        return
    table = tomlkit.table(is_super_table=entry is None)
    if isinstance(entry, list):
        table["features"] = entry
    elif isinstance(entry, (InlineTable, dict)):
        for key, value in entry.items():
            table[key] = value
    if entry is not None:
        del environments[name]
    environments[name] = table
