"""ManifestEditor keeps the user's file; specs and semver pins as pixi writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.atomic import atomic_write
from pyxi.diagnostics import PyxiError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_spec import parse_conda_spec, parse_pypi_spec, semver_pin

PIXI = """\
# top
[workspace]
name = "x"  # name
channels = ["conda-forge"]
platforms = ["linux-64"]

[dependencies]
# numbers
numpy = ">=1"   # keep
cuda = { version = "12.*", build = "h1" }

# tasks follow
[tasks]
"""


def _editor(tmp_path: Path, text: str = PIXI, name: str = "pixi.toml") -> ManifestEditor:
    path = tmp_path / name
    path.write_text(text)
    return ManifestEditor(path)


def test_add_to_existing_table_keeps_comments_and_order(tmp_path):
    editor = _editor(tmp_path)
    editor.set_dependency("scipy", ">=1.2,<2", pypi=False, feature=None, platform=None)
    editor.set_dependency("numpy", ">=2,<3", pypi=False, feature=None, platform=None)
    editor.save()
    text = editor.path.read_text()
    assert 'numpy = ">=2,<3"   # keep\ncuda = { version = "12.*", build = "h1" }\nscipy = ">=1.2,<2"\n\n# tasks follow\n[tasks]' in text
    assert text.startswith("# top\n[workspace]\nname = \"x\"  # name")


def test_new_tables_for_feature_target_and_pypi(tmp_path):
    editor = _editor(tmp_path)
    editor.set_dependency("torch", {"version": "*", "index": "https://x"}, pypi=True, feature="gpu", platform="linux-64")
    editor.set_task("hello", "echo hi", feature=None, platform=None)
    editor.save()
    text = editor.path.read_text()
    assert '[feature.gpu.target.linux-64.pypi-dependencies]\ntorch = { version = "*", index = "https://x" }' in text
    assert "[feature]" not in text and "[feature.gpu]" not in text
    assert '[tasks]\nhello = "echo hi"' in text


def test_remove_and_restore(tmp_path):
    editor = _editor(tmp_path)
    assert editor.remove_dependency("NumPy", pypi=False, feature=None, platform=None)
    assert not editor.remove_dependency("numpy", pypi=False, feature="gpu", platform=None)
    editor.save()
    assert "numpy" not in editor.path.read_text()
    editor.restore()
    assert editor.path.read_text() == PIXI


def test_pyproject_pypi_dependencies_go_to_project_dependencies(tmp_path):
    text = '[project]\nname = "p"\ndependencies = ["requests>=2"]\n\n[tool.pixi.workspace]\nchannels = []\n'
    editor = _editor(tmp_path, text, "pyproject.toml")
    editor.set_dependency("rich", ">=13,<14", pypi=True, feature=None, platform=None,
                          requirement="rich>=13,<14")
    editor.set_dependency("numpy", "*", pypi=False, feature=None, platform=None)
    assert editor.remove_dependency("Requests", pypi=True, feature=None, platform=None)
    editor.set_dependency("pytest", "*", pypi=True, feature="test", platform=None, requirement="pytest")
    editor.set_dependency("torch", {"version": "*", "index": "https://x"}, pypi=True, feature="gpu",
                          platform=None)  # no PEP 508 form: pixi's table
    editor.save()
    saved = editor.path.read_text()
    assert 'dependencies = ["rich>=13,<14"]' in saved
    assert '[tool.pixi.dependencies]\nnumpy = "*"' in saved
    assert '[dependency-groups]\ntest = ["pytest"]' in saved  # a feature's group, as pixi writes
    assert '[tool.pixi.feature.gpu.pypi-dependencies]\ntorch = ' in saved


def test_pyproject_feature_keeps_its_optional_group_or_pixi_table(tmp_path):
    text = (
        '[project]\nname = "p"\n\n[project.optional-dependencies]\ncli = ["rich"]\n\n'
        '[tool.pixi.feature.lint.pypi-dependencies]\nruff = "*"\n'
    )
    editor = _editor(tmp_path, text, "pyproject.toml")
    editor.set_dependency("click", "*", pypi=True, feature="cli", platform=None, requirement="click>=8")
    editor.set_dependency("black", "*", pypi=True, feature="lint", platform=None, requirement="black")
    assert editor.has_dependency("rich", pypi=True, feature="cli", platform=None)
    assert editor.remove_dependency("rich", pypi=True, feature="cli", platform=None)
    editor.save()
    saved = editor.path.read_text()
    assert 'cli = ["click>=8"]' in saved and "dependency-groups" not in saved
    assert 'ruff = "*"\nblack = "*"' in saved


def test_environment_inline_content_converts_the_list_form(tmp_path):
    text = '[workspace]\nname = "x"\n\n[environments]\ndev = ["lint"]\nci = { features = ["a"] }\n'
    editor = _editor(tmp_path, text)
    editor.set_dependency("ruff", "*", pypi=False, feature=None, platform=None, environment="dev")
    editor.set_dependency("mypy", "*", pypi=False, feature=None, platform="linux-64", environment="ci")
    editor.set_dependency("black", "*", pypi=False, feature=None, platform=None, environment="new")
    editor.save()
    import tomli

    envs = tomli.loads(editor.path.read_text())["environments"]
    assert envs["dev"] == {"features": ["lint"], "dependencies": {"ruff": "*"}}
    assert envs["ci"] == {"features": ["a"], "target": {"linux-64": {"dependencies": {"mypy": "*"}}}}
    assert envs["new"] == {"dependencies": {"black": "*"}}
    assert editor.remove_dependency("ruff", pypi=False, feature=None, platform=None, environment="dev")


def test_atomic_write_keeps_mode(tmp_path):
    path = tmp_path / "f"
    path.write_text("a")
    path.chmod(0o640)
    atomic_write(path, b"b")
    assert path.read_text() == "b" and (path.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("numpy", ("numpy", None, None, None)),
        ("numpy>=2", ("numpy", ">=2", None, None)),
        ("numpy 2.1.*", ("numpy", "2.1.*", None, None)),
        ("numpy=2.1", ("numpy", "2.1.*", None, None)),
        ("pytorch=*=cuda*", ("pytorch", "*", "cuda*", None)),
        ("numpy 2.1 py312_0", ("numpy", "2.1", "py312_0", None)),
        ("conda-forge::numpy", ("numpy", None, None, "conda-forge")),
    ],
)
def test_conda_specs(text, expected):
    spec = parse_conda_spec(text)
    assert (spec.name, spec.version, spec.build, spec.channel) == expected


def test_pypi_specs_and_values():
    spec = parse_pypi_spec("requests[socks]>=2")
    assert (spec.name, spec.version, spec.extras) == ("requests", ">=2", ("socks",))
    assert spec.manifest_value() == {"version": ">=2", "extras": ["socks"]}
    assert parse_pypi_spec("rich").manifest_value(">=13, <14") == ">=13, <14"
    assert parse_pypi_spec("rich").requirement_text(">=13,<14") == "rich>=13,<14"
    with pytest.raises(PyxiError):
        parse_pypi_spec("not a spec !")


@pytest.mark.parametrize(
    ("versions", "pypi", "pin"),
    [
        (["2.5.1"], False, ">=2.5.1,<3"),
        (["0.3.2"], False, ">=0.3.2,<0.4"),
        (["1.1"], False, ">=1.1,<2"),
        (["2.5.1", "2.6.0"], True, ">=2.5.1, <3"),
        (["1.9", "2.0.1"], False, ">=1.9,<3"),
        (["2024.10.1"], False, ">=2024.10.1,<2025"),
        (["abc"], False, ">=abc"),
    ],
)
def test_semver_pin(versions, pypi, pin):
    assert semver_pin(versions, pypi) == pin
