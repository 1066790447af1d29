"""`channels` lists as `pyxi workspace channel add/remove` edit them, with pixi's rules: a
channel already listed with the same priority stays where it is; listed with another priority
it is replaced; `--prepend` puts new channels first (highest priority in strict order)."""

from __future__ import annotations

from collections.abc import Iterable

from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_workspace import Owner, ensure_array, find_array, inline, remove_where

Entry = tuple[str, int | None]  # (channel as written, priority or None)


def channel_key(channel: str) -> str:
    """What makes two spellings one channel: `https://x/y/` and `https://x/y` are the same."""
    return channel.strip().rstrip("/")


def listed(editor: ManifestEditor, owner: Owner) -> list[Entry]:
    """The channels at `owner` as written, with their priorities."""
    entries: list[Entry] = []
    for item in find_array(editor, owner, "channels") or []:
        if isinstance(item, str):
            entries.append((str(item), None))
        elif isinstance(item, dict) and isinstance(item.get("channel"), str):
            priority = item.get("priority")
            entries.append((str(item["channel"]), int(priority) if priority is not None else None))
    return entries


def add_channels(editor: ManifestEditor, owner: Owner, channels: Iterable[str],
                 priority: int | None, prepend: bool) -> list[str]:
    """Add `channels` at `owner` (the list is created when missing); the channels that
    changed the list."""
    current = {(channel_key(name), prio) for name, prio in listed(editor, owner)}
    new: list[str] = []
    for channel in channels:
        if (channel_key(channel), priority) not in current and channel not in new:
            new.append(channel)
    array = ensure_array(editor, owner, "channels")
    remove_where(array, {channel_key(c) for c in new}, "channel", channel_key)
    for index, channel in enumerate(new):
        value = channel if priority is None else inline({"channel": channel, "priority": priority})
        if prepend:
            array.insert(index, value)
        else:
            array.append(value)
    return new


def missing_channels(editor: ManifestEditor, owner: Owner, channels: Iterable[str]) -> list[str]:
    present = {channel_key(name) for name, _ in listed(editor, owner)}
    return [channel for channel in channels if channel_key(channel) not in present]


def remove_channels(editor: ManifestEditor, owner: Owner, channels: Iterable[str]) -> None:
    array = find_array(editor, owner, "channels")
    if array is not None:
        remove_where(array, {channel_key(c) for c in channels}, "channel", channel_key)
