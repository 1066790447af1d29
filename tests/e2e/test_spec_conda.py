"""The guide's conda-only manifests (01–05, 10, 11), locked for every platform they list and
installed and run on this (linux-64) host, through the real `pyxi` command."""

from __future__ import annotations

import pytest

GPU = {"CONDA_OVERRIDE_CUDA": "12.6"}
IMPORT_TORCH = "import torch; print(torch.__version__, torch.cuda.is_available())"

# manifest, environments, platforms
CONDA_FORGE = [
    ("01-conda-forge-gpu.pixi.toml", ["default"], ["linux-64", "win-64"]),
    ("02-conda-forge-gpu.pyproject.toml", ["default"], ["linux-64"]),
    ("03-conda-forge-cuda-version.pixi.toml", ["default"], ["linux-64", "win-64"]),
    ("04-conda-forge-cpu-gpu-envs.pixi.toml", ["cpu", "default"], ["linux-64"]),
    ("05-conda-forge-cpu-gpu-envs.pyproject.toml", ["cpu", "default"], ["linux-64"]),
]


def _pytorch_build(ws, env: str, platform: str) -> str:
    return ws.packages(env, platform)["pytorch"]["build"]


@pytest.mark.parametrize(("manifest", "environments", "platforms"), CONDA_FORGE)
def test_conda_forge_manifests_lock_every_platform(make_workspace, manifest, environments, platforms):
    ws = make_workspace(manifest)
    ws.pyxi("lock")
    for env in environments:
        for platform in platforms:
            build = _pytorch_build(ws, env, platform)
            expected = "cpu" if env == "cpu" else "cuda"
            assert build.startswith(expected), (env, platform, build)


@pytest.mark.parametrize("manifest", ["03-conda-forge-cuda-version.pixi.toml", "04-conda-forge-cpu-gpu-envs.pixi.toml"])
def test_cuda_version_pin_selects_the_cuda126_build(make_workspace, manifest):
    ws = make_workspace(manifest)
    ws.pyxi("lock")
    rows = ws.packages("default", "linux-64")
    assert rows["pytorch"]["build"].startswith("cuda126")
    assert rows["cuda-version"]["version"] == "12.6"


@pytest.mark.parametrize("manifest", ["04-conda-forge-cpu-gpu-envs.pixi.toml", "05-conda-forge-cpu-gpu-envs.pyproject.toml"])
def test_cpu_and_gpu_environments_run(make_workspace, manifest):
    ws = make_workspace(manifest)
    cpu = ws.pyxi("run", "-e", "cpu", "python", "-c", IMPORT_TORCH)
    assert cpu.stdout.strip() == "2.5.1 False"

    refused = ws.pyxi("run", "python", "-c", IMPORT_TORCH, expect=1)
    assert "__cuda >=12.0" in refused.stderr
    assert "CONDA_OVERRIDE_CUDA" in refused.stderr
    assert refused.stdout == ""

    gpu = ws.pyxi("run", "python", "-c", IMPORT_TORCH, env=GPU)
    assert gpu.stdout.strip() == "2.5.1 True"


def test_run_passes_the_exit_code_and_activates(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    assert ws.pyxi("run", "-e", "cpu", "--", "bash", "-c", "exit 7", expect=7)
    shown = ws.pyxi(
        "run", "-e", "cpu", "python", "-c",
        "import os, sys; print(sys.prefix); print(os.environ['PIXI_ENVIRONMENT_NAME']);"
        "print(os.environ['CONDA_PREFIX']); print(os.environ['PIXI_PROJECT_ROOT'])",
    )
    prefix = str(ws.root / ".pixi" / "envs" / "cpu")
    assert shown.stdout.split() == [prefix, "cpu", prefix, str(ws.root)]
    assert ws.pyxi("run", "-e", "cpu", "no-such-command", expect=127)


@pytest.mark.parametrize("manifest", ["10-pytorch-channel.pixi.toml", "11-pytorch-channel.pyproject.toml"])
def test_legacy_pytorch_channel(make_workspace, manifest):
    ws = make_workspace(manifest)
    ws.pyxi("lock")
    for platform in ("linux-64", "win-64", "osx-arm64"):
        assert "cpu" in _pytorch_build(ws, "default", platform) or platform == "osx-arm64"
    for platform in ("linux-64", "win-64"):
        assert "cuda" in _pytorch_build(ws, "gpu", platform)
    cpu = ws.pyxi("run", "python", "-c", IMPORT_TORCH)
    assert cpu.stdout.strip() == "2.5.1 False"
    gpu = ws.pyxi("run", "-e", "gpu", "python", "-c", IMPORT_TORCH, env=GPU)
    assert gpu.stdout.strip() == "2.5.1 True"
