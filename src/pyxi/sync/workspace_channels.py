"""`pyxi workspace channel add/remove`: the manifest edit (`manifest/edit_channels.py`), then
the re-lock of what the new channels made stale and the install (`sync/workspace_edit.py`).
A channel that cannot be fetched fails the solve, and the manifest stays as it was."""

from __future__ import annotations

from pathlib import Path

from pyxi.diagnostics import ManifestError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_channels import add_channels, missing_channels, remove_channels
from pyxi.manifest.edit_workspace import owner_path
from pyxi.manifest.errors import suggest
from pyxi.sync.workspace_edit import Edited, EditSettings, Where, edit_workspace
from pyxi.workspace.channels import channel_url
from pyxi.workspace.environment import Workspace


def channel_line(verb: str, channel: str, priority: int | None, root: Path) -> str:
    """`Added conda-forge (https://conda.anaconda.org/conda-forge/) at priority 2`, as pixi."""
    shown = channel
    if "://" not in channel and not channel.startswith((".", "/", "~")):
        shown = f"{channel} ({channel_url(channel, root)})"
    return f"{verb} {shown}" + (f" at priority {priority}" if priority is not None else "")


def add(manifest: Path, channels: list[str], priority: int | None, prepend: bool, where: Where,
        settings: EditSettings) -> tuple[list[str], Edited]:

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        owner = owner_path(editor, where.feature, where.environment)
        add_channels(editor, owner, channels, priority, prepend)
        return [channel_line("Added", c, priority, workspace.root) for c in channels]

    return edit_workspace(manifest, change, settings)


def remove(manifest: Path, channels: list[str], priority: int | None, where: Where,
           settings: EditSettings) -> tuple[list[str], Edited]:

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        if where.feature and where.feature not in workspace.manifest.features:
            raise ManifestError(
                f"the feature '{where.feature}' does not exist",
                help=suggest(where.feature, workspace.manifest.features, what="features"))
        owner = owner_path(editor, where.feature, where.environment)
        missing = missing_channels(editor, owner, channels)
        if missing:
            raise _not_listed(workspace, where, missing[0])
        remove_channels(editor, owner, channels)
        return [channel_line("Removed", c, priority, workspace.root) for c in channels]

    return edit_workspace(manifest, change, settings)


def _not_listed(workspace: Workspace, where: Where, channel: str) -> ManifestError:
    feature = workspace.manifest.features.get(where.feature or "")
    refs = feature.channels if feature is not None else workspace.manifest.workspace.channels
    listed = [ref.raw for ref in refs or []]
    location = refs[0].location if refs else workspace.manifest.workspace.location
    where_text = f" of {where.label()}" if where.label() else ""
    return ManifestError(
        f"channel {channel} does not exist in the channels{where_text}",
        location=location,
        help=suggest(channel, listed, what="channels") if listed else "there are no channels to remove",
    )
