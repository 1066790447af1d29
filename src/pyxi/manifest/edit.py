"""Edits to `pixi.toml` / `[tool.pixi]` in `pyproject.toml` that keep the user's file as written.

tomlkit keeps comments, order, quoting and blank lines; this module only decides *where* a
value goes (`[dependencies]`, `[feature.X.target.P.pypi-dependencies]`, …) and writes the
result atomically (temporary file, fsync, rename), so a crash never leaves half a manifest.
`restore()` puts the bytes read at the start back, for commands that must undo a failed edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from tomlkit.container import Container
from tomlkit.items import AoT, Array, Table

from pyxi.atomic import atomic_write
from pyxi.consts import DEFAULT_FEATURE, PYPROJECT_TOML
from pyxi.diagnostics import Location, ManifestError
from pyxi.manifest.edit_inline import ENVIRONMENTS, child, inherits_workspace
from pyxi.names import normalize_name, normalize_pypi_name

CONDA_TABLE = "dependencies"
PYPI_TABLE = "pypi-dependencies"
TASKS_TABLE = "tasks"


class ManifestEditor:
    """One manifest file, parsed with tomlkit, edited in memory, then saved (or restored)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = path.read_bytes()
        try:
            self.doc = tomlkit.parse(self.original.decode("utf-8"))
        except Exception as error:  # tomlkit's parse errors carry line/col in their text
            raise ManifestError(
                f"cannot edit {path.name}: {error}", location=Location(path, getattr(error, "line", None)),
                help="fix the TOML at that line (pyxi keeps the file as written, so it edits "
                "only what it can read back exactly)",
            ) from error
        self.is_pyproject = path.name == PYPROJECT_TOML

    # --- locating tables -------------------------------------------------------------------

    def _base(self) -> tuple[str, ...]:
        return ("tool", "pixi") if self.is_pyproject else ()

    def table_path(
        self, table: str, feature: str | None, platform: str | None, environment: str | None = None
    ) -> tuple[str, ...]:
        """`environment` names an environment's own tables (`[environments.NAME.TABLE]`)."""
        path = self._base()
        if environment:
            path += (ENVIRONMENTS, environment)
        elif feature and feature != DEFAULT_FEATURE:
            path += ("feature", feature)
        if platform:
            path += ("target", platform)
        return path + (table,)

    def find(self, path: tuple[str, ...]) -> Any | None:
        node: Any = self.doc
        for key in path:
            if not hasattr(node, "get") or key not in node:
                return None
            node = node[key]
        return node

    def ensure(self, path: tuple[str, ...]) -> Any:
        """The table at `path`, created (with super-table parents, so no empty `[feature]`
        headers appear) when missing."""
        node: Any = self.doc
        for depth, key in enumerate(path):
            parent = path[depth - 1] if depth else None
            node = child(node, key, parent, last=depth == len(path) - 1)
            if not hasattr(node, "get"):
                dotted = ".".join(path[: depth + 1])
                raise ManifestError(f"cannot edit {self.path.name}: `{dotted}` is not a table")
        return node

    # --- dependencies ----------------------------------------------------------------------

    def set_dependency(
        self, name: str, value: Any, *, pypi: bool, feature: str | None, platform: str | None,
        environment: str | None = None,
    ) -> None:
        if pypi and not environment and self._uses_project_dependencies(feature, platform):
            self._set_project_dependency(name, value)
            return
        table_name = PYPI_TABLE if pypi else CONDA_TABLE
        table = self.ensure(self.table_path(table_name, feature, platform, environment))
        existing = _key_in(table, name, pypi)
        _put(table, existing or name, _toml_value(value))

    def inherits_workspace(
        self, name: str, *, feature: str | None, platform: str | None, environment: str | None = None
    ) -> bool:
        """Whether that conda table's entry for `name` is `{ workspace = true }`."""
        table = self.find(self.table_path(CONDA_TABLE, feature, platform, environment))
        key = _key_in(table, name, False) if table is not None else None
        return table is not None and key is not None and inherits_workspace(table[key])

    def remove_dependency(
        self, name: str, *, pypi: bool, feature: str | None, platform: str | None,
        environment: str | None = None,
    ) -> bool:
        removed = False
        if pypi and not environment and self._uses_project_dependencies(feature, platform):
            removed = self._remove_project_dependency(name)
        table_name = PYPI_TABLE if pypi else CONDA_TABLE
        table = self.find(self.table_path(table_name, feature, platform, environment))
        key = _key_in(table, name, pypi) if table is not None else None
        if table is not None and key is not None:
            del table[key]
            removed = True
        return removed

    # --- `[project] dependencies` of a pyproject.toml ---------------------------------------

    def _uses_project_dependencies(self, feature: str | None, platform: str | None) -> bool:
        """PyPI dependencies of the default feature go to `[project] dependencies`, unless
        `[project] dynamic` lists it: then a build backend provides them, a static list next
        to that is invalid (PEP 621), and `[tool.pixi.pypi-dependencies]` takes them."""
        if not self.is_pyproject or platform or (feature and feature != DEFAULT_FEATURE):
            return False
        project = self.find(("project",))
        if not isinstance(project, (Table, Container, dict)):
            return False
        dynamic = project.get("dynamic", [])
        return not (isinstance(dynamic, list) and "dependencies" in dynamic)

    def _project_array(self) -> Array:
        project = self.ensure(("project",))
        if "dependencies" not in project:
            project["dependencies"] = tomlkit.array()
        return project["dependencies"]

    def _project_entries(self, name: str) -> Iterator[tuple[int, str]]:
        wanted = normalize_pypi_name(name)
        array = self.find(("project", "dependencies"))
        for index, item in enumerate(array or []):
            if _requirement_name(str(item)) == wanted:
                yield index, str(item)

    def _set_project_dependency(self, name: str, value: Any) -> None:
        text = value if isinstance(value, str) else str(value)
        entries = list(self._project_entries(name))
        array = self._project_array()
        if entries:
            array[entries[0][0]] = text
        else:
            array.append(text)

    def _remove_project_dependency(self, name: str) -> bool:
        indexes = [index for index, _ in self._project_entries(name)]
        array = self.find(("project", "dependencies"))
        if array is not None:
            for index in reversed(indexes):
                del array[index]
        return bool(indexes)

    # --- tasks -----------------------------------------------------------------------------

    def set_task(
        self, name: str, value: Any, *, feature: str | None, platform: str | None,
        environment: str | None = None,
    ) -> None:
        table = self.ensure(self.table_path(TASKS_TABLE, feature, platform, environment))
        _put(table, name, _toml_value(value))

    def remove_task(
        self, name: str, *, feature: str | None, platform: str | None,
        environment: str | None = None,
    ) -> bool:
        table = self.find(self.table_path(TASKS_TABLE, feature, platform, environment))
        if table is None or name not in table:
            return False
        del table[name]
        return True

    # --- saving ----------------------------------------------------------------------------

    def text(self) -> str:
        return tomlkit.dumps(self.doc)

    def save(self) -> bool:
        """Write the edited document; False (and nothing written) when it did not change."""
        data = self.text().encode("utf-8")
        if data == self.original:
            return False
        atomic_write(self.path, data)
        return True

    def restore(self) -> None:
        """Put the bytes read at the start back (after a failed lock/install)."""
        if self.path.read_bytes() != self.original:
            atomic_write(self.path, self.original)


