"""The files `pyxi init` writes, as pixi writes them: a manifest (a commented pixi.toml, pixi's
`--format pyproject` project with its `src/` package, or `[tool.pixi]` tables appended to an
existing pyproject.toml, with an environment per group of extras), `.gitignore` and
`.gitattributes` (for GitHub, GitLab or Codeberg).

Manifests are written as text (not through tomlkit) so they read naturally; the caller parses
the result back before anyone relies on it.
"""

from __future__ import annotations

import json
import re
from dataclasses import field
from pathlib import Path
from typing import Any

from pyxi.atomic import atomic_write
from pyxi.consts import PIXI_TOML, PYPROJECT_TOML
from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError

GITIGNORE = ("# pixi environments", ".pixi/*", "!.pixi/config.toml")
GITATTRIBUTES = {
    "github": ("# SCM syntax highlighting & preventing 3-way merges",
               "pixi.lock merge=binary linguist-language=YAML linguist-generated=true -diff"),
    "gitlab": ("# GitLab syntax highlighting & preventing 3-way merges",
               "pixi.lock merge=binary gitlab-language=yaml gitlab-generated=true -diff"),
}
GITATTRIBUTES["codeberg"] = GITATTRIBUTES["github"]
_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


@model
class InitOptions:
    channels: list[str]
    platforms: list[str]
    fmt: str = "auto"  # pixi | pyproject | auto (pyproject when the folder has one)
    scm: str = "github"
    conda_pypi_map: str | None = None  # the TOML value, already rendered
    messages: list[str] = field(default_factory=list)  # what was done, for the command to say
    warnings: list[str] = field(default_factory=list)


def workspace_name(folder: Path) -> str:
    return _NAME_CHARS.sub("-", folder.resolve().name).strip("-") or "workspace"


def _list(items: list[str]) -> str:
    return json.dumps(items)


def _mapping(options: InitOptions) -> str:
    return f"conda-pypi-map = {options.conda_pypi_map}\n" if options.conda_pypi_map else ""


def pixi_toml_text(name: str, options: InitOptions) -> str:
    return (
        "# The workspace: where packages come from and which platforms get locked.\n"
        "[workspace]\n"
        f"name = {json.dumps(name)}\n"
        'version = "0.1.0"\n'
        f"channels = {_list(options.channels)}\n"
        f"platforms = {_list(options.platforms)}\n"
        f"{_mapping(options)}"
        "\n"
        '# Commands for `pyxi run NAME`, e.g. start = "python main.py".\n'
        "[tasks]\n"
        "\n"
        '# Conda packages, e.g. python = ">=3.12" (or `pyxi add python`).\n'
        "[dependencies]\n"
    )


def new_pyproject_text(name: str, package: str, options: InitOptions) -> str:
    """pixi's `--format pyproject` project: hatchling, `src/` layout, itself editable."""
    return (
        "[project]\n"
        "dependencies = []\n"
        f"name = {json.dumps(name)}\n"
        'requires-python = ">= 3.11"\n'
        'version = "0.1.0"\n'
        "\n[build-system]\n"
        'build-backend = "hatchling.build"\n'
        'requires = ["hatchling"]\n'
        "\n[tool.pixi.workspace]\n"
        f"channels = {_list(options.channels)}\n"
        f"platforms = {_list(options.platforms)}\n"
        f"{_mapping(options)}"
        "\n[tool.pixi.pypi-dependencies]\n"
        f'{package} = {{ path = ".", editable = true }}\n'
        "\n[tool.pixi.tasks]\n"
    )


