"""Edits into an environment's own tables, and the `{ workspace = true }` marker."""

from __future__ import annotations

from pathlib import Path

import tomli

from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_inline import drop_if_empty
from pyxi.manifest.parse import parse_manifest

PIXI = """\
[workspace]
name = "x"
channels = ["conda-forge"]
platforms = ["linux-64"]

[workspace.dependencies]
numpy = "2.*"

[dependencies]
numpy = { workspace = true }  # from the pool
scipy.workspace = false
cmake = "*"

[feature.lint.dependencies]
ruff = "*"

[environments]
dev = ["lint"]  # keep me
ci = { features = ["lint"], solve-group = "g" }
"""


def _editor(tmp_path: Path, text: str = PIXI, name: str = "pixi.toml") -> ManifestEditor:
    path = tmp_path / name
    path.write_text(text)
    return ManifestEditor(path)


def test_writes_into_an_environment_in_list_form_keeping_its_features(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    editor.set_dependency("pytest", "*", pypi=False, feature=None, platform=None, environment="dev")
    editor.set_task("t", "pytest", feature=None, platform="linux-64", environment="dev")
    editor.set_dependency("rich", ">=13", pypi=True, feature=None, platform=None, environment="new")
    text = editor.text()
    assert "# keep me" in text
    data = tomli.loads(text)
    assert data["environments"]["dev"] == {
        "features": ["lint"], "dependencies": {"pytest": "*"},
        "target": {"linux-64": {"tasks": {"t": "pytest"}}},
    }
    assert data["environments"]["new"] == {"pypi-dependencies": {"rich": ">=13"}}
    assert data["environments"]["ci"]["solve-group"] == "g"
    manifest = parse_manifest(text.replace("scipy.workspace = false\n", ""), editor.path)
    assert manifest.environments["dev"].features == ("lint",)
    assert manifest.environments["dev"].inline is not None


def test_removes_from_an_environment_only(tmp_path: Path) -> None:
    text = PIXI + '[environments.solo.dependencies]\ncmake = "*"\n'
    editor = _editor(tmp_path, text)
    assert not editor.remove_dependency("ruff", pypi=False, feature=None, platform=None, environment="dev")
    assert editor.remove_dependency("cmake", pypi=False, feature=None, platform=None, environment="solo")
    data = tomli.loads(editor.text())
    assert data["dependencies"]["cmake"] == "*" and data["environments"]["solo"]["dependencies"] == {}


def test_pyproject_environment_tables(tmp_path: Path) -> None:
    editor = _editor(tmp_path, '[project]\nname = "p"\n[tool.pixi.workspace]\nplatforms = []\n',
                     "pyproject.toml")
    editor.set_dependency("rich", "*", pypi=True, feature=None, platform=None, environment="dev")
    data = tomli.loads(editor.text())
    assert data["tool"]["pixi"]["environments"]["dev"]["pypi-dependencies"] == {"rich": "*"}
    assert "dependencies" not in data["project"]  # not the project's own requirements


def test_workspace_marker_is_recognised_in_both_forms(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    assert editor.inherits_workspace("NumPy", feature=None, platform=None)
    assert not editor.inherits_workspace("scipy", feature=None, platform=None)  # false is no marker
    assert not editor.inherits_workspace("cmake", feature=None, platform=None)
    assert not editor.inherits_workspace("numpy", feature="lint", platform=None)
    dotted = _editor(tmp_path, PIXI.replace("numpy = { workspace = true }  # from the pool",
                                            "numpy.workspace = true"))
    assert dotted.inherits_workspace("numpy", feature=None, platform=None)


def test_an_environment_left_empty_goes(tmp_path: Path) -> None:
    editor = _editor(tmp_path, PIXI + '[environments.solo.tasks]\nt = "x"\n')
    assert editor.remove_task("t", feature=None, platform=None, environment="solo")
    environments = editor.find(("environments",))
    assert not drop_if_empty(environments, "dev")  # a feature list is content
    assert drop_if_empty(environments, "solo")
    assert "solo" not in tomli.loads(editor.text())["environments"]
