"""The `environments:` and `platforms:` sections of a lock file."""

from __future__ import annotations

from pyxi.lockfile import derive
from pyxi.lockfile._nodes import Doc, child_key
from pyxi.lockfile.model import (
    LockChannel,
    LockedPlatform,
    LockEnvironment,
    PackageKind,
    PackageRef,
)
from pyxi.lockfile.nodes import Node, ScalarNode

OPTION_DEFAULTS = {
    "strategy": "highest",
    "channel-priority": "strict",
    "pypi-prerelease-mode": "if-necessary-or-explicit",
}
OPTION_VALUES = {
    "strategy": {"highest", "lowest-version", "lowest-version-direct"},
    "channel-priority": {"strict", "disabled", "flexible"},
    "pypi-prerelease-mode": {"if-necessary-or-explicit", "disallow", "allow", "if-necessary",
                             "explicit"},
}
_SELECTOR_KINDS: dict[int, tuple[PackageKind, ...]] = {7: ("conda", "conda_source", "pypi")}
_LEGACY_KINDS: tuple[PackageKind, ...] = ("conda", "pypi")


def read_platforms(doc: Doc, node: Node) -> list[LockedPlatform]:
    platforms: list[LockedPlatform] = []
    for i, item in enumerate(doc.sequence(node, "platforms")):
        key = child_key("platforms", i)
        fields = doc.mapping(item, key)
        name = doc.string(doc.require(fields, "name", item, key), child_key(key, "name"))
        subdir = doc.opt_string(fields.get("subdir"), child_key(key, "subdir"))
        vkey = child_key(key, "virtual-packages")
        platform = LockedPlatform(name, None if subdir == name else subdir,
                                  doc.strings(fields.get("virtual-packages"), vkey))
        if platform.conda_subdir not in derive.KNOWN_SUBDIRS:
            raise doc.error(f"platform `{name}` has no valid subdir (`{platform.conda_subdir}`)",
                            item, key)
        if any(p.name == name for p in platforms):
            raise doc.error(f"platform `{name}` is defined twice", item, key)
        platforms.append(platform)
    return platforms


def read_environment(doc: Doc, node: Node, key: str, version: int) -> LockEnvironment:
    fields = doc.mapping(node, key)
    env = LockEnvironment()
    env.channels = _channels(doc, doc.require(fields, "channels", node, key),
                             child_key(key, "channels"))
    if "indexes" in fields:
        env.indexes = doc.strings(fields["indexes"], child_key(key, "indexes"))
    if "find-links" in fields:
        env.find_links = _find_links(doc, fields["find-links"], child_key(key, "find-links"))
    if "options" in fields and version >= 6:
        env.options = _options(doc, fields["options"], child_key(key, "options"))
    packages = doc.require(fields, "packages", node, key)
    env.packages = _packages(doc, packages, child_key(key, "packages"), version)
    return env


def _channels(doc: Doc, node: Node, key: str) -> list[LockChannel]:
    channels: list[LockChannel] = []
    for i, item in enumerate(doc.sequence(node, key)):
        item_key = child_key(key, i)
        if isinstance(item, ScalarNode):
            channels.append(LockChannel(doc.string(item, item_key)))
            continue
        fields = doc.mapping(item, item_key)
        url = doc.string(doc.require(fields, "url", item, item_key), child_key(item_key, "url"))
        env_vars = doc.strings(fields.get("used_env_vars"), child_key(item_key, "used_env_vars"))
        channels.append(LockChannel(url, env_vars))
    return channels


def _find_links(doc: Doc, node: Node, key: str) -> list[dict[str, str]]:
    result: list[dict[str, str]] = []
    for i, item in enumerate(doc.sequence(node, key)):
        item_key = child_key(key, i)
        fields = doc.mapping(item, item_key)
        if len(fields) != 1 or not set(fields) <= {"url", "path"}:
            raise doc.error("a find-links entry must be `url: …` or `path: …`", item, item_key)
        ((kind, value),) = fields.items()
        result.append({kind: doc.string(value, child_key(item_key, kind))})
    return result


def _options(doc: Doc, node: Node, key: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for name, value_node in doc.mapping(node, key).items():
        if name not in OPTION_DEFAULTS:
            continue  # exclude-newer (v6) and options pyxi does not know
        value = doc.string(value_node, child_key(key, name))
        if value not in OPTION_VALUES[name]:
            allowed = ", ".join(sorted(OPTION_VALUES[name]))
            raise doc.error(f"`{name}` must be one of {allowed}, got `{value}`", value_node,
                            child_key(key, name))
        if value != OPTION_DEFAULTS[name]:
            options[name] = value
    return options


def _packages(doc: Doc, node: Node, key: str, version: int) -> dict[str, list[PackageRef]]:
    if doc.is_null(node):
        return {}
    result: dict[str, list[PackageRef]] = {}
    for platform, items in doc.mapping(node, key).items():
        platform_key = child_key(key, platform)
        if version < 7 and platform not in derive.KNOWN_SUBDIRS:
            raise doc.error(f"`{platform}` is not a conda platform", items, platform_key)
        refs = [_selector(doc, item, child_key(platform_key, i), version)
                for i, item in enumerate(doc.sequence(items, platform_key))]
        result[platform] = refs
    return result


def _selector(doc: Doc, node: Node, key: str, version: int) -> PackageRef:
    fields = doc.mapping(node, key)
    kinds = [k for k in _SELECTOR_KINDS.get(version, _LEGACY_KINDS) if k in fields]
    if len(kinds) != 1:
        names = " or ".join(f"`{k}`" for k in _SELECTOR_KINDS.get(version, _LEGACY_KINDS))
        raise doc.error(f"a package reference needs exactly one of {names}", node, key)
    kind = kinds[0]
    location = doc.string(fields[kind], child_key(key, kind))
    return PackageRef(kind, location)
