"""Two more conda dependency tables of a feature or target:

- `[constraints]`: specs a package must meet when something else pulls it in (never a reason
  to install it). Source locations make no sense there and are refused, as pixi refuses them.
- the deprecated `[host-dependencies]` and `[build-dependencies]`, kept as written (edits find
  them there) with pixi's deprecation warning; an environment reads them as `dependencies`,
  `build-dependencies` overriding `host-dependencies` overriding `dependencies` for the same
  package (`Environment.conda_dependencies`).
"""

from __future__ import annotations

from typing import Any

from pyxi.manifest.errors import Source
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.model import CondaDependency, TargetTables
from pyxi.manifest.parse_deps import parse_conda_deps

LEGACY_TABLES = ("host-dependencies", "build-dependencies")


def parse_legacy_tables(src: Source, table: dict[str, Any], path: KeyPath,
                        tables: TargetTables) -> None:
    """Fill `tables.host_dependencies` / `tables.build_dependencies`, warning as pixi does."""
    if "host-dependencies" in table:
        tables.host_dependencies = _legacy(src, table, path + ("host-dependencies",))
    if "build-dependencies" in table:
        tables.build_dependencies = _legacy(src, table, path + ("build-dependencies",))


def _legacy(src: Source, table: dict[str, Any], path: KeyPath) -> dict[str, CondaDependency]:
    src.warn(f"The `{path[-1]}` field is deprecated. Use `dependencies` instead.", path)
    return parse_conda_deps(src, table[path[-1]], path)


def parse_constraints(src: Source, value: object, path: KeyPath) -> dict[str, CondaDependency]:
    constraints = parse_conda_deps(src, value, path)
    for name, spec in constraints.items():
        if spec.source is not None:
            src.error(
                "source specifications are not supported in the `[constraints]` table, but a "
                f"source constraint was found for '{name}'",
                path + (name,),
                help="constraints only apply to packages resolved from channels",
            )
    return constraints
