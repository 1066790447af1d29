"""Where conda→PyPI mapping tables come from: the published per-channel mapping (fetched,
cached, or the copy shipped with pyxi) and the project's own `conda-pypi-map` files and URLs.

A table maps a conda package name to the PyPI names it provides (`()`: not a PyPI package).
The default mapping is the one parselmouth publishes on conda-mapping.prefix.dev: for
conda-forge the file pixi fetches (`compressed-v0/compressed_mapping.json`), for pytorch and
bioconda the per-channel `compressed-v0/<channel>/compressed_mapping.json`.
`PYXI_CONDA_PYPI_MAPPING_URL` replaces the `https://conda-mapping.prefix.dev/` base (a mirror,
or a loopback server in tests). A fetch that fails uses the cached copy, then the shipped one,
with a warning: a lock never fails because the default mapping could not be fetched.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pyxi.cache import cache_dir
from pyxi.diagnostics import Location, ManifestError
from pyxi.pypi import mapping_http

Table = dict[str, tuple[str, ...]]

MAPPING_URL_VARIABLE = "PYXI_CONDA_PYPI_MAPPING_URL"
DEFAULT_MAPPING_BASE = "https://conda-mapping.prefix.dev/"
CACHE_DIR_VARIABLE = "PIXI_CACHE_PYPI_MAPPING_DIR"
CACHE_SUBDIR = "conda-pypi-mapping"  # pixi's folder; pyxi's files go in `pyxi/` inside it
SNAPSHOT_DATE = "2026-08-19"

logger = logging.getLogger("pyxi.mapping")


def default_mapping_url(channel: str) -> str:
    base = os.environ.get(MAPPING_URL_VARIABLE) or DEFAULT_MAPPING_BASE
    base = base if base.endswith("/") else base + "/"
    if channel == "conda-forge":
        return f"{base}compressed-v0/compressed_mapping.json"
    return f"{base}compressed-v0/{channel}/compressed_mapping.json"


def mapping_cache_dir() -> Path:
    """pixi's mapping cache folder (`PIXI_CACHE_PYPI_MAPPING_DIR`, else `<cache>/conda-pypi-mapping`)
    with pyxi's own files in `pyxi/` (pixi keeps a cacache store next to it)."""
    override = os.environ.get(CACHE_DIR_VARIABLE)
    root = Path(override).expanduser() if override else cache_dir() / CACHE_SUBDIR
    return root / "pyxi"


def parse_table(body: bytes | str) -> Table:
    """A mapping document: a JSON object of conda name → PyPI name | [names] | null."""
    doc = json.loads(body)
    if not isinstance(doc, dict):
        raise ValueError("expected a JSON object of conda name → PyPI name(s)")  # noqa: TRY004 - callers read ValueError as "not usable"
    table: Table = {}
    for name, value in doc.items():
        if value is None or value is False:
            table[name.lower()] = ()
        elif isinstance(value, str):
            table[name.lower()] = (value,)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            table[name.lower()] = tuple(value)
        else:
            raise ValueError(f"`{name}`: expected a PyPI name, a list of PyPI names or null")
    return table


def snapshot_table(channel: str) -> Table:
    """The copy of `channel`'s mapping shipped with pyxi (`pyxi/pypi/data/<channel>.json.gz`)."""
    import gzip
    from importlib.resources import files

    data = files("pyxi.pypi").joinpath("data").joinpath(f"{channel}.json.gz").read_bytes()
    return parse_table(gzip.decompress(data))


def default_table(channel: str) -> Table:
    """`channel`'s published mapping, loaded once per process (see the module doc)."""
    return _loaded(channel, default_mapping_url(channel), mapping_cache_dir())


@functools.cache
def _loaded(channel: str, url: str, cache: Path) -> Table:
    got = mapping_http.fetch(url, cache, parse_table)
    if got.value is None:
        logger.warning(f"warning: could not fetch the {channel} conda→PyPI mapping from {url} "
                       f"({got.problem}); using the copy shipped with pyxi ({SNAPSHOT_DATE})")
        return snapshot_table(channel)
    if got.origin == "stale":
        logger.warning(f"warning: could not refresh the {channel} conda→PyPI mapping from "
                       f"{url} ({got.problem}); using the copy cached {_when(got.fetched_at)}")
    return got.value


def _when(timestamp: float | None) -> str:
    import datetime as dt

    if timestamp is None:
        return "earlier"
    return "on " + dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def project_table(source: str, root: Path, location: Location | None) -> Table:
    """A `conda-pypi-map` location: a JSON file (relative to the workspace root, or `file://`)
    or an http(s) URL (cached like the default mapping; no cached copy and no answer: error)."""
    scheme = urlsplit(source).scheme.lower() if "://" in source else ""
    if scheme in ("http", "https"):
        return _url_table(source, location)
    path = Path(unquote(urlsplit(source).path)) if scheme == "file" else Path(source).expanduser()
    path = path if path.is_absolute() else root / path
    try:
        return parse_table(path.read_bytes())
    except OSError as error:
        raise ManifestError(
            f"cannot read the conda-pypi-map file {path}: {error.strerror or error}",
            location=location, help="the path is relative to the workspace root",
        ) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise ManifestError(
            f"{path} is not a conda→PyPI mapping: {error}", location=location,
            help='expected JSON like `{"pytorch": "torch", "tzdata": null}`',
        ) from error


def _url_table(url: str, location: Location | None) -> Table:
    got = mapping_http.fetch(url, mapping_cache_dir(), parse_table)
    if got.value is None:
        raise ManifestError(
            f"failed to download the conda-pypi-map mapping from {url}: {got.problem}",
            location=location,
            help="check that the URL is right and reachable (for a GitHub file, the raw "
                 "raw.githubusercontent.com URL), or use a local file; a copy fetched once is "
                 "reused when the server cannot be reached",
        )
    if got.origin == "stale":
        logger.warning(f"warning: could not refresh the conda-pypi-map mapping from {url} "
                       f"({got.problem}); using the copy cached {_when(got.fetched_at)}")
    return got.value
