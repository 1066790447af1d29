"""`[workspace]` (or the deprecated `[project]`): metadata, channels and platforms."""

from __future__ import annotations

from typing import Any

from pyxi.consts import KNOWN_SUBDIRS
from pyxi.manifest.errors import (
    Source,
    check_keys,
    opt_str,
    suggest,
    want_choice,
    want_int,
    want_list,
    want_str,
    want_str_list,
    want_table,
    wrong_type,
)
from pyxi.manifest.exclude_newer import want_exclude_newer
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.model import (
    ChannelPriority,
    ChannelRef,
    CondaDependency,
    PlatformSpec,
    SolveStrategy,
    WorkspaceMeta,
)
from pyxi.manifest.parse_deps import parse_pypi_options
from pyxi.manifest.parse_inherit import parse_pool
from pyxi.manifest.parse_pypi_map import parse_conda_pypi_map
from pyxi.manifest.parse_s3 import parse_s3_options
from pyxi.manifest.platform_names import PACKAGE_OF_KEY, derive_name
from pyxi.manifest.specs import check_conda_version, check_simple_version, check_workspace_version

_METADATA_KEYS = (
    "authors", "license", "license-file", "readme", "homepage", "repository", "documentation",
)  # fmt: skip
WORKSPACE_KEYS = (
    "name", "version", "description", *_METADATA_KEYS, "channels", "platforms",
    "channel-priority", "solve-strategy", "pypi-options", "requires-pixi", "preview",
    "conda-pypi-map", "dependencies", "exclude-newer", "s3-options", "build-variants",
)  # fmt: skip
WORKSPACE_UNSUPPORTED = (
    "pypi-exclude-newer", "target", "build-variants-files",
)  # fmt: skip
CHANNEL_PRIORITIES: tuple[ChannelPriority, ...] = ("strict", "flexible", "disabled")
SOLVE_STRATEGIES: tuple[SolveStrategy, ...] = ("highest", "lowest", "lowest-direct")


def parse_workspace(
    src: Source, table: dict[str, Any], path: KeyPath, fallback_name: str | None = None
) -> WorkspaceMeta:
    """The workspace table; `fallback_name` is `[project].name` in a pyproject.toml."""
    check_keys(src, table, path, WORKSPACE_KEYS, WORKSPACE_UNSUPPORTED)
    _check_metadata(src, table, path)
    name = opt_str(src, table, "name", path) or fallback_name
    if not name:
        src.error(
            f"missing `name` in {src.table_name(path)}", path, help='add `name = "my-workspace"`'
        )
    meta = WorkspaceMeta(
        name=name,
        version=_version(src, table, path),
        description=opt_str(src, table, "description", path),
        channels=parse_channels(src, table.get("channels", []), path + ("channels",)),
        platforms=parse_platforms(src, table.get("platforms", []), path + ("platforms",)),
        location=src.loc(path),
    )
    if "build-variants" in table:
        meta.build_variants = _build_variants(src, table["build-variants"],
                                              path + ("build-variants",))
    if "channel-priority" in table:
        meta.channel_priority = want_choice(
            src, table["channel-priority"], CHANNEL_PRIORITIES, path + ("channel-priority",)
        )
    if "solve-strategy" in table:
        meta.solve_strategy = want_choice(
            src, table["solve-strategy"], SOLVE_STRATEGIES, path + ("solve-strategy",)
        )
    if "pypi-options" in table:
        meta.pypi_options = parse_pypi_options(src, table["pypi-options"], path + ("pypi-options",))
    if "conda-pypi-map" in table:
        meta.conda_pypi_map = parse_conda_pypi_map(
            src, table["conda-pypi-map"], path + ("conda-pypi-map",)
        )
    if "dependencies" in table:
        meta.dependencies = _pool(src, table, path)
    if "s3-options" in table:
        meta.s3_options = parse_s3_options(src, table["s3-options"], path + ("s3-options",))
    _versions(src, table, path, meta)
    return meta


def _versions(src: Source, table: dict[str, Any], path: KeyPath, meta: WorkspaceMeta) -> None:
    """`exclude-newer` and `requires-pixi` (checked against pixi's version before parsing)."""
    if "exclude-newer" in table:
        meta.exclude_newer = want_exclude_newer(src, table["exclude-newer"], path + ("exclude-newer",))
    if "requires-pixi" in table:
        spec_path = path + ("requires-pixi",)
        meta.requires_pixi = check_conda_version(
            src, want_str(src, table["requires-pixi"], spec_path), spec_path
        )


def _pool(src: Source, table: dict[str, Any], path: KeyPath) -> dict[str, CondaDependency]:
    preview = table.get("preview", [])
    pixi_build = preview is True or (isinstance(preview, list) and "pixi-build" in preview)
    return parse_pool(src, table["dependencies"], path + ("dependencies",), pixi_build)


def _check_metadata(src: Source, table: dict[str, Any], path: KeyPath) -> None:
    for key in _METADATA_KEYS:
        if key in table and key != "authors":
            want_str(src, table[key], path + (key,))
    if "authors" in table:
        want_str_list(src, table["authors"], path + ("authors",))
    preview = table.get("preview", [])
    if not isinstance(preview, bool):
        want_str_list(src, preview, path + ("preview",))


