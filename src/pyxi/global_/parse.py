"""`pixi-global.toml` text → `GlobalManifest`, with errors that name the file, line and key.

The format is pixi's (`version = 1`, then `[envs.NAME]` with `channels`, `platform`,
`dependencies`, `exposed` and `shortcuts`). Source dependencies (`path`, `git`, inline
`package` definitions) are pixi-build features pyxi reports as not supported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyxi.consts import KNOWN_SUBDIRS
from pyxi.diagnostics import PyxiError
from pyxi.global_.model import (
    ENV_NAME,
    MANIFEST_VERSION,
    GlobalEnv,
    GlobalManifest,
    Mapping,
    check_exposed_name,
    strip_exe,
)
from pyxi.manifest.errors import (
    Source,
    check_keys,
    want_choice,
    want_int,
    want_str,
    want_str_list,
    want_table,
    wrong_type,
)
from pyxi.manifest.keyindex import KeyIndex, KeyPath
from pyxi.manifest.parse_deps import parse_conda_deps
from pyxi.manifest.toml_text import load_toml

_ROOT_KEYS = ("version", "envs")
_ENV_KEYS = ("channels", "platform", "dependencies", "exposed", "shortcuts")


def load_global_manifest(path: Path) -> GlobalManifest:
    """The manifest at `path`; an absent (or empty) file is a manifest without environments."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return GlobalManifest(path)
    return parse_global_manifest(text, path)


def parse_global_manifest(text: str, path: Path) -> GlobalManifest:
    data = load_toml(text, path)
    src = Source(path, KeyIndex.build(text))
    check_keys(src, data, (), _ROOT_KEYS)
    if "version" in data:
        _check_version(src, data["version"])
    manifest = GlobalManifest(path)
    for name, body in want_table(src, data.get("envs", {}), ("envs",)).items():
        manifest.envs[name] = _environment(src, name, body)
    _check_unique_exposed(src, manifest)
    _check_unique_shortcuts(src, manifest)
    if src.unsupported:  # global environments are few and small: refused as a whole
        raise src.unsupported[0].error()
    return manifest


def _check_version(src: Source, value: object) -> None:
    version = want_int(src, value, ("version",))
    if version != MANIFEST_VERSION:
        newer = version > MANIFEST_VERSION
        src.error(
            f"unsupported global manifest version {version} (pyxi reads version {MANIFEST_VERSION})",
            ("version",),
            help="update pyxi to read this manifest"
            if newer
            else f"set `version = {MANIFEST_VERSION}`",
        )


def _environment(src: Source, name: str, body: object) -> GlobalEnv:
    path: KeyPath = ("envs", name)
    if not ENV_NAME.match(name):
        src.error(
            f"invalid environment name `{name}`",
            path,
            help="use only lowercase letters, digits, `-`, `_` and `.`",
        )
    table = want_table(src, body, path)
    check_keys(src, table, path, _ENV_KEYS)
    env = GlobalEnv(name, location=src.loc(path))
    env.channels = _channels(src, table.get("channels", []), path + ("channels",))
    if "platform" in table:
        env.platform = want_choice(src, table["platform"], KNOWN_SUBDIRS, path + ("platform",))
    env.dependencies = _dependencies(src, table.get("dependencies", {}), path + ("dependencies",))
    env.exposed = _exposed(src, table.get("exposed", {}), path + ("exposed",))
    if "shortcuts" in table:
        env.shortcuts = list(want_str_list(src, table["shortcuts"], path + ("shortcuts",)))
    return env


def _channels(src: Source, value: object, path: KeyPath) -> list[str]:
    """Strings, or `{ channel = "…", priority = N }` tables (higher priority first)."""
    if not isinstance(value, list):
        wrong_type(src, value, "an array", path)
    entries: list[tuple[int, int, str]] = []
    for i, item in enumerate(value):
        where = path + (str(i),)
        if isinstance(item, dict):
            check_keys(src, item, where, ("channel", "priority"))
            channel = want_str(src, item.get("channel"), where + ("channel",))
            priority = want_int(src, item.get("priority", 0), where + ("priority",))
        else:
            channel, priority = want_str(src, item, where), 0
        entries.append((-priority, i, channel))
    return [channel for _, _, channel in sorted(entries)]


def _dependencies(src: Source, value: object, path: KeyPath) -> dict[str, Any]:
    deps = parse_conda_deps(src, value, path)
    seen: dict[str, str] = {}
    for name, dep in deps.items():
        if dep.source is not None:
            src.record_unsupported(path + (name, dep.source.kind), "build")
        if name.lower() in seen:
            src.error(
                f"the dependency `{name}` is listed twice (as `{seen[name.lower()]}` too)",
                path + (name,),
                help="conda package names are case-insensitive; keep one entry",
            )
        seen[name.lower()] = name
    return {name.lower(): dep for name, dep in deps.items()}


def _exposed(src: Source, value: object, path: KeyPath) -> list[Mapping]:
    mappings = []
    for exposed, executable in want_table(src, value, path).items():
        where = path + (exposed,)
        try:
            check_exposed_name(exposed)
        except PyxiError as error:
            src.error(error.message, where, help=error.help)
        mappings.append(Mapping(exposed, strip_exe(want_str(src, executable, where))))
    return mappings


def _check_unique_exposed(src: Source, manifest: GlobalManifest) -> None:
    owners: dict[str, str] = {}
    for env in manifest.envs.values():
        for mapping in env.exposed:
            if mapping.exposed in owners:
                src.error(
                    f"Duplicated exposed names found: {mapping.exposed} (in the environments "
                    f"`{owners[mapping.exposed]}` and `{env.name}`)",
                    ("envs", env.name, "exposed", mapping.exposed),
                    help="every exposed command needs its own name: rename one of them",
                )
            owners[mapping.exposed] = env.name


def _check_unique_shortcuts(src: Source, manifest: GlobalManifest) -> None:
    owners: dict[str, str] = {}
    for env in manifest.envs.values():
        for i, shortcut in enumerate(env.shortcuts or []):
            if shortcut in owners:
                src.error(
                    f"Duplicated shortcut names found: {shortcut} (in the environments "
                    f"`{owners[shortcut]}` and `{env.name}`)",
                    ("envs", env.name, "shortcuts", str(i)),
                    help="a package's shortcuts can be installed from one environment only",
                )
            owners[shortcut] = env.name
