"""The `shortcuts` list of a global environment (packages whose menu entries are wanted)."""

from __future__ import annotations

from pyxi.diagnostics import PyxiError
from pyxi.global_.project import GlobalProject
from pyxi.global_.records import installed_records, menu_packages


def has_menu(project: GlobalProject, env: str, package: str) -> bool:
    """The package is installed in `env` and ships a menu document (`Menu/*.json`)."""
    return package in menu_packages(installed_records(project.prefix(env)))


def add_shortcuts(project: GlobalProject, env: str, packages: list[str]) -> None:
    current = list(project.env(env).shortcuts or [])
    for package in packages:
        owner = next((e.name for e in project.manifest.envs.values()
                      if e.name != env and package in (e.shortcuts or [])), None)  # fmt: skip
        if owner is not None:
            raise PyxiError(f"Shortcut {package} already exists (in the environment `{owner}`)")
        if not has_menu(project, env, package):
            raise PyxiError(
                f"the following shortcuts are requested but not available: {package}",
                help=f"only installed packages of `{env}` that ship a menu (`Menu/*.json`) have shortcuts",
            )
        if package not in current:
            current.append(package)
    project.editor.set_shortcuts(env, current)
    project.refresh()


def remove_shortcuts(project: GlobalProject, packages: list[str]) -> None:
    for package in packages:
        owner = next(
            (e for e in project.manifest.envs.values() if package in (e.shortcuts or [])), None
        )
        if owner is None:
            raise PyxiError(
                f"The shortcut {package} doesn't exist",
                help="`pyxi global list` shows the shortcuts",
            )
        remaining = [s for s in owner.shortcuts or [] if s != package]
        project.editor.set_shortcuts(owner.name, remaining)
        project.refresh()
