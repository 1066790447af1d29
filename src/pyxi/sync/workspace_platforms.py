"""`pyxi workspace platform add/edit/move/remove`: the checks pixi makes, the manifest edit
(`manifest/edit_platforms.py`), then the usual re-lock and install (`sync/workspace_edit.py`)."""

from __future__ import annotations

from pathlib import Path

from pyxi.diagnostics import ManifestError, PyxiError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_platforms import (
    PlatformChange,
    PlatformDecl,
    PlatformRuleError,
    add_platform_names,
    append_platform,
    apply_change,
    remove_platform_entries,
    remove_platform_names,
    rename_platform_name,
    reorder_platforms,
    replace_platform,
)
from pyxi.manifest.edit_workspace import owner_path, workspace_path
from pyxi.manifest.errors import suggest
from pyxi.manifest.platform_args import VirtualFlags, check_subdir, platform_entry
from pyxi.sync.workspace_edit import Edited, EditSettings, Where, edit_workspace
from pyxi.workspace.environment import Workspace


def declared_platforms(workspace: Workspace) -> list[PlatformDecl]:
    return [PlatformDecl.of(p) for p in workspace.manifest.workspace.platforms]


def index_of(workspace: Workspace, name: str) -> int:
    platforms = workspace.manifest.workspace.platforms
    for index, platform in enumerate(platforms):
        if platform.name == name:
            return index
    raise ManifestError(
        f"workspace does not define a platform named '{name}'",
        location=workspace.manifest.workspace.location,
        help=suggest(name, [p.name for p in platforms], what="platforms"),
    )


def requested_platforms(words: list[str], flags: VirtualFlags) -> list[PlatformDecl]:
    """`platform add` words (without `--auto-detect`) → the entries to add."""
    raw = [w for w in words if w.startswith("__")]
    given = [w for w in words if not w.startswith("__")]
    if not given:
        raise PyxiError("at least one platform argument is required",
                        help="e.g. `pyxi workspace platform add linux-64 osx-arm64`")
    with_virtuals = bool(raw or flags.given())
    if with_virtuals and len(given) != 1:
        raise PyxiError("virtual-package flags or `__name=value` positionals require exactly one "
                        f"platform argument; got {len(given)}")
    entries = [platform_entry(w) for w in given]
    names = [name for name, _ in entries]
    for name in names:
        if names.count(name) > 1:
            raise PyxiError(f"platform '{name}' was specified more than once on the command line")
    if with_virtuals and entries[0][0] == entries[0][1]:
        subdir = entries[0][1]
        raise PyxiError(
            "virtual packages require a custom platform name; use `<name>=<subdir>` "
            f"(e.g. `gpu-{subdir}={subdir}`) instead of the bare subdir")
    try:
        return [PlatformDecl.new(name, subdir, flags.declarations(subdir, raw) if with_virtuals else {})
                for name, subdir in entries]
    except PlatformRuleError as error:
        raise PyxiError(str(error)) from None


def duplicate_definition(existing: list[PlatformDecl], incoming: PlatformDecl) -> PyxiError | None:
    for decl in existing:
        if decl.name != incoming.name and decl.same_definition(incoming):
            return PyxiError(
                f"cannot add platform '{incoming.name}': its definition ({decl.describe()}) is "
                f"already declared as '{decl.name}'",
                help=f"reuse the existing platform '{decl.name}', or give this one a distinct "
                "subdir or virtual packages")
    return None


def add_platforms(manifest: Path, platforms: list[PlatformDecl], where: Where,
                  settings: EditSettings, first: bool = False) -> tuple[list[str], Edited]:
    """Add to the workspace (and name them in the feature's list); the report lines."""

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        existing = declared_platforms(workspace)
        lines = []
        for decl in platforms:
            if (error := duplicate_definition(existing, decl)) is not None:
                raise error
            new = all(d.name != decl.name for d in existing)
            if new:
                append_platform(editor, workspace_path(editor), decl, first)
                existing.append(decl)
            named = name_in_list(editor, where, decl.name)
            lines.append(_added_line(decl.name, where, new or named))
        return lines

    return edit_workspace(manifest, change, settings)


