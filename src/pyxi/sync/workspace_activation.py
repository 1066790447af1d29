"""`pyxi workspace activation script|env …`: checked against the workspace as it is (a removal
of something that is not there names what is missing, and where), written without touching
pixi.lock (activation is not part of it)."""

from __future__ import annotations

from pathlib import Path

import tomlkit

from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_activation import (
    activation_path,
    add_scripts,
    anchor_path,
    prune,
    remove_env,
    remove_scripts,
    set_env,
)
from pyxi.manifest.edit_envs import remove_feature_table
from pyxi.manifest.model import Activation
from pyxi.manifest.parse_envs import addressed_feature
from pyxi.sync.workspace_edit import Edited, EditSettings, edit_workspace
from pyxi.workspace.environment import Workspace


@model
class Place:
    """`--feature` / `--environment` and `--target` of an activation edit."""

    feature: str | None = None
    environment: str | None = None
    target: str | None = None

    def suffix(self) -> str:
        """` in feature 'cuda' for target 'cuda-*'` (empty for the default feature)."""
        text = ""
        if self.environment is not None:
            text += f" in environment '{self.environment}'"
        elif self.feature and self.feature != "default":
            text += f" in feature '{self.feature}'"
        return text + (f" for target '{self.target}'" if self.target else "")

    def location(self) -> str:
        if self.environment is not None:
            owner = f"environment '{self.environment}'"
        elif self.feature and self.feature != "default":
            owner = f"feature '{self.feature}'"
        else:
            owner = "the default feature"
        return owner + (f" and target '{self.target}'" if self.target else "")


def existing(workspace: Workspace, place: Place, what: str) -> Activation:
    """The activation at `place` as the manifest has it; an error naming what is missing."""
    if place.environment is not None and place.environment not in workspace.manifest.environments:
        raise PyxiError(f"the environment '{place.environment}' does not exist")
    feature = addressed_feature(workspace.manifest, place.feature or "default", place.environment)
    if feature is None and place.environment is not None:
        raise PyxiError(f"no {what} are defined for environment '{place.environment}'")
    if feature is None:
        raise PyxiError(f"the feature '{place.feature}' does not exist")
    tables = feature.default if place.target is None else dict(feature.targets).get(place.target)
    if tables is None or tables.activation is None:
        raise PyxiError(f"no {what} are defined for {place.location()}")
    return tables.activation


def _start(editor: ManifestEditor, place: Place) -> tuple[str, ...]:
    return activation_path(anchor_path(editor, place.feature, place.environment), place.target)


def add(manifest: Path, scripts: list[str], prepend: bool, place: Place,
        settings: EditSettings) -> tuple[list[str], Edited]:
    scripts = list(dict.fromkeys(scripts))

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        present = _present_scripts(workspace, place)
        add_scripts(editor, _start(editor, place), scripts, prepend)
        lines = []
        for script in scripts:
            if script not in present:
                lines.append(f"Added activation script '{script}'{place.suffix()}")
            elif prepend:
                lines.append(f"Moved activation script '{script}' to the front{place.suffix()}")
            else:
                lines.append(f"Activation script '{script}' is already present{place.suffix()}; "
                             "nothing to do")
        return lines

    settings.relock = False
    return edit_workspace(manifest, change, settings)


def _present_scripts(workspace: Workspace, place: Place) -> tuple[str, ...]:
    try:
        return existing(workspace, place, "activation scripts").scripts
    except PyxiError:
        return ()


def remove(manifest: Path, scripts: list[str], place: Place,
           settings: EditSettings) -> tuple[list[str], Edited]:

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        listed = existing(workspace, place, "activation scripts").scripts
        for script in scripts:
            if script not in listed:
                raise PyxiError(f"the activation script '{script}' was not found for "
                                f"{place.location()}")
        path = _start(editor, place)
        remove_scripts(editor, path, scripts)
        _tidy(editor, workspace, place, path)
        return [f"Removed activation script '{script}'{place.suffix()}" for script in scripts]

    settings.relock = False
    return edit_workspace(manifest, change, settings)


def set_variables(manifest: Path, variables: list[tuple[str, str]], place: Place,
                  settings: EditSettings) -> tuple[list[str], Edited]:

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        set_env(editor, _start(editor, place), variables)
        return [f'Set activation environment variable {key}="{value}"{place.suffix()}'
                for key, value in variables]

    settings.relock = False
    return edit_workspace(manifest, change, settings)


def remove_variables(manifest: Path, keys: list[str], place: Place,
                     settings: EditSettings) -> tuple[list[str], Edited]:
    for key in keys:
        if "=" in key:
            raise PyxiError(f"pass just the variable name to remove, not an assignment: '{key}'")

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        listed = dict(existing(workspace, place, "activation environment variables").env)
        for key in keys:
            if key not in listed:
                raise PyxiError(f"the activation environment variable '{key}' was not found "
                                f"for {place.location()}")
        path = _start(editor, place)
        remove_env(editor, path, keys)
        _tidy(editor, workspace, place, path)
        return [f"Removed activation environment variable '{key}'{place.suffix()}" for key in keys]

    settings.relock = False
    return edit_workspace(manifest, change, settings)


def _tidy(editor: ManifestEditor, workspace: Workspace, place: Place, path: tuple[str, ...]) -> None:
    """Drop what the removal emptied, keeping the feature or environment declared."""
    anchor = anchor_path(editor, place.feature, place.environment)
    prune(editor, path, anchor)
    if place.environment is not None:
        entry = editor.find(anchor)
        if entry is not None and "features" not in entry:
            entry["features"] = tomlkit.array()
    elif place.feature and place.feature != "default" and not editor.find(anchor):
        used = any(place.feature in env.features for env in workspace.manifest.environments.values())
        if not used:
            remove_feature_table(editor, place.feature)
        elif (features := editor.find(anchor[:-1])) is not None:
            features[place.feature] = tomlkit.table()
