"""`[workspace.dependencies]` and the `{ workspace = true }` entries that inherit from it.

The pool holds conda specs by name (looked up case-insensitively, as conda names are). An entry
`name = { workspace = true }` in `[dependencies]`, `[constraints]`, the legacy
`[host-dependencies]` / `[build-dependencies]` tables, and their `[feature.*]`,
`[target.*]` and `[environments.*]` forms takes the pool's spec for that name; it may lay
`build` or `channel` over it, never `version` or a source location, which the pool owns.
Inheritance is resolved here, while parsing, so everything downstream (solving, lock
freshness, `info`) sees the spec exactly as pixi does; `CondaDependency.inherited` remembers
the marker for edits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from pyxi.manifest.errors import Source, check_keys, opt_str, want_table, wrong_type
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.model import CondaDependency
from pyxi.manifest.parse_deps import conda_dep

POOL_TABLE = "`[workspace.dependencies]`"
_OWNED = ("version", "path", "git", "url")  # only the pool says these
_OVERRIDES = ("build", "channel")
_SOURCE_KEYS = ("path", "git")


def parse_pool(
    src: Source, value: object, path: KeyPath, pixi_build: bool
) -> dict[str, CondaDependency]:
    """The pool, by lower-case name. Source entries need the `pixi-build` preview, as in pixi."""
    pool: dict[str, CondaDependency] = {}
    for name, spec in want_table(src, value, path).items():
        entry_path = path + (name,)
        if isinstance(spec, dict) and not pixi_build and any(k in spec for k in _SOURCE_KEYS):
            src.error(
                "conda source dependencies are not allowed without enabling the 'pixi-build' "
                f"preview flag (source dependency `{name}`)",
                entry_path,
                help='add `preview = ["pixi-build"]` to the workspace table',
            )
        if name.lower() in pool:
            src.error(f"`{name}` is defined twice in {POOL_TABLE}", entry_path)
        pool[name.lower()] = conda_dep(src, name, spec, entry_path)
    return pool


def inherited_dep(
    src: Source, name: str, table: dict[str, Any], path: KeyPath, unsupported: Iterable[str]
) -> CondaDependency:
    """`name = { workspace = true, build = … }`: the pool's spec with the overrides laid on."""
    marker_path = path + ("workspace",)
    if src.pool is None:
        src.error(
            "`workspace` inheritance is not supported in this table",
            marker_path,
            help=f"write the spec here; only the workspace's dependency tables inherit from "
            f"{POOL_TABLE}",
        )
    marker = table["workspace"]
    if not isinstance(marker, bool):
        wrong_type(src, marker, "a boolean", marker_path)
    if not marker:
        _reject_false(src, table, path)
    for key in _OWNED:
        if key in table:
            src.error(
                f"`{key}` is mutually exclusive with `workspace`",
                path + (key,),
                help=f"the {POOL_TABLE} entry owns `{key}`: change it there, or drop "
                "`workspace = true` and write the whole spec here",
            )
    overrides = {key: value for key, value in table.items() if key != "workspace"}
    check_keys(src, overrides, path, _OVERRIDES, unsupported)
    base = src.pool.get(name.lower())
    if base is None:
        src.error(
            f"the workspace does not define `{name}` in {POOL_TABLE}",
            marker_path,
            help=f"add `{name}` to {POOL_TABLE}, or write its spec here instead of "
            "`{ workspace = true }`",
        )
    return replace(
        base,
        name=name,
        build=opt_str(src, overrides, "build", path) or base.build,
        channel=opt_str(src, overrides, "channel", path) or base.channel,
        location=src.loc(path),
        inherited=True,
    )


def _reject_false(src: Source, table: dict[str, Any], path: KeyPath) -> None:
    if len(table) > 1:
        src.error("`workspace = false` cannot be combined with other fields", path)
    src.error(
        "`workspace` cannot be false",
        path + ("workspace",),
        help="inheriting is opt-in: remove `workspace = false` and write the spec, or use "
        "`{ workspace = true }`",
    )