def name_in_list(editor: ManifestEditor, where: Where, name: str) -> bool:
    if where.label() is None:
        return False
    owner = owner_path(editor, where.feature, where.environment)
    return bool(add_platform_names(editor, owner, [name]))


def _added_line(name: str, where: Where, changed: bool) -> str:
    label = where.label()
    if changed:
        return f"Added {name}" + (f" to {label}" if label else "")
    return f"Platform {name}" + (f" in {label}" if label else "") + " is already present; nothing to do"


def remove_platforms(manifest: Path, names: list[str], where: Where,
                     settings: EditSettings) -> tuple[list[str], Edited]:

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        indexes = {index_of(workspace, name) for name in names}
        label = where.label()
        if label is None:
            remove_platform_entries(editor, workspace_path(editor), indexes)
            return [f"Removed {name}" for name in names]
        listed = _listed(workspace, where)
        missing = [name for name in names if name not in listed]
        if missing:
            raise PyxiError(f"{label} does not declare platform(s): {', '.join(missing)}",
                            help=f"platforms it declares: {', '.join(listed) or 'none'}")
        remove_platform_names(editor, owner_path(editor, where.feature, where.environment), set(names))
        return [f"Removed {name} from {label}" for name in names]

    return edit_workspace(manifest, change, settings)


def _listed(workspace: Workspace, where: Where) -> list[str]:
    feature = workspace.manifest.features.get(where.feature or "")
    if feature is None:
        raise ManifestError(f"the {where.label()} does not exist",
                            help=suggest(where.feature or "", workspace.manifest.features, what="features"))
    return list(feature.platforms or [])


def edit_platform(manifest: Path, name: str, flags: VirtualFlags, raw: list[str], change: PlatformChange,
                  settings: EditSettings) -> tuple[list[str], Edited]:

    def edit(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        index = index_of(workspace, name)
        old = declared_platforms(workspace)[index]
        if change.subdir is not None:
            check_subdir(change.subdir)
        try:
            change.upsert = flags.declarations(change.subdir or old.subdir, raw)
            if change.is_noop():
                raise PyxiError(_NOTHING_TO_DO)
            new = apply_change(old, change)
        except PlatformRuleError as error:
            raise PyxiError(str(error)) from None
        replace_platform(editor, workspace_path(editor), index, new)
        if new.name != old.name:
            for feature in workspace.manifest.features.values():
                if old.name in (feature.platforms or []):
                    rename_platform_name(editor, owner_path(editor, feature.name), old.name, new.name)
        return [f"Updated platform {name}"]

    return edit_workspace(manifest, edit, settings)


_NOTHING_TO_DO = (
    "nothing to do: pass at least one of --subdir, a virtual-package flag (--cuda, --archspec, "
    "--glibc, --linux, --macos, --windows), a `__name=value` positional, "
    "--remove-virtual-package, or --clear-virtual-packages"
)


def move_platform(manifest: Path, name: str, before: str | None, after: str | None, to_top: bool,
                  settings: EditSettings) -> tuple[list[str], Edited]:

    def move(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        order = list(range(len(workspace.manifest.workspace.platforms)))
        moving = index_of(workspace, name)
        anchor = before or after
        if anchor == name:
            raise PyxiError(f"cannot move platform '{name}' relative to itself")
        anchor_index = index_of(workspace, anchor) if anchor else None
        order.remove(moving)
        if anchor_index is not None:
            position = order.index(anchor_index) + (1 if after else 0)
        else:
            position = 0 if to_top else len(order)
        order.insert(position, moving)
        if order != sorted(order):
            reorder_platforms(editor, workspace_path(editor), order)
        return [f"Moved platform {name}"]

    return edit_workspace(manifest, move, settings)

