"""`pyxi workspace name|version|description|requires-pixi|preview`: single keys of the
workspace table. In a pyproject.toml, `name`, `version` and `description` are `[project]`'s
(where pixi reads them) unless `[tool.pixi.workspace]` sets them or `[project]` declares them
`dynamic`. None of these edits touches pixi.lock, as with pixi."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyxi.diagnostics import PyxiError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_workspace import Owner, get_key, set_key, workspace_path
from pyxi.sync.workspace_edit import Edited, EditSettings, edit_workspace
from pyxi.workspace.environment import Workspace

if TYPE_CHECKING:
    from pyxi.conda.versions import Part

PREVIEW_FLAGS = ("pixi-build",)


def meta_owner(editor: ManifestEditor, key: str) -> Owner:
    """Where `name`/`version`/`description` are written."""
    own = workspace_path(editor)
    if not editor.is_pyproject or get_key(editor, own, key) is not None:
        return own
    project = editor.find(("project",))
    if project is None or key in (project.get("dynamic") or []):
        return own
    return ("project",)


def set_meta(manifest: Path, key: str, value: str | None, settings: EditSettings,
             line: str) -> tuple[list[str], Edited]:
    """Set (None: remove) one key; `line` is the report, `{value}` filled in."""

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        owner = workspace_path(editor) if key == "requires-pixi" else meta_owner(editor, key)
        set_key(editor, owner, key, value)
        return [line.format(value=value)]

    return edit_workspace(manifest, change, _no_relock(settings))


def bump(manifest: Path, part: Part, settings: EditSettings) -> tuple[list[str], Edited]:
    from pyxi.conda.versions import bump_version

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        current = workspace.manifest.workspace.version
        if current is None:
            raise PyxiError("No version found in manifest.",
                            help="set one first: `pyxi workspace version set 0.1.0`")
        new = bump_version(current, part)
        set_key(editor, meta_owner(editor, "version"), "version", new)
        return [f"Updated workspace version from '{current}' to '{new}'."]

    return edit_workspace(manifest, change, _no_relock(settings))


def _no_relock(settings: EditSettings) -> EditSettings:
    settings.relock = False
    return settings


def preview_flags(editor: ManifestEditor) -> list[str] | bool:
    value = get_key(editor, workspace_path(editor), "preview")
    if isinstance(value, bool):
        return bool(value)
    return [str(flag) for flag in value or []]


def edit_preview(manifest: Path, flags: list[str], add: bool) -> list[str]:
    """Enable or disable preview flags, editing the file without reading the workspace (pixi
    lets `preview add` repair a manifest that needs the flag to load)."""
    editor = ManifestEditor(manifest)
    current = preview_flags(editor)
    if current is True and add:
        return ["The preview flags were already enabled."]
    listed = [] if isinstance(current, bool) else current
    wanted = [*listed, *(f for f in flags if f not in listed)] if add else [f for f in listed if f not in flags]
    changed = [f for f in flags if (f in wanted) != (f in listed)]
    if not changed:
        return ["The preview flags were already enabled." if add else "The preview flags were not enabled."]
    set_key(editor, workspace_path(editor), "preview", _array(wanted))
    editor.save()
    verb = "Added '{}' to" if add else "Removed '{}' from"
    return [verb.format("', '".join(changed)) + " the preview flags."]


def _array(flags: list[str]) -> Any:
    import tomlkit

    array = tomlkit.array()
    array.extend(flags)
    return array
