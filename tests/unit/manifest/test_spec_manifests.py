"""The guide's 11 manifests and the real pixi files in shared/ parse as pixi reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.manifest.model import Manifest
from pyxi.manifest.parse import parse_manifest

DATA = Path(__file__).resolve().parents[2] / "data"
SPEC = DATA / "spec_manifests"
INTEROP = DATA / "interop"
CU124 = "https://download.pytorch.org/whl/cu124"
CPU = "https://download.pytorch.org/whl/cpu"

pytestmark = pytest.mark.skipif(not SPEC.is_dir(), reason="shared spec manifests not present")


def load(name: str, folder: Path = SPEC) -> Manifest:
    path = folder / name
    # The manifest kind comes from the file name, as it would in a workspace.
    kind_name = "pyproject.toml" if "pyproject" in name else "pixi.toml"
    return parse_manifest(path.read_text(), path.parent / kind_name)


# name, workspace name, platforms, {env: features}, {feature: cuda}
CASES = [
    ("01-conda-forge-gpu.pixi.toml", "pytorch-conda-forge", ["linux-64", "win-64"],
     {"default": ()}, {"default": "12.0"}),
    ("02-conda-forge-gpu.pyproject.toml", "pytorch-conda-forge", ["linux-64"],
     {"default": ()}, {"default": "12.0"}),
    ("03-conda-forge-cuda-version.pixi.toml", "pytorch-conda-forge", ["linux-64", "win-64"],
     {"default": ()}, {"default": "12.0"}),
    ("04-conda-forge-cpu-gpu-envs.pixi.toml", "pytorch-conda-forge", ["linux-64"],
     {"cpu": ("cpu",), "default": ("gpu",)}, {"default": None, "gpu": "12.0", "cpu": None}),
    ("05-conda-forge-cpu-gpu-envs.pyproject.toml", "pytorch-conda-forge", ["linux-64"],
     {"cpu": ("cpu",), "default": ("gpu",)}, {"default": None, "gpu": "12.0", "cpu": None}),
    ("06-pypi.pixi.toml", "pytorch-pypi", ["osx-arm64", "linux-64", "win-64"],
     {"default": ()}, {"default": None}),
    ("07-pypi.pyproject.toml", "pytorch-pypi", ["osx-arm64", "linux-64", "win-64"],
     {"default": ()}, {"default": None}),
    ("08-pypi-envs.pixi.toml", "pytorch-pypi-envs", ["linux-64", "win-64"],
     {"gpu": ("gpu",), "default": ("cpu",)}, {"default": None, "gpu": "12.0", "cpu": None}),
    ("09-pypi-envs.pyproject.toml", "pytorch-pypi-envs", ["linux-64", "win-64"],
     {"gpu": ("gpu",), "default": ("cpu",)}, {"default": None, "gpu": "12.0", "cpu": None}),
    ("10-pytorch-channel.pixi.toml", "pytorch-from-pytorch-channel",
     ["osx-arm64", "linux-64", "win-64"], {"default": (), "gpu": ("gpu",)},
     {"default": None, "gpu": "12.0"}),
    ("11-pytorch-channel.pyproject.toml", "pytorch-from-pytorch-channel",
     ["osx-arm64", "linux-64", "win-64"], {"default": (), "gpu": ("gpu",)},
     {"default": None, "gpu": "12.0"}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "ws", "platforms", "envs", "cuda"), CASES)
def test_spec_manifest_shape(
    name: str,
    ws: str,
    platforms: list[str],
    envs: dict[str, tuple[str, ...]],
    cuda: dict[str, str | None],
) -> None:
    manifest = load(name)
    assert manifest.kind == ("pyproject" if "pyproject" in name else "pixi")
    assert manifest.workspace.name == ws
    assert [p.name for p in manifest.workspace.platforms] == platforms
    assert {n: e.features for n, e in manifest.environments.items()} == envs
    assert {n: f.system_requirements.cuda for n, f in manifest.features.items()} == cuda
    assert manifest.warnings == []


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_spec_manifest_channels(name: str) -> None:
    channels = [c.raw for c in load(name).workspace.channels]
    legacy = name.startswith(("10", "11"))
    assert channels == (
        ["main", "nvidia", "pytorch"] if legacy else ["https://prefix.dev/conda-forge"]
    )


@pytest.mark.parametrize("name", ["06-pypi.pixi.toml", "07-pypi.pyproject.toml"])
def test_osx_target_uses_cpu_index(name: str) -> None:
    default = load(name).default_feature
    assert default.default.pypi_dependencies["torch"].index == CU124
    assert default.default.dependencies["python"].version == ">=3.11,<3.13"
    [(selector, target)] = default.targets
    assert selector == "osx"
    assert {n: d.index for n, d in target.pypi_dependencies.items()} == {
        "torch": CPU,
        "torchvision": CPU,
    }
    assert target.pypi_dependencies["torch"].version == ">=2.5.1"


@pytest.mark.parametrize("name", ["08-pypi-envs.pixi.toml", "09-pypi-envs.pyproject.toml"])
def test_pypi_envs(name: str) -> None:
    features = load(name).features
    assert features["gpu"].default.pypi_dependencies["torchvision"].index == CU124
    assert features["cpu"].default.pypi_dependencies["torch"].index == CPU
    assert features["default"].default.dependencies["python"].version == ">=3.11,<3.13"


@pytest.mark.parametrize(
    ("name", "deps"),
    [
        ("01-conda-forge-gpu.pixi.toml", {"pytorch-gpu": "*"}),
        ("03-conda-forge-cuda-version.pixi.toml", {"pytorch-gpu": "*", "cuda-version": "12.6.*"}),
        ("11-pytorch-channel.pyproject.toml", {"pytorch": "*", "python": ">=3.11,<3.13"}),
    ],
)
def test_default_conda_deps(name: str, deps: dict[str, str]) -> None:
    got = load(name).default_feature.default.dependencies
    assert {n: d.version for n, d in got.items()} == deps


def test_feature_deps_05() -> None:
    features = load("05-conda-forge-cpu-gpu-envs.pyproject.toml").features
    assert set(features["gpu"].default.dependencies) == {"cuda-version", "pytorch-gpu"}
    assert set(features["cpu"].default.dependencies) == {"pytorch-cpu"}


def test_pyproject_locations_name_the_tool_pixi_key() -> None:
    dep = load("07-pypi.pyproject.toml").default_feature.targets[0][1].pypi_dependencies["torch"]
    assert dep.location is not None
    assert (dep.location.line, dep.location.key) == (
        17,
        "tool.pixi.target.osx.pypi-dependencies.torch",
    )


def test_interop_multiple_environments() -> None:
    manifest = load("075__prefix-dev__setup-pixi__test__multiple-environments__pixi.toml", INTEROP)
    assert manifest.workspace.name == "test-package"
    assert [p.subdir for p in manifest.workspace.platforms] == [
        "linux-64",
        "osx-arm64",
        "osx-64",
        "win-64",
    ]
    assert {n: e.features for n, e in manifest.environments.items()} == {
        "default": (),
        "py311": ("py311",),
        "py312": ("py312",),
    }
    assert manifest.features["py312"].default.dependencies["python"].version == "3.12.*"
    assert manifest.default_feature.default.dependencies["polars"].version == ">=0.14.24,<0.21"


def test_interop_pixi_build_is_read_and_solvable() -> None:
    """pixi-build workspaces (`[package]`, source dependencies) are read fully, and an
    environment with a path source dependency is one pyxi solves (it builds it, pyxi.build)."""
    from pyxi.workspace.environment import build_workspace
    from pyxi.workspace.unsupported import check_solvable

    manifest = load("073__Quantco__pixi-pack__examples__local-build__pixi.toml", INTEROP)
    assert manifest.package is not None and manifest.package.name == "local-build-main-pkg"
    assert manifest.package.build.backend == "pixi-build-cmake"
    assert [s.name for s in manifest.package.dependencies["run-dependencies"]] == [
        "local-build-local-pkg"]
    env = build_workspace(manifest).environment("default")
    check_solvable(env.name, env.unsupported)
    (dep,) = [d for d in env.conda_dependencies(None) if d.source is not None]
    assert (dep.name, dep.source.kind, dep.location and dep.location.line) == (
        "local-build-main-pkg", "path", 7)
