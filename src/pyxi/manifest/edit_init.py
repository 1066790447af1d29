"""The files `pyxi init` writes: a small commented manifest, `.gitignore`, `.gitattributes`.

The manifest is written as text (not through tomlkit) so its comments read naturally; the
result is parsed back by the caller's normal manifest loader before anyone relies on it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pyxi.atomic import atomic_write
from pyxi.consts import LOCK_FILE, PIXI_TOML, PYPROJECT_TOML
from pyxi.diagnostics import PyxiError

GITIGNORE_LINES = (".pixi/*", "!.pixi/config.toml")
GITATTRIBUTES_LINE = f"{LOCK_FILE} merge=binary linguist-language=YAML linguist-generated=true"
_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


def workspace_name(folder: Path) -> str:
    return _NAME_CHARS.sub("-", folder.resolve().name).strip("-") or "workspace"


def _list(items: list[str]) -> str:
    return json.dumps(items)


def pixi_toml_text(name: str, channels: list[str], platforms: list[str]) -> str:
    return (
        "# The workspace: where packages come from and which platforms get locked.\n"
        "[workspace]\n"
        f"name = {json.dumps(name)}\n"
        'version = "0.1.0"\n'
        f"channels = {_list(channels)}\n"
        f"platforms = {_list(platforms)}\n"
        "\n"
        '# Commands for `pyxi run NAME`, e.g. start = "python main.py".\n'
        "[tasks]\n"
        "\n"
        '# Conda packages, e.g. python = ">=3.12" (or `pyxi add python`).\n'
        "[dependencies]\n"
    )


def pyproject_tables_text(channels: list[str], platforms: list[str], name: str | None) -> str:
    editable = (
        f"\n[tool.pixi.pypi-dependencies]\n{name} = {{ path = \".\", editable = true }}\n"
        if name
        else ""
    )
    return (
        "\n# pixi / pyxi: conda packages, environments and tasks for this project.\n"
        "[tool.pixi.workspace]\n"
        f"channels = {_list(channels)}\n"
        f"platforms = {_list(platforms)}\n"
        f"{editable}"
        "\n[tool.pixi.tasks]\n"
    )


def new_pyproject_text(name: str, channels: list[str], platforms: list[str]) -> str:
    return (
        "[project]\n"
        f"name = {json.dumps(name)}\n"
        'version = "0.1.0"\n'
        "dependencies = []\n"
        + pyproject_tables_text(channels, platforms, None)
    )


def init_workspace(
    folder: Path, fmt: str, channels: list[str], platforms: list[str]
) -> Path:
    """Write the manifest (refusing to overwrite one) and the git files; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    name = workspace_name(folder)
    pixi, pyproject = folder / PIXI_TOML, folder / PYPROJECT_TOML
    if pixi.exists():
        raise PyxiError(f"{pixi} already exists", help="edit it, or use `pyxi add`")
    if fmt == "pyproject" or (fmt == "auto" and pyproject.exists()):
        manifest = _init_pyproject(pyproject, name, channels, platforms)
    else:
        atomic_write(pixi, pixi_toml_text(name, channels, platforms).encode())
        manifest = pixi
    _append_lines(folder / ".gitignore", GITIGNORE_LINES)
    _append_lines(folder / ".gitattributes", (GITATTRIBUTES_LINE,))
    return manifest


def _init_pyproject(path: Path, name: str, channels: list[str], platforms: list[str]) -> Path:
    if not path.exists():
        atomic_write(path, new_pyproject_text(name, channels, platforms).encode())
        return path
    text = path.read_text(encoding="utf-8")
    if re.search(r"^\s*\[tool\.pixi[\].]", text, re.MULTILINE):
        raise PyxiError(
            f"{path} already has [tool.pixi] tables", help="edit them, or use `pyxi add`"
        )
    project = _project_name(text, path)
    atomic_write(path, (text.rstrip("\n") + "\n" + pyproject_tables_text(channels, platforms, project)).encode())
    return path


def _project_name(text: str, path: Path) -> str | None:
    from pyxi.manifest.toml_text import load_toml

    project = load_toml(text, path).get("project", {})
    name = project.get("name") if isinstance(project, dict) else None
    return name if isinstance(name, str) else None


def _append_lines(path: Path, lines: tuple[str, ...]) -> None:
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = [line for line in lines if line not in existing.splitlines()]
    if not missing:
        return
    prefix = existing if not existing or existing.endswith("\n") else existing + "\n"
    atomic_write(path, (prefix + "\n".join(missing) + "\n").encode())
