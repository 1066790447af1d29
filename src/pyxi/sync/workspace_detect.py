"""`pyxi workspace platform add --auto-detect [NAME]`: this machine's subdir and virtual
packages as a platform entry, first in the list so that it wins selection on this machine."""

from __future__ import annotations

from pathlib import Path

from pyxi.diagnostics import PyxiError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_platforms import (
    PlatformDecl,
    PlatformRuleError,
    append_platform,
    reorder_platforms,
)
from pyxi.manifest.edit_workspace import workspace_path
from pyxi.manifest.platform_args import VirtualFlags
from pyxi.manifest.platform_names import name_problem
from pyxi.sync.workspace_edit import Edited, EditSettings, Where, edit_workspace
from pyxi.sync.workspace_host import HostMachine
from pyxi.sync.workspace_platforms import declared_platforms, duplicate_definition, name_in_list
from pyxi.workspace.environment import Workspace


def add_detected(manifest: Path, words: list[str], flags: VirtualFlags, where: Where,
                 settings: EditSettings) -> tuple[list[str], Edited]:
    """`platform add --auto-detect [NAME]`: this machine's subdir and virtual packages (the
    flags override what was detected), first in the list, so that it wins selection. An entry
    with the same definition is this machine already: it is reused and moved to the front."""
    raw = [w for w in words if w.startswith("__")]
    name = _detected_name([w for w in words if not w.startswith("__")])
    machine = HostMachine.detect()
    declared = {**machine.customised, **flags.declarations(machine.subdir, raw)}
    try:
        candidate = PlatformDecl.new(name, machine.subdir, declared)
    except PlatformRuleError as error:
        raise PyxiError(str(error)) from None

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        existing = declared_platforms(workspace)
        same = next((d for d in existing if d.same_definition(candidate)), None)
        if same is not None and (name is None or same.name == candidate.name):
            chosen, line = same, f"Platform {same.name} already matches this machine; moved it to the front"
        elif (error := duplicate_definition(existing, candidate)) is not None:
            raise error
        elif any(d.name == candidate.name for d in existing):
            chosen, line = candidate, f"Platform {candidate.name} is already present; moved it to the front"
        else:
            chosen, line = candidate, f"Added platform {candidate.name} (detected from this machine)"
            append_platform(editor, workspace_path(editor), candidate, first=True)
            existing.insert(0, candidate)
        name_in_list(editor, where, chosen.name)
        names = [d.name for d in existing]
        order = [names.index(chosen.name), *(i for i, n in enumerate(names) if n != chosen.name)]
        if order != sorted(order):
            reorder_platforms(editor, workspace_path(editor), order)
        return [line]

    return edit_workspace(manifest, change, settings)


def _detected_name(entries: list[str]) -> str | None:
    if len(entries) > 1:
        raise PyxiError(f"`--auto-detect` accepts at most one platform name; got {len(entries)}")
    if not entries:
        return None
    if "=" in entries[0]:
        raise PyxiError("`--auto-detect` detects this machine's subdir; pass a bare `<name>`, "
                        "not `<name>=<subdir>`")
    if (problem := name_problem(entries[0])) is not None:
        raise PyxiError(f"invalid platform name '{entries[0]}': {problem}")
    return entries[0]
