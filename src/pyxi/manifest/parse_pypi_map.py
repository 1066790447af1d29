"""`[workspace] conda-pypi-map`: which conda packages are which PyPI packages, per channel.

The forms pixi accepts (docs/reference/pixi_manifest.md#conda-pypi-map-optional):
`conda-pypi-map = false`, or a table of channel → `false` | "file or URL" | `{ location,
mapping, mapping-mode, same-name-heuristic }`. Files are read and URLs fetched at lock time
(`pyxi.pypi.mapping_sources`); here only the shape is checked, with located errors.
"""

from __future__ import annotations

from typing import Any

from pyxi.manifest.errors import Source, check_keys, type_name, want_bool, want_choice, want_str
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.model import CondaPypiMap, CondaPypiMapEntry, MappingMode

ENTRY_KEYS = ("location", "mapping", "mapping-mode", "same-name-heuristic")
MAPPING_MODES: tuple[MappingMode, ...] = ("overlay", "replace")
_SCHEMES = ("http", "https", "file")
_TRUE_HELP = "use `false` to turn the mapping off, or a table to configure it"


def parse_conda_pypi_map(src: Source, value: object, path: KeyPath) -> CondaPypiMap:
    if value is False:
        return CondaPypiMap(disabled=True, location=src.loc(path))
    if value is True:
        src.error("`conda-pypi-map = true` is not supported", path, help=_TRUE_HELP)
    if not isinstance(value, dict):
        src.error(f"expected a table or `false`, found {type_name(value)}", path,
                  help='e.g. `conda-pypi-map = { conda-forge = "mapping.json" }`')
    if not value:
        src.warn("`conda-pypi-map = {}` is deprecated: use `conda-pypi-map = false` to turn the "
                 "mapping off, or `{ conda-forge = { mapping-mode = \"replace\" } }`", path)
    entries = tuple(_entry(src, key, item, path + (key,)) for key, item in value.items())
    return CondaPypiMap(entries=entries, location=src.loc(path))


def _entry(src: Source, channel: str, value: object, path: KeyPath) -> CondaPypiMapEntry:
    where = src.loc(path)
    if value is False:
        return CondaPypiMapEntry(channel, disabled=True, location=where)
    if value is True:
        src.error("`true` is not supported for a channel of `conda-pypi-map`", path,
                  help="use `false` to turn the mapping off for this channel, or a file, URL or table")
    if isinstance(value, str):
        return CondaPypiMapEntry(channel, source=_source(src, value, path), location=where)
    if not isinstance(value, dict):
        src.error(f"expected a string, a table or `false`, found {type_name(value)}", path,
                  help=f'e.g. `{channel} = "mapping.json"` (a file next to the manifest, or a URL)')
    return _entry_table(src, channel, value, path)


def _entry_table(src: Source, channel: str, table: dict[str, Any], path: KeyPath) -> CondaPypiMapEntry:
    check_keys(src, table, path, ENTRY_KEYS)
    if not table:
        src.error("expected at least one of `location`, `mapping`, `mapping-mode` or "
                  "`same-name-heuristic`", path,
                  help=f"`{channel} = false` turns the mapping off for this channel; "
                       f'`{channel} = {{ mapping-mode = "replace" }}` skips the default mapping')
    source = table.get("location")
    heuristic = table.get("same-name-heuristic")
    return CondaPypiMapEntry(
        channel,
        source=None if source is None else _source(src, source, path + ("location",)),
        inline=_inline(src, table["mapping"], path + ("mapping",)) if "mapping" in table else None,
        mode=want_choice(
            src, table.get("mapping-mode", "overlay"), MAPPING_MODES, path + ("mapping-mode",)),
        same_name_heuristic=None if heuristic is None else want_bool(
            src, heuristic, path + ("same-name-heuristic",)),
        location=src.loc(path),
    )


def _source(src: Source, value: object, path: KeyPath) -> str:
    text = want_str(src, value, path).strip()
    if not text:
        src.error("the mapping location is empty", path,
                  help="give a JSON file (relative to the manifest) or an http(s) URL")
    scheme, sep, _ = text.partition("://")
    if sep and scheme.lower() not in _SCHEMES:
        src.error(f"unsupported scheme `{scheme}` in mapping location `{text}`", path,
                  help="only http(s) URLs, file:// URLs and local paths are supported")
    return text


def _inline(src: Source, value: object, path: KeyPath) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        src.error(f"expected a table of conda name → PyPI name(s), found {type_name(value)}", path,
                  help='e.g. `mapping = { pytorch = "torch", tzdata = false }`')
    return tuple((name.lower(), _names(src, item, path + (name,))) for name, item in value.items())


def _names(src: Source, value: object, path: KeyPath) -> tuple[str, ...]:
    if value is False:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(want_str(src, item, path + (str(i),)) for i, item in enumerate(value))
    hint = " (`true` is not supported)" if value is True else ""
    src.error(f"expected a PyPI name, a list of PyPI names or `false`, found {type_name(value)}{hint}",
              path, help="`false` marks the conda package as not being a PyPI package")