def parse_channels(src: Source, value: object, path: KeyPath) -> list[ChannelRef]:
    channels: list[ChannelRef] = []
    for i, item in enumerate(want_list(src, value, path)):
        item_path = path + (str(i),)
        if isinstance(item, str):
            channels.append(ChannelRef(item, location=src.loc(item_path)))
            continue
        if not isinstance(item, dict):
            wrong_type(src, item, "a channel name or URL, or `{ channel, priority }`", item_path)
        check_keys(src, item, item_path, ("channel", "priority", "exclude-newer"))
        if "channel" not in item:
            src.error("a channel table needs `channel`", item_path)
        cutoff = None
        if "exclude-newer" in item:
            cutoff = want_exclude_newer(src, item["exclude-newer"], item_path + ("exclude-newer",))
            src.record_unsupported(item_path + ("exclude-newer",), "solve")
        channels.append(
            ChannelRef(
                raw=want_str(src, item["channel"], item_path + ("channel",)),
                priority=want_int(src, item.get("priority", 0), item_path + ("priority",)),
                location=src.loc(item_path),
                exclude_newer=cutoff,
            )
        )
    return channels


def parse_platforms(src: Source, value: object, path: KeyPath) -> list[PlatformSpec]:
    platforms: list[PlatformSpec] = []
    for i, item in enumerate(want_list(src, value, path)):
        spec = _platform(src, item, path + (str(i),))
        if any(p.name == spec.name for p in platforms):
            src.error(f"platform `{spec.name}` is listed twice", path + (str(i),))
        platforms.append(spec)
    return platforms


def _platform(src: Source, item: object, path: KeyPath) -> PlatformSpec:
    if isinstance(item, str):
        return PlatformSpec(
            _subdir(src, item, path), _subdir(src, item, path), location=src.loc(path)
        )
    if not isinstance(item, dict):
        wrong_type(src, item, "a platform name or a `{ platform = ... }` table", path)
    table: dict[str, Any] = item
    allowed = ("platform", "name", *PACKAGE_OF_KEY)
    check_keys(src, {k: v for k, v in table.items() if not k.startswith("__")}, path, allowed)
    if "platform" not in table:
        src.error(
            "a platform table needs `platform`",
            path,
            help='e.g. `{ platform = "linux-64", cuda = "12.6" }`',
        )
    subdir = _subdir(
        src, want_str(src, table["platform"], path + ("platform",)), path + ("platform",)
    )
    virtuals = tuple(
        declaration
        for key, val in table.items()
        if key not in ("platform", "name")
        for declaration in _virtuals(src, key, val, path + (key,))
    )
    name = opt_str(src, table, "name", path) or derive_name(subdir, dict(virtuals))
    return PlatformSpec(name, subdir, virtuals, location=src.loc(path))


def _virtuals(src: Source, key: str, value: object, path: KeyPath) -> list[tuple[str, str]]:
    """`cuda = "12.6"` declares `__cuda`; `cuda = { driver, arch }` `__cuda` and its compute
    capability `__cuda_arch` too."""
    if key == "cuda" and isinstance(value, dict):
        check_keys(src, value, path, ("driver", "arch"))
        if "driver" not in value:
            src.error("`cuda = { arch }` needs `driver` too", path,
                      help='e.g. `cuda = { driver = "12.0", arch = "8.6" }`')
        result = [_virtual(src, key, value["driver"], path + ("driver",))]
        if "arch" in value:
            result.append(_virtual(src, "__cuda_arch", value["arch"], path + ("arch",)))
        return result
    return [_virtual(src, key, value, path)]


def _virtual(src: Source, key: str, value: object, path: KeyPath) -> tuple[str, str]:
    package = key if key.startswith("__") else PACKAGE_OF_KEY[key]
    text = want_str(src, value, path)
    return package, text if key in ("archspec",) else check_simple_version(src, text, path)


def _subdir(src: Source, value: str, path: KeyPath) -> str:
    if value not in KNOWN_SUBDIRS:
        src.error(
            f"unknown platform `{value}`",
            path,
            help=suggest(value, KNOWN_SUBDIRS, what="platforms"),
        )
    return value


def _version(src: Source, table: dict[str, Any], path: KeyPath) -> str | None:
    version = opt_str(src, table, "version", path)
    return None if version is None else check_workspace_version(src, version, path + ("version",))


def _build_variants(src: Source, value: object, path: KeyPath) -> dict[str, list[str]]:
    """`[workspace.build-variants]`: each key a list of values (strings or numbers)."""
    variants: dict[str, list[str]] = {}
    for key, values in want_table(src, value, path).items():
        if not isinstance(values, list) or not values or not all(
                isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
            src.error(f"`{key}` in build-variants must be a non-empty list of values",
                      path + (key,), help=f'write it as `{key} = ["1.0", "2.0"]`')
        variants[key] = [str(v) for v in values]
    return variants
