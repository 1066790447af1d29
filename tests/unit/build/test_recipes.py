"""The recipes pyxi writes for pixi's backends, rendered by rattler-build (no build, no
channel): what each backend adds, `noarch`, targets, and the refusal of unknown backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.build.backends import recipe_for
from pyxi.build.render import metadata, render_variant, requirements
from pyxi.build.source import discover
from pyxi.diagnostics import PyxiError
from pyxi.manifest.model import PlatformSpec

LINUX = PlatformSpec("linux-64", "linux-64")
WIN = PlatformSpec("win-64", "win-64")


def _package(tmp_path: Path, backend: str, extra: str = "") -> Path:
    (tmp_path / "pixi.toml").write_text(
        f'[package]\nname = "pkg"\nversion = "1.0"\n[package.build]\n'
        f'backend = {{ name = "{backend}", version = "*" }}\n{extra}')
    return tmp_path


def _render(root: Path, platform: PlatformSpec = LINUX):
    recipe = recipe_for(discover(root, "."), platform)
    return render_variant(recipe, platform.subdir, root / ".work")


def test_cmake_backend_adds_a_compiler_cmake_and_ninja(tmp_path: Path) -> None:
    root = _package(tmp_path, "pixi-build-cmake",
                    '[package.host-dependencies]\nzlib = ">=1.2"\n'
                    '[package.build.config]\nextra-args = ["-DFOO=1"]\n')
    variant = _render(root)
    assert variant.recipe.requirements.build == ["gxx_linux-64", "cmake", "ninja"]
    assert requirements(variant) == ["gxx_linux-64", "cmake", "ninja", "zlib >=1.2"]
    meta = metadata(variant)
    assert (meta.subdir, meta.variants) == ("linux-64", {"target_platform": "linux-64"})
    assert "-DFOO=1" in str(variant.recipe.build.script)


def test_python_backend_is_noarch_python_with_pip_and_the_build_backend(tmp_path: Path) -> None:
    root = _package(tmp_path, "pixi-build-python",
                    '[package.run-dependencies]\nrich = "13.*"\n'
                    '[package.target.win-64.run-dependencies]\ncolorama = "*"\n')
    (root / "pyproject.toml").write_text(
        '[project]\nname = "pkg"\nversion = "1.0"\n'
        '[build-system]\nrequires = ["hatchling>=1.2"]\nbuild-backend = "hatchling.build"\n')
    linux, win = metadata(_render(root)), metadata(_render(root, WIN))
    assert (linux.subdir, linux.build) == ("noarch", "pyh4616a5c_0")
    assert linux.depends == ["rich 13.*", "python"]  # the backend adds python last, as pixi's
    assert win.depends == ["rich 13.*", "colorama", "python"]
    assert _render(root).recipe.requirements.host == ["python", "pip", "hatchling"]


def test_python_backend_bounds_python_by_requires_python(tmp_path: Path) -> None:
    root = _package(tmp_path, "pixi-build-python", '[package.run-dependencies]\nrich = "13.*"\n')
    (root / "pyproject.toml").write_text(
        '[project]\nname = "pkg"\nversion = "1.0"\nrequires-python = ">=3.8, <4"\n')
    assert metadata(_render(root)).depends == ["rich 13.*", "python >=3.8,<4"]
    assert _render(root).recipe.requirements.host[0] == "python >=3.8,<4"
    (root / "pixi.toml").write_text((root / "pixi.toml").read_text()
                                    + "[package.build.config]\nignore-pyproject-manifest = true\n")
    assert metadata(_render(root)).depends == ["rich 13.*", "python"]


def test_python_backend_noarch_false_builds_per_platform(tmp_path: Path) -> None:
    root = _package(tmp_path, "pixi-build-python", "[package.build.config]\nnoarch = false\n")
    assert metadata(_render(root)).subdir == "linux-64"


def test_an_unknown_backend_is_refused_naming_the_ones_pyxi_builds(tmp_path: Path) -> None:
    root = _package(tmp_path, "pixi-build-ros")
    with pytest.raises(PyxiError) as info:
        _render(root)
    assert info.value.message == "the build backend `pixi-build-ros` is not one pyxi builds"
    assert info.value.location is not None and info.value.location.line == 4
    assert "pixi-build-python, pixi-build-rattler-build, pixi-build-cmake" in (info.value.help or "")


def test_a_bare_recipe_yaml_is_built_by_rattler_build(tmp_path: Path) -> None:
    (tmp_path / "recipe.yaml").write_text(
        'package:\n  name: r\n  version: "2.0"\nbuild:\n  noarch: generic\n'
        "requirements:\n  run:\n    - hello-lib >=1\n")
    meta = metadata(_render(tmp_path))
    assert (meta.name, meta.version, meta.subdir, meta.depends) == ("r", "2.0", "noarch",
                                                                    ["hello-lib >=1"])


def test_a_recipe_parse_error_names_the_recipe_line(tmp_path: Path) -> None:
    (tmp_path / "recipe.yaml").write_text('package:\n  name: r\n  version: 1.0\n  bad: [\n')
    with pytest.raises(PyxiError) as info:
        _render(tmp_path)
    assert info.value.location is not None
    assert info.value.location.file == tmp_path / "recipe.yaml"
    assert info.value.location.line is not None


def test_python_backend_with_compilers_and_env_builds_per_platform(tmp_path: Path) -> None:
    root = _package(tmp_path, "pixi-build-python",
                    '[package.build.config]\ncompilers = ["c"]\nenv = { FOO = "1" }\n')
    variant = _render(root)
    assert variant.recipe.requirements.build == ["gcc_linux-64"]
    assert metadata(variant).subdir == "linux-64"
    assert "FOO" in str(variant.recipe.build.script)


def test_workspace_build_variants_render_their_first_combination(tmp_path: Path) -> None:
    root = _package(tmp_path, "pixi-build-python",
                    '[package.build.config]\nnoarch = false\n'
                    '[package.host-dependencies]\nhello-lib = "*"\n')
    plain = recipe_for(discover(root, "."), LINUX)
    recipe = recipe_for(discover(root, "."), LINUX, {"hello-lib": ["1.0.0", "2.0"]})
    meta = metadata(render_variant(recipe, "linux-64", root / ".work"))
    assert meta.variants["hello_lib"] == "1.0.0"  # rattler-build's variant key
    assert meta.build != metadata(render_variant(plain, "linux-64", root / ".work")).build
    assert recipe.text != plain.text  # a build per variant in the cache
