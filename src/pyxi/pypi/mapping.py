"""Which PyPI distributions locked conda packages are, as pixi reads a lock (pixi-semantics §5.1).

A record's `purls` decide (`[]` = not a PyPI package). A record without `purls` (a lock
written before pixi recorded them, or an environment without PyPI dependencies) from a
conda-forge channel counts as the PyPI package of its own name; from any other channel it is
no PyPI package. Deriving `purls` at lock time (the mapping) is `pyxi.pypi.purls`.

Import-light: the up-to-date check uses it, the mapping data is never loaded here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from pyxi.lockfile.model import CondaPackage
from pyxi.names import normalize_pypi_name

PURL_PREFIX = "pkg:pypi/"
# Channels parselmouth publishes a mapping for (conda-mapping.prefix.dev/compressed-v0/…).
MAPPED_CHANNELS = ("conda-forge", "pytorch", "bioconda")

_NAME_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")


def _segments(channel_url: str) -> list[str]:
    path = urlsplit(channel_url).path if "://" in channel_url else channel_url
    return [part for part in unquote(path).split("/") if part]


def mapped_channel(channel_url: str | None) -> str | None:
    """`conda-forge`, `pytorch` or `bioconda` when the channel is (a mirror of) one of them: its
    URL path starts with that name (`https://prefix.dev/conda-forge`, pixi's rule, labels
    included) or ends with it (a local or proxied copy such as `file:///srv/conda-forge`)."""
    parts = _segments(channel_url or "")
    for candidate in (parts[:1], parts[-1:]):
        if candidate and candidate[0] in MAPPED_CHANNELS:
            return candidate[0]
    return None


def is_conda_forge_channel(channel_url: str | None) -> bool:
    return mapped_channel(channel_url) == "conda-forge"


def is_conda_forge_like(channel_url: str | None) -> bool:
    """The channel URL's path (or the bare channel name) mentions `conda-forge` (for messages)."""
    if not channel_url:
        return False
    return "conda-forge" in "/".join(_segments(channel_url))


def purl_for(name: str, source: str | None = None) -> str:
    """`pkg:pypi/<normalized name>`, with pixi's `?source=…` qualifier when given."""
    purl = f"{PURL_PREFIX}{normalize_pypi_name(name)}"
    return f"{purl}?source={source}" if source else purl


def pep440(version: str) -> str | None:
    """The normalized PEP 440 form of `version`, or None when it is not one."""
    from packaging.version import InvalidVersion, Version

    try:
        return str(Version(version))
    except InvalidVersion:
        return None


def same_name_purls(record: CondaPackage) -> list[str]:
    """pixi's same-name heuristic: the conda name is the PyPI name, when the name and the
    version are valid on PyPI (`[]` otherwise)."""
    if _NAME_RE.match(record.name) and pep440(record.version) is not None:
        return [purl_for(record.name)]
    return []


def pypi_purls(record: CondaPackage) -> list[str]:
    """The `pkg:pypi/…` purls a locked conda record provides (see the module doc)."""
    if record.purls is not None:
        return [p for p in record.purls if p.startswith(PURL_PREFIX)]
    return same_name_purls(record) if is_conda_forge_channel(record.channel) else []


def parse_purl(purl: str) -> tuple[str, str | None]:
    """`pkg:pypi/name@version?qualifiers` → (normalized name, version or None)."""
    body = purl.removeprefix(PURL_PREFIX)
    body = body.split("?", 1)[0].split("#", 1)[0]
    name, _, version = body.partition("@")
    return normalize_pypi_name(unquote(name)), unquote(version) or None


def conda_provided(records: Iterable[CondaPackage]) -> dict[str, str]:
    """{normalized PyPI name: version} for every conda record that is a PyPI distribution.

    The purl's version wins, else the conda version; versions that are not PEP 440 are skipped
    (they cannot be expressed to uv)."""
    provided: dict[str, str] = {}
    for record in records:
        for purl in pypi_purls(record):
            name, version = parse_purl(purl)
            normalized = pep440(version or record.version)
            if normalized is not None and _NAME_RE.match(name):
                provided.setdefault(name, normalized)
    return provided
