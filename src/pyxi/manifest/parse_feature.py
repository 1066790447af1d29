"""A feature's tables: the root tables (feature `default`) and each `[feature.NAME]`.

Target selectors and feature platforms are checked against the workspace platforms, so the
workspace is parsed first and its platform names put in `Source.platform_names`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pyxi.consts import KNOWN_SUBDIRS
from pyxi.manifest.errors import (
    Source,
    check_keys,
    dotted,
    opt_str,
    str_pairs,
    suggest,
    want_choice,
    want_str,
    want_str_list,
    want_table,
)
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.model import (
    Activation,
    Feature,
    LibcRequirement,
    SystemRequirements,
    TargetTables,
)
from pyxi.manifest.parse_deps import (
    parse_conda_deps,
    parse_dev,
    parse_pypi_deps,
    parse_pypi_options,
)
from pyxi.manifest.parse_legacy import LEGACY_TABLES, parse_constraints, parse_legacy_tables
from pyxi.manifest.parse_tasks import parse_tasks
from pyxi.manifest.parse_workspace import CHANNEL_PRIORITIES, SOLVE_STRATEGIES, parse_channels
from pyxi.manifest.specs import check_simple_version

TARGET_KEYS = ("dependencies", "pypi-dependencies", "activation", "tasks", "constraints",
               "dev", *LEGACY_TABLES)
TARGET_UNSUPPORTED = ("run-dependencies", "build-variants")
FEATURE_KEYS = (
    *TARGET_KEYS, "target", "system-requirements", "pypi-options", "channels", "platforms",
    "channel-priority", "solve-strategy",
)  # fmt: skip
FEATURE_UNSUPPORTED = TARGET_UNSUPPORTED
FAMILY_SELECTORS = ("linux", "osx", "macos", "win", "unix")
_SYSREQ_KEYS = ("cuda", "libc", "linux", "macos", "archspec")


def parse_feature(
    src: Source,
    name: str,
    table: dict[str, Any],
    path: KeyPath,
    allowed: Sequence[str] = FEATURE_KEYS,
) -> Feature:
    """A feature from its table; `allowed` narrows the keys for the root (default) feature."""
    check_keys(src, table, path, allowed, FEATURE_UNSUPPORTED)
    feature = Feature(name=name, location=src.loc(path))
    feature.default = parse_target_tables(src, table, path)
    feature.targets = _targets(src, table.get("target", {}), path + ("target",))
    if "system-requirements" in table:
        feature.system_requirements = parse_system_requirements(
            src, table["system-requirements"], path + ("system-requirements",)
        )
    if "pypi-options" in table:
        feature.pypi_options = parse_pypi_options(
            src, table["pypi-options"], path + ("pypi-options",)
        )
    if "channels" in table:
        feature.channels = parse_channels(src, table["channels"], path + ("channels",))
    if "platforms" in table:
        feature.platforms = _feature_platforms(src, table["platforms"], path + ("platforms",))
    _set_choices(src, feature, table, path)
    return feature


def _set_choices(src: Source, feature: Feature, table: dict[str, Any], path: KeyPath) -> None:
    if "channel-priority" in table:
        feature.channel_priority = want_choice(
            src, table["channel-priority"], CHANNEL_PRIORITIES, path + ("channel-priority",)
        )
    if "solve-strategy" in table:
        feature.solve_strategy = want_choice(
            src, table["solve-strategy"], SOLVE_STRATEGIES, path + ("solve-strategy",)
        )


def parse_target_tables(src: Source, table: dict[str, Any], path: KeyPath) -> TargetTables:
    tables = TargetTables()
    if "dependencies" in table:
        tables.dependencies = parse_conda_deps(src, table["dependencies"], path + ("dependencies",))
    parse_legacy_tables(src, table, path, tables)
    if "constraints" in table:
        tables.constraints = parse_constraints(src, table["constraints"], path + ("constraints",))
    if "pypi-dependencies" in table:
        tables.pypi_dependencies = parse_pypi_deps(
            src, table["pypi-dependencies"], path + ("pypi-dependencies",)
        )
    if "dev" in table:
        tables.dev = parse_dev(src, table["dev"], path + ("dev",))
    if "activation" in table:
        tables.activation = parse_activation(src, table["activation"], path + ("activation",))
    if "tasks" in table:
        tables.tasks = parse_tasks(src, table["tasks"], path + ("tasks",))
    return tables


def _targets(src: Source, value: object, path: KeyPath) -> list[tuple[str, TargetTables]]:
    targets: list[tuple[str, TargetTables]] = []
    for selector, body in want_table(src, value, path).items():
        target_path = path + (selector,)
        normalized = check_selector(src, selector, target_path)
        table = want_table(src, body, target_path)
        check_keys(src, table, target_path, TARGET_KEYS, TARGET_UNSUPPORTED)
        targets.append((normalized, parse_target_tables(src, table, target_path)))
    return targets


def check_selector(src: Source, selector: str, path: KeyPath) -> str:
    """A valid target selector, with `macos` spelled `osx` (pixi treats them as the same)."""
    platform_names = src.platform_names
    if selector == "macos":
        return "osx"
    if selector in KNOWN_SUBDIRS and selector not in platform_names:
        src.warn(f"the target `{selector}` is not a platform of the workspace, so its tables are "
                 f"not used; add it with `pyxi workspace platform add {selector}`", path)
    if selector in FAMILY_SELECTORS or selector in KNOWN_SUBDIRS or selector in platform_names:
        return selector
    if "*" in selector and not any(ch in selector for ch in "?[]"):
        return selector
    allowed = [*FAMILY_SELECTORS, *KNOWN_SUBDIRS, *platform_names]
    src.error(
        f"`{selector}` is not a valid target selector",
        path,
        help=suggest(selector, allowed, what="selectors")
        + ", or a glob with `*` over platform names",
    )


def _feature_platforms(src: Source, value: object, path: KeyPath) -> list[str]:
    names, platform_names = want_str_list(src, value, path), src.platform_names
    for i, name in enumerate(names):
        if name not in platform_names:
            src.error(
                f"platform `{name}` is not one of the workspace platforms",
                path + (str(i),),
                help=suggest(name, platform_names, what="platforms")
                + "; add it to `workspace.platforms` first",
            )
    return list(names)


def parse_system_requirements(src: Source, value: object, path: KeyPath) -> SystemRequirements:
    table = want_table(src, value, path)
    check_keys(src, table, path, _SYSREQ_KEYS, ("unix",))
    versions = {
        key: check_simple_version(src, want_str(src, table[key], path + (key,)), path + (key,))
        for key in ("cuda", "linux", "macos")
        if key in table
    }
    return SystemRequirements(
        libc=_libc(src, table["libc"], path + ("libc",)) if "libc" in table else None,
        archspec=opt_str(src, table, "archspec", path),
        location=src.loc(path),
        **versions,
    )


def _libc(src: Source, value: object, path: KeyPath) -> LibcRequirement:
    if isinstance(value, str):
        return LibcRequirement(version=check_simple_version(src, value, path))
    table = want_table(src, value, path)
    check_keys(src, table, path, ("family", "version"))
    if "version" not in table:
        src.error(f"`{dotted(src.full(path))}` needs a `version`", path)
    version = want_str(src, table["version"], path + ("version",))
    return LibcRequirement(
        family=opt_str(src, table, "family", path) or "glibc",
        version=check_simple_version(src, version, path + ("version",)),
    )


def parse_activation(src: Source, value: object, path: KeyPath) -> Activation:
    table = want_table(src, value, path)
    check_keys(src, table, path, ("scripts", "env"))
    return Activation(
        scripts=want_str_list(src, table.get("scripts", []), path + ("scripts",)),
        env=str_pairs(src, table.get("env", {}), path + ("env",)),
    )