def _put(table: Any, key: str, value: Any) -> None:
    """Set `key`; a new key goes right after the table's last value, so comments and blank
    lines that close the table (and usually introduce the next one) stay below it."""
    if key in table or not isinstance(table, Table):
        table[key] = value
        return
    body = table.value.body
    values = [
        index for index, (name, item) in enumerate(body)
        if name is not None and not isinstance(item, (Table, AoT))
    ]
    index = values[-1] + 1 if values else 0
    if index >= len(body):
        table[key] = value
    else:
        table.value._insert_at(index, key, tomlkit.item(value))


def _key_in(table: Any, name: str, pypi: bool) -> str | None:
    if name in table:
        return name
    normal = normalize_name(name, pypi)
    for key in table:
        if normalize_name(key, pypi) == normal:
            return key
    return None


def _requirement_name(text: str) -> str | None:
    try:
        return normalize_pypi_name(Requirement(text).name)
    except InvalidRequirement:
        return None


def _toml_value(value: Any) -> Any:
    """Plain dicts become inline tables (`{ version = "1", extras = ["x"] }`), as pixi writes."""
    if isinstance(value, dict) and not isinstance(value, (Table, AoT)):
        inline = tomlkit.inline_table()
        for key, item in value.items():
            inline[key] = _toml_value(item)
        return inline
    if isinstance(value, (list, tuple)):
        array = tomlkit.array()
        array.extend(_toml_value(item) for item in value)
        return array
    return value
