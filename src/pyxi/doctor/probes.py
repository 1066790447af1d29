"""Cheap looks at package sources, for findings the lock cannot show (it may not exist).

- `wheel_files(index_url, project)`: the wheel file names on a PEP 503 project page
  (`file://` read from disk; `http(s)://` fetched with a short timeout; None when unreadable).
- `channel_builds(channel_url, subdir, name)`: (version, build) of every record of `name` in
  a channel's `subdir` and `noarch` (`file://` read from `repodata.json`; remote channels: None for now).

`offline=True` turns every remote look into None.
"""

from __future__ import annotations

import html
import re
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pyxi.names import normalize_pypi_name

_HREF = re.compile(r"""<a\s[^>]*href=["']([^"']+)["']""", re.IGNORECASE)
_TIMEOUT_S = 10


def _local_path(url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if not parts.scheme and url.startswith("/"):
        return Path(url)
    return None


def _read(url: str, offline: bool) -> str | None:
    path = _local_path(url)
    try:
        if path is not None:
            target = path / "index.html" if path.is_dir() else path
            return target.read_text("utf-8", "replace")
        if offline or not url.startswith(("http://", "https://")):
            return None
        request = urllib.request.Request(url, headers={"Accept": "text/html"})
        with urllib.request.urlopen(request, timeout=_TIMEOUT_S) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def wheel_files(index_url: str, project: str, offline: bool = False) -> list[str] | None:
    page = _read(f"{index_url.rstrip('/')}/{normalize_pypi_name(project)}/", offline)
    if page is None:
        return None
    names = []
    for href in _HREF.findall(page):
        name = unquote(html.unescape(href).split("#", 1)[0].rsplit("/", 1)[-1])
        if name.endswith(".whl"):
            names.append(name)
    return names


def channel_builds(channel_url: str, subdir: str, name: str, offline: bool = False) -> list[tuple[str, str]] | None:
    """(version, build) of `name` in the channel; None when it cannot be known (offline and
    remote, or unreachable)."""
    if offline and _local_path(channel_url) is None:
        return None
    from pyxi.cache import cache_dir
    from pyxi.conda.query import channel_builds as query

    return query(channel_url, subdir, name, cache_dir())