def pyproject_tables_text(
    options: InitOptions, name: str, name_missing: bool, groups: list[str]
) -> str:
    """The `[tool.pixi]` tables appended to an existing pyproject.toml."""
    environments = ""
    if groups:
        environments = '\n[tool.pixi.environments]\ndefault = { solve-group = "default" }\n' + "".join(
            f'{group.replace("_", "-")} = {{ features = {_list([group])}, solve-group = "default" }}\n'
            for group in groups
        )
    return (
        "\n[tool.pixi.workspace]\n"
        + (f"name = {json.dumps(name)}\n" if name_missing else "")
        + f"channels = {_list(options.channels)}\n"
        f"platforms = {_list(options.platforms)}\n"
        f"{_mapping(options)}"
        "\n[tool.pixi.pypi-dependencies]\n"
        f'{name} = {{ path = ".", editable = true }}\n'
        f"{environments}"
        "\n[tool.pixi.tasks]\n"
    )


def init_workspace(folder: Path, options: InitOptions) -> Path:
    """Write the manifest (refusing to overwrite one) and the git files; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    pixi, pyproject = folder / PIXI_TOML, folder / PYPROJECT_TOML
    use_pyproject = options.fmt == "pyproject" or (options.fmt == "auto" and pyproject.exists()
                                                   and not pixi.exists())
    if use_pyproject:
        manifest = _init_pyproject(pyproject, workspace_name(folder), options)
    else:
        refuse_existing(pixi)
        atomic_write(pixi, pixi_toml_text(workspace_name(folder), options).encode())
        options.messages.append(f"Created {pixi.resolve()}")
        manifest = pixi
    write_git_files(folder, options.scm)
    return manifest


def refuse_existing(pixi: Path) -> None:
    if pixi.exists():
        raise PyxiError(f"{PIXI_TOML} already exists", help="edit it, or use `pyxi add`")


def _init_pyproject(path: Path, folder_name: str, options: InitOptions) -> Path:
    if not path.exists():
        safe = folder_name.strip("_-.") or "workspace"
        package = re.sub(r"[-_.]+", "_", safe).lower()
        atomic_write(path, new_pyproject_text(safe, package, options).encode())
        init_file = path.parent / "src" / package / "__init__.py"
        init_file.parent.mkdir(parents=True, exist_ok=True)
        init_file.touch(exist_ok=True)
        options.messages.append(f"Created {path.resolve()}")
        return path
    text = path.read_text(encoding="utf-8")
    data = _load(text, path)
    tool, project = data.get("tool"), data.get("project")
    if isinstance(tool, dict) and "pixi" in tool:
        options.messages.append(
            "Nothing to do here: 'pyproject.toml' already contains a '[tool.pixi.workspace]' section.")
        return path
    project = project if isinstance(project, dict) else {}
    name: str | None = project["name"] if isinstance(project.get("name"), str) else None
    groups = _groups(data, project)
    tables = pyproject_tables_text(options, name or folder_name.strip("_-.") or "workspace",
                                   name is None, groups)
    atomic_write(path, (text.rstrip("\n") + "\n" + tables).encode())
    options.messages.append(f"Added package '{name or folder_name}' as an editable dependency.")
    if groups:
        names = "', '".join(group.replace("_", "-") for group in groups)
        plural = "s" if len(groups) > 1 else ""
        options.messages.append(
            f"Added environment{plural} '{names}' from optional dependencies or dependency groups.")
    return path


def _groups(data: dict[str, Any], project: dict[str, Any]) -> list[str]:
    groups: list[str] = []
    for table in (project.get("optional-dependencies"), data.get("dependency-groups")):
        if isinstance(table, dict):
            groups += [name for name in table if name not in groups]
    return groups


def _load(text: str, path: Path) -> dict[str, Any]:
    from pyxi.manifest.toml_text import load_toml

    return load_toml(text, path)


def write_git_files(folder: Path, scm: str) -> None:
    _append_lines(folder / ".gitignore", GITIGNORE)
    _append_lines(folder / ".gitattributes", GITATTRIBUTES[scm])


def _append_lines(path: Path, lines: tuple[str, ...]) -> None:
    """Append the block unless every line of it (comments aside) is there already."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    have = existing.splitlines()
    if all(line in have for line in lines if not line.startswith("#")):
        return
    prefix = existing if not existing or existing.endswith("\n") else existing + "\n"
    atomic_write(path, (prefix + "\n".join(lines) + "\n").encode())
