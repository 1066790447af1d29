"""Two more conda dependency tables of a feature or target:

- `[constraints]`: specs a package must meet when something else pulls it in (never a reason
  to install it). Source locations make no sense there and are refused, as pixi refuses them.
- the deprecated `[host-dependencies]` and `[build-dependencies]`, read as pixi reads them:
  `dependencies` with a warning, `build-dependencies` overriding `host-dependencies`
  overriding `dependencies` for the same package.
"""

from __future__ import annotations

from typing import Any

from pyxi.manifest.errors import Source
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.model import CondaDependency
from pyxi.manifest.parse_deps import parse_conda_deps

LEGACY_TABLES = ("host-dependencies", "build-dependencies")


def with_legacy_tables(src: Source, table: dict[str, Any], path: KeyPath,
                       dependencies: dict[str, CondaDependency]) -> dict[str, CondaDependency]:
    """`dependencies` with the legacy tables of `table` laid over them, in pixi's order."""
    merged = dict(dependencies)
    for key in LEGACY_TABLES:
        if key in table:
            src.warn(f"The `{key}` field is deprecated. Use `dependencies` instead.", path + (key,))
            merged.update(parse_conda_deps(src, table[key], path + (key,)))
    return merged


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
