"""`[package]` (pixi-build): read fully and checked, with located errors, though pyxi does not
build it. Keys and shapes follow pixi 0.77's schema (`Package`, `Build`, `BuildBackend`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyxi.manifest.errors import (
    Source,
    check_keys,
    opt_str,
    want_bool,
    want_int,
    want_str,
    want_str_list,
    want_table,
    wrong_type,
)
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.package_model import PackageBuild, PackageManifest, PackageSpec
from pyxi.manifest.parse_source import parse_source

_METADATA = (
    "description", "authors", "license", "license-file", "readme", "homepage", "repository",
    "documentation",
)  # fmt: skip
_DEPENDENCY_TABLES = ("host-dependencies", "build-dependencies", "run-dependencies",
                      "run-constraints")
_PACKAGE_KEYS = ("name", "version", *_METADATA, "publish", "build", *_DEPENDENCY_TABLES,
                 "extra-dependencies", "run-exports", "target")
_BUILD_KEYS = ("backend", "channels", "flags", "additional-dependencies", "config", "target",
               "source", "build-string-prefix", "build-number", "secrets")
_MATCHSPEC_KEYS = ("version", "build", "build-number", "file-name", "channel", "subdir", "extras",
                   "flags", "license", "license-family", "when", "track-features")
_SOURCE_KEYS = ("path", "url", "md5", "sha256", "git", "rev", "tag", "branch", "subdirectory",
                "lfs")
_SPEC_KEYS = (*_MATCHSPEC_KEYS, *_SOURCE_KEYS, "package", "workspace", "pin-compatible",
              "pin-subpackage")
_BACKEND_KEYS = ("name", "channels", "additional-dependencies", "workspace", *_MATCHSPEC_KEYS,
                 "path", "url", "git", "rev", "tag", "branch", "subdirectory")
_RUN_EXPORTS = ("weak", "strong", "noarch", "weak-constraints", "strong-constraints")


def parse_package(src: Source, value: object, path: KeyPath) -> PackageManifest:
    table = want_table(src, value, path)
    check_keys(src, table, path, _PACKAGE_KEYS)
    for key in _METADATA:
        if key in table:
            _inheritable(src, table[key], path + (key,), list_ok=key == "authors")
    if "publish" in table:
        want_bool(src, table["publish"], path + ("publish",))
    if "build" not in table:
        src.error("`[package]` needs a `build` table", path,
                  help='add `[package.build]` with `backend = { name = "pixi-build-python" }`')
    package = PackageManifest(
        name=_inheritable(src, table.get("name"), path + ("name",)),
        version=_inheritable(src, table.get("version"), path + ("version",)),
        build=_build(src, table["build"], path + ("build",)),
        location=src.loc(path),
    )
    _dependency_tables(src, table, path, package.dependencies, None)
    for selector, body in want_table(src, table.get("target", {}), path + ("target",)).items():
        target_path = path + ("target", selector)
        target = want_table(src, body, target_path)
        check_keys(src, target, target_path, (*_DEPENDENCY_TABLES, "extra-dependencies"))
        _dependency_tables(src, target, target_path, package.dependencies, selector)
    return package


def _inheritable(src: Source, value: object, path: KeyPath, list_ok: bool = False) -> str | None:
    """A string (or list of strings), or `{ workspace = true }` (returned as None)."""
    if value is None:
        return None
    if isinstance(value, dict):
        check_keys(src, value, path, ("workspace",))
        if value.get("workspace") is not True:
            src.error("only `{ workspace = true }` inherits a value from the workspace", path)
        return None
    if list_ok and isinstance(value, list):
        return ", ".join(want_str_list(src, value, path))
    return want_str(src, value, path)


def _build(src: Source, value: object, path: KeyPath) -> PackageBuild:
    table = want_table(src, value, path)
    check_keys(src, table, path, _BUILD_KEYS)
    if "backend" not in table:
        src.error("`[package.build]` needs a `backend`", path,
                  help='e.g. `backend = { name = "pixi-build-cmake", version = "*" }`')
    backend = want_table(src, table["backend"], path + ("backend",))
    backend_path = path + ("backend",)
    check_keys(src, backend, backend_path, _BACKEND_KEYS)
    name = opt_str(src, backend, "name", backend_path)
    if name is None:
        src.error("the build backend needs a `name`", backend_path)
    for key in ("channels", "flags", "secrets"):
        if key in table:
            want_str_list(src, _channel_names(table[key]) if key == "channels" else table[key],
                          path + (key,))
    for key, check in (("build-number", want_int), ("build-string-prefix", want_str)):
        if key in table:
            check(src, table[key], path + (key,))
    for key in ("additional-dependencies",):
        if key in table:
            _specs(src, table[key], path + (key,), None)
    targets = want_table(src, table.get("target", {}), path + ("target",))
    return PackageBuild(
        backend=name,
        backend_version=opt_str(src, backend, "version", backend_path) or "*",
        channels=want_str_list(src, _channel_names(table.get("channels", backend.get("channels", []))),
                               path + ("channels",)),
        config=want_table(src, table.get("config", {}), path + ("config",)),
        target_config=tuple(_target_config(src, targets, path + ("target",))),
        source=parse_source(src, want_table(src, table["source"], path + ("source",)),
                            path + ("source",)) if "source" in table else None,
        location=src.loc(path),
    )


def _channel_names(value: object) -> object:
    """Channel names of a channel list (tables give their `channel`); anything else as it is,
    for the caller's type check to report."""
    if not isinstance(value, list):
        return value
    return [item.get("channel") if isinstance(item, dict) else item for item in value]


