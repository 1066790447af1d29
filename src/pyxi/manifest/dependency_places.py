"""Every dependency entry a manifest document holds, and where: found in the TOML itself (not
the parsed model), so commands that rewrite entries (`upgrade`) or explain a missing one
(`remove`) see each one exactly where the user wrote it.

Places: the root tables (the default feature), `[feature.F]`, the content written inline on
`[environments.E]`, each with its `[target.SELECTOR]` tables; and in a pyproject.toml the PEP 508
arrays `[project] dependencies`, `[project.optional-dependencies] G` and `[dependency-groups] G`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pyxi.consts import DEFAULT_FEATURE
from pyxi.datamodel import model
from pyxi.manifest.edit_pep508 import requirement_name
from pyxi.names import normalize_name

DEPENDENCY_TABLES = ("dependencies", "host-dependencies", "build-dependencies", "pypi-dependencies")


@model(frozen=True)
class Entry:
    """One dependency as written. `array` is set for a PEP 508 string of a pyproject.toml
    array (its path), else the entry is `name = value` in `table`."""

    name: str
    value: Any
    table: str
    feature: str | None = None  # None: the default feature (or inline content)
    environment: str | None = None
    platform: str | None = None
    array: tuple[str, ...] | None = None

    @property
    def pypi(self) -> bool:
        return self.table == "pypi-dependencies"

    @property
    def owner(self) -> str:
        """The feature's name as the user addresses it (`default` for the root tables)."""
        return self.feature or DEFAULT_FEATURE

    def matches(self, name: str) -> bool:
        return normalize_name(self.name, self.pypi) == normalize_name(name, self.pypi)


def entries(doc: Any, pyproject: bool) -> Iterator[Entry]:
    base: Any = _get(doc, ("tool", "pixi")) if pyproject else doc
    if isinstance(base, dict):
        yield from _tables(base, None, None)
        for name, feature in _tables_in(base.get("feature")):
            yield from _tables(feature, name, None)
        for name, environment in _tables_in(base.get("environments")):
            yield from _tables(environment, None, name)
    if pyproject:
        yield from _arrays(doc)


def _tables(owner: dict[str, Any], feature: str | None, env: str | None) -> Iterator[Entry]:
    yield from _in_tables(owner, feature, env, None)
    for selector, target in _tables_in(owner.get("target")):
        yield from _in_tables(target, feature, env, selector)


def _in_tables(
    owner: dict[str, Any], feature: str | None, env: str | None, platform: str | None
) -> Iterator[Entry]:
    for table in DEPENDENCY_TABLES:
        values = owner.get(table)
        if isinstance(values, dict):
            for name, value in values.items():
                yield Entry(name, value, table, feature, env, platform)


def _arrays(doc: Any) -> Iterator[Entry]:
    project = doc.get("project")
    if isinstance(project, dict):
        yield from _array(project.get("dependencies"), ("project", "dependencies"), None)
        for group, items in _items_in(project.get("optional-dependencies")):
            yield from _array(items, ("project", "optional-dependencies", group), group)
    for group, items in _items_in(doc.get("dependency-groups")):
        yield from _array(items, ("dependency-groups", group), group)


def _array(items: object, path: tuple[str, ...], feature: str | None) -> Iterator[Entry]:
    for item in items if isinstance(items, list) else []:
        name = requirement_name(item) if isinstance(item, str) else None
        if name is not None:
            yield Entry(name, str(item), "pypi-dependencies", feature=feature, array=path)


def _tables_in(value: object) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, item in _items_in(value):
        if isinstance(item, dict):
            yield name, item


def _items_in(value: object) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        yield from value.items()


def _get(doc: Any, path: tuple[str, ...]) -> Any:
    node = doc
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node
