"""`pyxi workspace system-requirements add` (deprecated): one key of `[system-requirements]`,
then the usual re-lock (the solver assumes these virtual packages) and install."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyxi.diagnostics import PyxiError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_workspace import inline, set_key
from pyxi.manifest.specs import is_simple_version
from pyxi.sync.workspace_edit import Edited, EditSettings, edit_workspace
from pyxi.workspace.environment import Workspace


def add_requirement(manifest: Path, kind: str, version: str, family: str | None,
                    feature: str | None, settings: EditSettings) -> tuple[list[str], Edited]:
    if not is_simple_version(version):
        raise PyxiError(f"'{version}' is not a valid version", help="e.g. `12.0` or `2.28`")
    if kind == "other-libc" and not family:
        raise PyxiError("`other-libc` needs `--family` (e.g. `--family musl`)")
    key, value = _entry(kind, version, family)

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        owner = (*editor._base(), *(("feature", feature) if feature else ()), "system-requirements")
        set_key(editor, owner, key, value)
        return [f"Added system requirement {key} {version}"]

    return edit_workspace(manifest, change, settings)


def _entry(kind: str, version: str, family: str | None) -> tuple[str, Any]:
    if kind == "glibc":
        return "libc", version
    if kind == "other-libc":
        return "libc", inline({"family": family, "version": version})
    return kind, version