def _target_config(src: Source, targets: dict[str, Any],
                   path: KeyPath) -> list[tuple[str, dict[str, Any]]]:
    configs = []
    for selector, body in targets.items():
        table = want_table(src, body, path + (selector,))
        check_keys(src, table, path + (selector,), ("config",))
        configs.append((selector, want_table(src, table.get("config", {}),
                                             path + (selector, "config"))))
    return configs


def _dependency_tables(src: Source, table: dict[str, Any], path: KeyPath,
                       into: dict[str, list[PackageSpec]], condition: str | None) -> None:
    for name in _DEPENDENCY_TABLES:
        if name in table:
            into.setdefault(name, []).extend(_specs(src, table[name], path + (name,), condition))
    for group, body in want_table(src, table.get("extra-dependencies", {}),
                                  path + ("extra-dependencies",)).items():
        specs = _specs(src, body, path + ("extra-dependencies", group), condition)
        into.setdefault(f"extra-dependencies.{group}", []).extend(specs)
    exports = want_table(src, table.get("run-exports", {}), path + ("run-exports",))
    check_keys(src, exports, path + ("run-exports",), _RUN_EXPORTS)
    for bucket, body in exports.items():
        specs = _specs(src, body, path + ("run-exports", bucket), condition)
        into.setdefault(f"run-exports.{bucket}", []).extend(specs)


def _specs(src: Source, value: object, path: KeyPath, condition: str | None) -> list[PackageSpec]:
    """A dependency table; `if(...)` keys hold conditional sub-tables."""
    specs: list[PackageSpec] = []
    for name, spec in want_table(src, value, path).items():
        spec_path = path + (name,)
        if name.startswith("if(") and name.endswith(")"):
            specs += _specs(src, spec, spec_path, name[3:-1])
            continue
        if isinstance(spec, dict):
            check_keys(src, spec, spec_path, _SPEC_KEYS)
        elif not isinstance(spec, str):
            wrong_type(src, spec, "a version string or a table", spec_path)
        specs.append(PackageSpec(name, spec, condition, src.loc(spec_path)))
    return specs


def load_package_manifest(path: Path) -> PackageManifest | None:
    """The `[package]` of the manifest at `path` (a `pixi.toml`, or a `pyproject.toml` with
    `[tool.pixi.package]`), or None when it has none. Raises `ManifestError` when unreadable."""
    from pyxi.diagnostics import ManifestError
    from pyxi.manifest.keyindex import KeyIndex
    from pyxi.manifest.toml_text import load_toml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"cannot read {path}: {error}") from error
    data = load_toml(text, path)
    prefix: KeyPath = ("tool", "pixi") if path.name == "pyproject.toml" else ()
    for key in prefix:
        data = data.get(key, {}) if isinstance(data, dict) else {}
    if not isinstance(data, dict) or "package" not in data:
        return None
    return parse_package(Source(path, KeyIndex.build(text), prefix), data["package"], ("package",))
