"""`pyxi workspace environment add/remove` and `feature remove`: checked against the
workspace, written without touching pixi.lock (pixi re-locks on the next command that needs
the environment)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pyxi.diagnostics import Location, ManifestError, PyxiError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_envs import (
    environment_value,
    put_environment,
    remove_environment,
    remove_feature_table,
    set_environment_features,
)
from pyxi.manifest.errors import suggest
from pyxi.sync.workspace_edit import Edited, EditSettings, edit_workspace
from pyxi.workspace.environment import Workspace

_ENV_NAME = re.compile(r"^[a-z0-9-]+$")


def unknown_feature(workspace: Workspace, name: str) -> ManifestError:
    return ManifestError(f"the feature '{name}' does not exist",
                         location=Location(workspace.manifest.path),
                         help=suggest(name, workspace.manifest.features, what="features"))


def add_environment(manifest: Path, name: str, features: list[str] | None, solve_group: str | None,
                    no_default_feature: bool, force: bool,
                    settings: EditSettings) -> tuple[list[str], Edited]:
    if not _ENV_NAME.match(name):
        raise PyxiError(f"'{name}' is not a valid environment name",
                        help="environment names use lowercase letters, digits and `-`", exit_code=2)

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        exists = name in workspace.manifest.environments
        if exists and not force:
            raise PyxiError(f"the environment '{name}' already exists",
                            help="use --force to overwrite the existing environment")
        for feature in features or []:
            if feature not in workspace.manifest.features:
                raise unknown_feature(workspace, feature)
        put_environment(editor, name, environment_value(features, solve_group, no_default_feature))
        return [f"{'Updated' if exists else 'Added'} environment {name}"]

    settings.relock = False
    return edit_workspace(manifest, change, settings)


def remove_environment_named(manifest: Path, name: str, settings: EditSettings) -> tuple[list[str], Edited]:

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        if not remove_environment(editor, name):
            declared = [n for n in workspace.manifest.environments if n != "default"]
            raise PyxiError(f"Environment {name} not found",
                            help=suggest(name, declared, what="environments") if declared
                            else "the workspace declares no environments")
        return [f"Removed environment {name}"]

    settings.relock = False
    return edit_workspace(manifest, change, settings)


def remove_feature(manifest: Path, name: str, confirm: Callable[[str], bool],
                   settings: EditSettings) -> tuple[list[str], Edited]:
    """`confirm(question)` is asked when environments use the feature (pixi asks too)."""

    def change(editor: ManifestEditor, workspace: Workspace) -> list[str]:
        if name == "default":
            raise PyxiError("Cannot remove the default feature")
        if name not in workspace.manifest.features:
            raise unknown_feature(workspace, name)
        users = [env for env in workspace.manifest.environments.values() if name in env.features]
        if users and not confirm(_question(name, [env.name for env in users])):
            raise PyxiError(f"feature '{name}' not removed", exit_code=1)
        for env in users:
            set_environment_features(editor, env.name, [f for f in env.features if f != name])
        if not remove_feature_table(editor, name):
            raise PyxiError(f"feature '{name}' is not a `[feature.{name}]` table of the manifest",
                            help="a pyproject.toml feature made from `[project.optional-dependencies]` "
                            "or `[dependency-groups]` is removed there")
        return [f"Removed feature {name}"]

    settings.relock = False
    return edit_workspace(manifest, change, settings)


def _question(name: str, environments: list[str]) -> str:
    if len(environments) == 1:
        return (f"Feature '{name}' is used by environment '{environments[0]}'. Do you want to "
                "remove it anyway?")
    return (f"Feature '{name}' is used by the following environments: {', '.join(environments)}. "
            "Do you want to remove it anyway?")
