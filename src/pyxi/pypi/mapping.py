"""Which conda packages are PyPI distributions (pixi-semantics §5.1), offline.

Order per record: its `purls` when the lock/repodata has them (`[]` = not a PyPI package);
otherwise, for conda-forge-like channels, a small built-in table of names that differ and then
the same-name rule. The prefix.dev mapping service is not consulted (no network).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import unquote, urlparse

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from pyxi.lock.model import CondaPackage

PURL_PREFIX = "pkg:pypi/"

# conda-forge names whose PyPI name differs, as conda-forge's mapping (parselmouth) has them.
# An empty list: the conda package ships no Python distribution (metapackage or non-Python).
KNOWN_NAMES: dict[str, list[str]] = {
    "pytorch": ["torch"],
    "pytorch-cpu": [],
    "pytorch-gpu": [],
    "pytorch-cuda": [],
    "libtorch": [],
    "python": [],
    "msgpack-python": ["msgpack"],
    "matplotlib": [],
    "matplotlib-base": ["matplotlib"],
    "py-opencv": [],
    "tensorflow-base": ["tensorflow"],
    "jax-jumpy": ["jax-jumpy"],
}

_NAME_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")


def is_conda_forge_like(channel_url: str | None) -> bool:
    """The channel URL's path (or the bare channel name) mentions `conda-forge`."""
    if not channel_url:
        return False
    path = urlparse(channel_url).path if "://" in channel_url else channel_url
    return "conda-forge" in unquote(path)


def purl_for(name: str) -> str:
    return f"{PURL_PREFIX}{canonicalize_name(name)}"


def pypi_purls(record: CondaPackage, channel_url: str | None = None, *, same_name: bool | None = None) -> list[str]:
    """The `pkg:pypi/…` purls a conda record provides.

    `same_name`: None applies the same-name rule only to conda-forge-like channels
    (`channel_url`, else `record.channel`); True applies it to every channel; False never."""
    if record.purls is not None:
        return [p for p in record.purls if p.startswith(PURL_PREFIX)]
    use_rule = same_name if same_name is not None else is_conda_forge_like(channel_url or record.channel)
    if not use_rule:
        return []
    if record.name in KNOWN_NAMES:
        return [purl_for(n) for n in KNOWN_NAMES[record.name]]
    if not _NAME_RE.match(record.name):
        return []
    return [purl_for(record.name)]


def parse_purl(purl: str) -> tuple[str, str | None]:
    """`pkg:pypi/name@version?qualifiers` → (normalized name, version or None)."""
    body = purl.removeprefix(PURL_PREFIX)
    body = body.split("?", 1)[0].split("#", 1)[0]
    name, _, version = body.partition("@")
    return str(canonicalize_name(unquote(name))), unquote(version) or None


def _pep440(version: str) -> str | None:
    try:
        return str(Version(version))
    except InvalidVersion:
        return None


def conda_provided(
    records: Iterable[CondaPackage],
    *,
    same_name: bool | None = None,
    channel_urls: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """{normalized PyPI name: version} for every conda record that is a PyPI distribution.

    The purl's version wins, else the conda version; versions that are not PEP 440 are skipped
    (they cannot be expressed to uv). `channel_urls` maps a record name to its channel URL when
    `record.channel` is not set."""
    provided: dict[str, str] = {}
    for record in records:
        channel = (channel_urls or {}).get(record.name, record.channel)
        for purl in pypi_purls(record, channel, same_name=same_name):
            name, version = parse_purl(purl)
            normalized = _pep440(version or record.version)
            if normalized is not None and _NAME_RE.match(name):
                provided.setdefault(name, normalized)
    return provided
