"""Edits to `pixi.toml` / `[tool.pixi]` in `pyproject.toml` that keep the user's file as written.

tomlkit keeps comments, order, quoting and blank lines; this module only decides *where* a
value goes (`[dependencies]`, `[feature.X.target.P.pypi-dependencies]`, …) and writes the
result atomically (temporary file, fsync, rename), so a crash never leaves half a manifest.
`restore()` puts the bytes read at the start back, for commands that must undo a failed edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from pyxi.atomic import atomic_write
from pyxi.consts import DEFAULT_FEATURE, PYPROJECT_TOML
from pyxi.diagnostics import Location, ManifestError
from pyxi.manifest.edit_inline import ENVIRONMENTS, inherits_workspace, table_form
from pyxi.manifest.edit_pep508 import (
    PROJECT_DEPENDENCIES,
    arrays_of,
    entries,
    pep508_array,
    remove_requirement,
    set_requirement,
)
from pyxi.names import normalize_name

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
        """Where a table lives: the root tables (default feature), `[feature.F]`, or the content
        written inline on an environment (`[environments.E]`, pixi's `--environment`)."""
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
        headers appear) when missing; an `[environments]` entry on the way, written as a
        feature list or inline table, becomes `[environments.NAME]` first (pixi's way)."""
        node: Any = self.doc
        base = self._base()
        if path[len(base) : len(base) + 1] == (ENVIRONMENTS,) and len(path) >= len(base) + 2:
            table_form(self.find((*base, ENVIRONMENTS)), path[len(base) + 1])
        for depth, key in enumerate(path):
            if key not in node:
                last = depth == len(path) - 1
                table = tomlkit.table(is_super_table=not last)
                if depth == 0 and last and not self.text().endswith("\n\n"):
                    table.trivia.indent = "\n"  # a blank line before a new top-level header
                node[key] = table
            node = node[key]
            if not hasattr(node, "get"):
                dotted = ".".join(path[: depth + 1])
                raise ManifestError(f"cannot edit {self.path.name}: `{dotted}` is not a table")
        return node

    # --- dependencies ----------------------------------------------------------------------

    def set_dependency(
        self, name: str, value: Any, *, pypi: bool, feature: str | None, platform: str | None,
        environment: str | None = None, requirement: str | None = None, table: str | None = None,
    ) -> None:
        """`requirement`: the PEP 508 form of a PyPI dependency, when one can say it all; a
        pyproject.toml then keeps it in its standard arrays, as pixi does. `table`: a conda
        table other than `dependencies` (`host-dependencies`, `build-dependencies`)."""
        array = (
            pep508_array(self, name, feature, platform, environment)
            if pypi and requirement is not None else None
        )
        if array is not None:
            set_requirement(self, array, name, requirement or "")
            return
        path = self.table_path(_table(pypi, table), feature, platform, environment)
        node = self.ensure(path)
        existing = _key_in(node, name, pypi)
        _put(node, existing or name, _toml_value(value))
        if pypi and self.is_pyproject and path == self.table_path(PYPI_TABLE, None, None):
            remove_requirement(self, PROJECT_DEPENDENCIES, name)  # one home per dependency

    def has_dependency(
        self, name: str, *, pypi: bool, feature: str | None, platform: str | None,
        environment: str | None = None, table: str | None = None,
    ) -> bool:
        node = self.find(self.table_path(_table(pypi, table), feature, platform, environment))
        if node is not None and _key_in(node, name, pypi) is not None:
            return True
        if not (pypi and self.is_pyproject) or platform or environment:
            return False
        return any(any(entries(self, array, name)) for array in arrays_of(feature))

    def inherits_workspace(
        self, name: str, *, feature: str | None, platform: str | None,
        environment: str | None = None, table: str | None = None,
    ) -> bool:
        """Whether that conda table's entry for `name` is `{ workspace = true }`."""
        node = self.find(self.table_path(_table(False, table), feature, platform, environment))
        key = _key_in(node, name, False) if node is not None else None
        return node is not None and key is not None and inherits_workspace(node[key])

    def remove_dependency(
        self, name: str, *, pypi: bool, feature: str | None, platform: str | None,
        environment: str | None = None, table: str | None = None,
    ) -> bool:
        removed = False
        if pypi and self.is_pyproject and not platform and not environment:
            results = [remove_requirement(self, array, name) for array in arrays_of(feature)]
            removed = any(results)  # every array, not only the first that held it
        node = self.find(self.table_path(_table(pypi, table), feature, platform, environment))
        key = _key_in(node, name, pypi) if node is not None else None
        if node is not None and key is not None:
            del node[key]
            removed = True
        return removed

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


def _table(pypi: bool, table: str | None) -> str:
    return PYPI_TABLE if pypi else table or CONDA_TABLE


def _key_in(table: Any, name: str, pypi: bool) -> str | None:
    if name in table:
        return name
    normal = normalize_name(name, pypi)
    for key in table:
        if normalize_name(key, pypi) == normal:
            return key
    return None


def _toml_value(value: Any) -> Any:
    """Plain dicts become inline tables (`{ version = "1", extras = ["x"] }`), as pixi writes."""
    if isinstance(value, dict) and not isinstance(value, (Table, AoT)):
        inline = tomlkit.inline_table()
        for key, item in value.items():
            inline[key] = _toml_value(item)
        items = [item for item in inline.value.body if item[0] is not None]
        if items:  # `{ a = 1 }`, spaced as pixi (toml_edit) writes it; tomlkit writes `{a = 1}`
            items[0][1].trivia.indent = " "
            items[-1][1].trivia.trail = " "
        return inline
    if isinstance(value, (list, tuple)):
        array = tomlkit.array()
        array.extend(_toml_value(item) for item in value)
        return array
    return value
