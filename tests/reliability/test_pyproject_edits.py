"""`add --pypi` in a pyproject.toml writes where the file stays valid: `[project] dependencies`
normally, `[tool.pixi.pypi-dependencies]` when `[project] dynamic` lists `dependencies` (a static
list next to it is invalid, PEP 621). And an add that edits `[project]` of a workspace that
builds its own project (`me = { path = "." }`) locks that project's new requirements."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib
import yaml

from pyxi.testing.pypi_index import make_wheel, write_simple_index

from .conftest import Workspace

PURE = ("py3", "none", "any")


@pytest.fixture
def index(tmp_path: Path) -> Path:
    wheel = make_wheel(tmp_path / "wheels", "goodpkg", "1.2", tag=PURE, files={"goodpkg/__init__.py": ""})
    return write_simple_index(tmp_path / "index", [wheel])


def _pyproject(worlds, index: Path, project: str, pixi: str = "") -> str:  # type: ignore[no-untyped-def]
    return (
        f'[project]\nname = "me"\nversion = "0.1"\nrequires-python = ">=3.9"\n{project}\n'
        f'[tool.pixi.workspace]\nchannels = ["{worlds.conda_forge.url}"]\nplatforms = ["linux-64"]\n\n'
        f'[tool.pixi.dependencies]\npython = "*"\n\n'
        f'[tool.pixi.pypi-options]\nindex-url = "{index.as_uri()}"\n{pixi}'
    )


def _read(ws: Workspace) -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ws.root / "pyproject.toml").read_text())


def _locked_names(ws: Workspace) -> set[str]:
    return {p.get("name") for p in yaml.safe_load(ws.lock.read_text())["packages"] if "pypi" in p}


def test_add_pypi_with_dynamic_dependencies_writes_tool_pixi(workspace: Workspace, worlds, index: Path) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(_pyproject(worlds, index, 'dynamic = ["dependencies"]\n'), "pyproject.toml")
    ws.pyxi("add", "--pypi", "--no-install", "goodpkg")
    data = _read(ws)
    assert "dependencies" not in data["project"], "a static list next to `dynamic` is invalid"
    assert data["tool"]["pixi"]["pypi-dependencies"]["goodpkg"].startswith(">=1.2")
    assert "goodpkg" in _locked_names(ws)
    ws.pyxi("remove", "--pypi", "--no-install", "goodpkg")
    data = _read(ws)
    assert "goodpkg" not in data["tool"]["pixi"].get("pypi-dependencies", {})
    assert "dependencies" not in data["project"]
    assert "goodpkg" not in _locked_names(ws)


def test_add_pypi_with_static_dependencies_writes_project(workspace: Workspace, worlds, index: Path) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(_pyproject(worlds, index, 'dependencies = []\ndynamic = ["version"]\n'), "pyproject.toml")
    ws.pyxi("add", "--pypi", "--no-install", "goodpkg")
    data = _read(ws)
    assert [d.replace(" ", "") for d in data["project"]["dependencies"]] == ["goodpkg>=1.2,<2"]
    assert "pypi-dependencies" not in data["tool"]["pixi"]


def test_add_to_a_workspace_that_builds_itself_locks_its_new_requirements(workspace: Workspace, worlds, index: Path) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    build = '\n[build-system]\nrequires = ["uv_build>=0.9,<0.14"]\nbuild-backend = "uv_build"\n'
    own = '\n[tool.pixi.pypi-dependencies]\nme = { path = ".", editable = true }\n'
    ws.write(_pyproject(worlds, index, "dependencies = []\n" + build, own), "pyproject.toml")
    (ws.root / "src" / "me").mkdir(parents=True)
    (ws.root / "src" / "me" / "__init__.py").write_text("")
    ws.pyxi("lock")
    ws.pyxi("add", "--pypi", "--no-install", "goodpkg")
    packages = yaml.safe_load(ws.lock.read_text())["packages"]
    me = next(p for p in packages if p.get("name") == "me")
    assert any(r.startswith("goodpkg") for r in me.get("requires_dist", [])), me
