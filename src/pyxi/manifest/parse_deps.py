"""`[dependencies]`, `[pypi-dependencies]` and `[pypi-options]` tables."""

from __future__ import annotations

from typing import Any

from pyxi.manifest.errors import (
    Source,
    check_keys,
    opt_str,
    want_bool,
    want_choice,
    want_list,
    want_str,
    want_str_list,
    want_table,
    wrong_type,
)
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.model import CondaDependency, FindLinks, PypiDependency, PypiOptions
from pyxi.manifest.parse_source import GIT_REFS, SOURCE_KINDS, parse_source
from pyxi.manifest.specs import check_conda_name, check_conda_version, check_pep440, check_pypi_name

# Table keys that narrow the MatchSpec → rattler's bracket field.
MATCHSPEC_FIELDS = {
    "build-number": "build_number", "file-name": "fn", "subdir": "subdir", "md5": "md5",
    "sha256": "sha256", "license": "license", "license-family": "license_family",
    "track-features": "track_features",
}  # fmt: skip
_CONDA_KEYS = (
    "version", "build", "channel", *SOURCE_KINDS, *GIT_REFS, "subdirectory", *MATCHSPEC_FIELDS,
)  # fmt: skip
_CONDA_UNSUPPORTED = ("extras", "flags", "when", "package", "lfs")
_INHERITED_UNSUPPORTED = (*MATCHSPEC_FIELDS, *_CONDA_UNSUPPORTED)  # over a `workspace = true` spec
_SOURCE_ONLY = ("extras", "flags")
_PYPI_KEYS = (
    "version", "extras", "index", "path", "editable", "git", "rev", "branch", "tag",
    "subdirectory", "url",
)  # fmt: skip
_PYPI_SOURCES = ("path", "git", "url")
_GIT_REFS = ("rev", "branch", "tag")

INDEX_STRATEGIES = ("first-index", "unsafe-first-match", "unsafe-best-match")
PRERELEASE_MODES = ("disallow", "allow", "if-necessary", "explicit", "if-necessary-or-explicit")
_PYPI_OPTION_KEYS = (
    "index-url", "extra-index-urls", "find-links", "index-strategy", "no-build-isolation",
    "prerelease-mode", "dependency-overrides", "no-build", "no-binary", "skip-wheel-filename-check",
)  # fmt: skip


def parse_conda_deps(src: Source, value: object, path: KeyPath) -> dict[str, CondaDependency]:
    table = want_table(src, value, path)
    return {name: conda_dep(src, name, spec, path + (name,)) for name, spec in table.items()}


def parse_dev(src: Source, value: object, path: KeyPath) -> dict[str, CondaDependency]:
    """`[dev]`: source packages only (`path` or `git`), whose dependencies are installed."""
    deps = parse_conda_deps(src, value, path)
    for name, dep in deps.items():
        if dep.source is None or dep.source.is_archive or dep.source.kind == "url":
            src.error(f"`{name}` in [dev] needs a `path` or `git` source", path + (name,),
                      help=f'write it as `{name} = {{ path = "…" }}` (a folder with its package)')
    return deps


def conda_dep(src: Source, name: str, spec: object, path: KeyPath) -> CondaDependency:
    check_conda_name(src, name, path)
    loc = src.loc(path)
    if isinstance(spec, str):
        return CondaDependency(name, check_conda_version(src, spec, path), location=loc)
    table = want_table_or(src, spec, "a version string or a table", path)
    if "workspace" in table:
        from pyxi.manifest.parse_inherit import inherited_dep

        return inherited_dep(src, name, table, path, _INHERITED_UNSUPPORTED)
    source = parse_source(src, table, path)
    builds = source is not None and not source.is_archive
    for key in _SOURCE_ONLY if builds else ():  # pixi-build's: extra groups, variant flags
        if key in table:
            src.record_unsupported(path + (key,), "build")
    known = (*_SOURCE_ONLY, *(("sha256", "md5") if builds and table.get("url") else ()))
    check_keys(src, {k: v for k, v in table.items() if not (builds and k in known)},
               path, _CONDA_KEYS, _CONDA_UNSUPPORTED)
    version = table.get("version", "*")
    version_path = path + ("version",)
    version = check_conda_version(src, want_str(src, version, version_path), version_path)
    build = opt_str(src, table, "build", path)
    channel = opt_str(src, table, "channel", path)
    if source is not None and source.is_archive:
        src.record_unsupported(path + (source.kind,))  # a package file: no solver takes it yet
    return CondaDependency(name, version, build, channel, location=loc, source=source,
                           fields=_matchspec_fields(src, table, path))


def _matchspec_fields(src: Source, table: dict[str, Any], path: KeyPath) -> tuple[tuple[str, str], ...]:
    fields = []
    for key, field_name in MATCHSPEC_FIELDS.items():
        if key not in table:
            continue
        value = table[key]
        if key == "build-number" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif key == "track-features" and isinstance(value, list):
            value = ",".join(want_str_list(src, value, path + (key,)))
        text = want_str(src, value, path + (key,))
        if '"' in text or "]" in text:
            src.error(f"`{key}` cannot contain `\"` or `]`", path + (key,))
        fields.append((field_name, text))
    return tuple(fields)


def parse_pypi_deps(src: Source, value: object, path: KeyPath) -> dict[str, PypiDependency]:
    table = want_table(src, value, path)
    return {name: pypi_dep(src, name, spec, path + (name,)) for name, spec in table.items()}


