"""Channel names, URLs and paths → the base URLs the solver and the lock use."""

from __future__ import annotations

from pathlib import Path

from pyxi.consts import DEFAULT_CHANNEL_ALIAS
from pyxi.manifest.model import ChannelRef

_URL_SCHEMES = ("http://", "https://", "file://", "s3://", "oci://", "gcs://")


def channel_url(raw: str, root: Path, alias: str = DEFAULT_CHANNEL_ALIAS) -> str:
    """The base URL of a channel as written in a manifest, always with a trailing slash.

    Names go through the channel alias (`conda-forge` → `https://conda.anaconda.org/conda-forge/`),
    URLs are kept, and paths (absolute, `./x`, `../x`, `~/x`) become `file://` URLs relative to the
    workspace root.
    """
    text = raw.strip()
    if text.startswith(_URL_SCHEMES):
        url = text
    elif _looks_like_path(text):
        url = (root / Path(text).expanduser()).resolve().as_uri()
    else:
        url = alias.rstrip("/") + "/" + text.strip("/")
    return url if url.endswith("/") else url + "/"


def _looks_like_path(text: str) -> bool:
    return text.startswith(("/", "./", "../", "~", ".\\", "..\\")) or (
        len(text) > 2 and text[1] == ":" and text[2] in "\\/"
    )


def prioritized_channels(groups: list[list[ChannelRef]]) -> list[ChannelRef]:
    """pixi's merge: channels collected in feature order, stable-sorted by priority (higher
    first); the first occurrence of a channel wins."""
    flat = [ref for group in groups for ref in group]
    ordered = sorted(enumerate(flat), key=lambda item: (-item[1].priority, item[0]))
    seen: set[str] = set()
    result: list[ChannelRef] = []
    for _, ref in ordered:
        if ref.raw not in seen:
            seen.add(ref.raw)
            result.append(ref)
    return result


def display_channel(url: str) -> str:
    """A channel as people name it: `conda-forge` for one under the default alias, else its URL."""
    if url.startswith(DEFAULT_CHANNEL_ALIAS):
        return url[len(DEFAULT_CHANNEL_ALIAS) :].strip("/")
    return url