def pypi_dep(src: Source, name: str, spec: object, path: KeyPath) -> PypiDependency:
    check_pypi_name(src, name, path)
    loc = src.loc(path)
    if isinstance(spec, str):
        return PypiDependency(name, check_pep440(src, spec, path), location=loc)
    table = want_table_or(src, spec, "a version string or a table", path)
    check_keys(src, table, path, _PYPI_KEYS, ("lfs", "env-markers"))
    _check_pypi_combination(src, table, path)
    strings = {k: opt_str(src, table, k, path) for k in _PYPI_KEYS if k not in _NON_STR}
    version = strings.pop("version")
    return PypiDependency(
        name,
        check_pep440(src, version, path + ("version",)) if version is not None else None,
        extras=want_str_list(src, table.get("extras", []), path + ("extras",)),
        editable=want_bool(src, table.get("editable", False), path + ("editable",)),
        location=loc,
        **strings,
    )


_NON_STR = ("extras", "editable")


def _check_pypi_combination(src: Source, table: dict[str, Any], path: KeyPath) -> None:
    sources = [key for key in table if key in _PYPI_SOURCES]
    if len(sources) > 1:
        src.error(
            f"`{sources[0]}` and `{sources[1]}` cannot be used together",
            path + (sources[1],),
            help="a PyPI dependency comes from one of: a registry, `path`, `git` or `url`",
        )
    kind = sources[0] if sources else "registry"
    refs = [key for key in _GIT_REFS if key in table]
    rules = [
        ("version", kind == "registry", "`version` only applies to registry dependencies"),
        ("index", kind == "registry", "`index` only applies to registry dependencies"),
        ("editable", kind == "path", "`editable` only applies to `path` dependencies"),
        ("subdirectory", kind in ("git", "url"), "`subdirectory` needs `git` or `url`"),
        *[(ref, kind == "git", f"`{ref}` needs `git`") for ref in refs],
    ]
    for key, ok, message in rules:
        if key in table and not ok:
            src.error(message, path + (key,))
    if len(refs) > 1:
        src.error(
            f"`{refs[0]}` and `{refs[1]}` cannot be used together",
            path + (refs[1],),
            help="pick one of `rev`, `branch` or `tag`",
        )


def parse_pypi_options(src: Source, value: object, path: KeyPath) -> PypiOptions:
    table = want_table(src, value, path)
    check_keys(src, table, path, _PYPI_OPTION_KEYS)
    strategy = table.get("index-strategy")
    prerelease = table.get("prerelease-mode")
    return PypiOptions(
        index_url=opt_str(src, table, "index-url", path),
        extra_index_urls=want_str_list(
            src, table.get("extra-index-urls", []), path + ("extra-index-urls",)
        ),
        find_links=_find_links(src, table.get("find-links", []), path + ("find-links",)),
        index_strategy=None
        if strategy is None
        else want_choice(src, strategy, INDEX_STRATEGIES, path + ("index-strategy",)),
        no_build_isolation=_no_build_isolation(src, table, path),
        prerelease_mode=None
        if prerelease is None
        else want_choice(src, prerelease, PRERELEASE_MODES, path + ("prerelease-mode",)),
        location=src.loc(path),
        no_build=_all_or_names(src, table, "no-build", path),
        no_binary=_all_or_names(src, table, "no-binary", path),
        dependency_overrides=tuple(parse_pypi_deps(
            src, table.get("dependency-overrides", {}), path + ("dependency-overrides",)
        ).values()),
        skip_wheel_filename_check=None if "skip-wheel-filename-check" not in table else want_bool(
            src, table["skip-wheel-filename-check"], path + ("skip-wheel-filename-check",)),
    )


def _all_or_names(
    src: Source, table: dict[str, Any], key: str, path: KeyPath
) -> bool | tuple[str, ...] | None:
    """`no-build` / `no-binary`: true (every package), false (none) or a list of names."""
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, bool):
        return value
    if not isinstance(value, list):
        wrong_type(src, value, "a boolean or an array of package names", path + (key,))
    names = want_str_list(src, value, path + (key,))
    for i, name in enumerate(names):
        check_pypi_name(src, name, path + (key, str(i)))
    return names


def _find_links(src: Source, value: object, path: KeyPath) -> tuple[FindLinks, ...]:
    links: list[FindLinks] = []
    for i, item in enumerate(want_list(src, value, path)):
        entry = want_table(src, item, path + (str(i),))
        check_keys(src, entry, path + (str(i),), ("url", "path"))
        if len(entry) != 1:
            src.error("a find-links entry needs exactly one of `url` or `path`", path + (str(i),))
        links.append(
            FindLinks(
                url=opt_str(src, entry, "url", path + (str(i),)),
                path=opt_str(src, entry, "path", path + (str(i),)),
            )
        )
    return tuple(links)


def _no_build_isolation(
    src: Source, table: dict[str, Any], path: KeyPath
) -> bool | tuple[str, ...]:
    value = table.get("no-build-isolation", False)
    if isinstance(value, bool):
        return value
    return want_str_list(src, value, path + ("no-build-isolation",))


def want_table_or(src: Source, value: object, expected: str, path: KeyPath) -> dict[str, Any]:
    if not isinstance(value, dict):
        wrong_type(src, value, expected, path)
    return value
