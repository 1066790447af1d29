"""The guide's PyPI manifests (06–09): torch/torchvision from per-dependency indexes, locked
for every platform from this linux host, installed and run for real."""

from __future__ import annotations

import pytest
import rattler

IMPORT_TORCH = "import torch; print(torch.__version__)"


def _torch(ws, env: str, platform: str) -> dict:
    return ws.packages(env, platform)["torch"]


@pytest.mark.parametrize("manifest", ["06-pypi.pixi.toml", "07-pypi.pyproject.toml"])
def test_per_platform_index(make_workspace, pypi_world, manifest):
    ws = make_workspace(manifest, pypi=True)
    ws.pyxi("lock")
    for platform, variant in (("linux-64", "cu124"), ("win-64", "cu124"), ("osx-arm64", "cpu")):
        rows = ws.packages("default", platform)
        assert rows["torch"]["version"] == f"2.5.1+{variant}"
        assert rows["torch"]["kind"] == "pypi"
        assert rows["torch"]["source"] == pypi_world[f"torch-{variant}"]
        assert rows["torchvision"]["version"] == f"0.20.1+{variant}"
        # torch's own dependencies come from the normal index, not the pinned one
        assert rows["numpy"]["source"] == pypi_world["pypi"]
    lock = rattler.LockFile.from_path(ws.lock)  # rattler's reader is the oracle
    assert lock.environment("default") is not None


@pytest.mark.parametrize("manifest", ["08-pypi-envs.pixi.toml", "09-pypi-envs.pyproject.toml"])
def test_cpu_and_gpu_pypi_environments_install_and_run(make_workspace, manifest):
    ws = make_workspace(manifest, pypi=True)
    ws.pyxi("lock")
    for platform in ("linux-64", "win-64"):
        assert _torch(ws, "default", platform)["version"] == "2.5.1+cpu"
        assert _torch(ws, "gpu", platform)["version"] == "2.5.1+cu124"
    assert ws.pyxi("run", "python", "-c", IMPORT_TORCH).stdout.strip() == "2.5.1+cpu"
    gpu = ws.pyxi("run", "-e", "gpu", "python", "-c", IMPORT_TORCH, env={"CONDA_OVERRIDE_CUDA": "12.6"})
    assert gpu.stdout.strip() == "2.5.1+cu124"
    again = ws.pyxi("install", "-e", "gpu", env={"CONDA_OVERRIDE_CUDA": "12.6"})
    assert "already up to date" in again.stderr


def test_cuda_wheels_need_the_declared_driver(make_workspace):
    """`gpu` declares `cuda = "12.0"` and locks `+cu124` wheels, which no conda package's
    `__cuda` dependency stands for: without a driver it is refused, never told "not needed"."""
    ws = make_workspace("08-pypi-envs.pixi.toml", pypi=True)
    refused = ws.pyxi("run", "-e", "gpu", "python", "-c", IMPORT_TORCH, expect=1)
    assert "its PyPI package torch 2.5.1+cu124 is a CUDA build" in refused.stderr
    assert "CONDA_OVERRIDE_CUDA=12.0" in refused.stderr
    assert "not need" not in refused.stderr and "continuing" not in refused.stderr
    assert ws.pyxi("run", "python", "-c", IMPORT_TORCH).stdout.strip() == "2.5.1+cpu"


def test_conda_numpy_is_never_a_pypi_package(make_workspace):
    ws = make_workspace(
        '[workspace]\nname = "mix"\nchannels = ["https://prefix.dev/conda-forge"]\n'
        'platforms = ["linux-64"]\n[dependencies]\npython = "3.11.*"\nnumpy = "*"\n'
        '[pypi-dependencies]\ntorch = { version = ">=2.5.1", index = "https://download.pytorch.org/whl/cpu" }\n',
        pypi=True,
    )
    ws.pyxi("install")
    rows = ws.packages("default", "linux-64")
    assert rows["numpy"]["kind"] == "conda"
    assert rows["torch"]["kind"] == "pypi"
    assert "pkg:pypi/numpy" in ws.lock.read_text()
    out = ws.pyxi("run", "python", "-c", "import numpy, torch; print(numpy.__version__, torch.__version__)")
    assert out.stdout.split() == ["2.1.3", "2.5.1+cpu"]


def test_abi_mismatch_explains_python_and_tags(make_workspace):
    ws = make_workspace(
        '[workspace]\nname = "abi"\nchannels = ["https://prefix.dev/conda-forge"]\n'
        'platforms = ["win-64"]\n[dependencies]\npython = "3.13.*"\n'
        '[pypi-dependencies]\ntorch = { version = ">=2.5.1", index = "https://download.pytorch.org/whl/cu124" }\n',
        pypi=True,
    )
    failed = ws.pyxi("lock", expect=1)
    text = failed.stderr
    assert "torch" in text and "3.13" in text and "cp311" in text and "cp312" in text
    assert "`default`" in text and "win-64" in text
    assert "python" in text.split("help:")[-1]
    assert not ws.lock.exists()


def test_platform_mismatch_suggests_a_target_table(make_workspace):
    manifest = (
        '[workspace]\nname = "plat"\nchannels = ["https://prefix.dev/conda-forge"]\n'
        'platforms = ["osx-arm64", "linux-64"]\n[dependencies]\npython = ">=3.11,<3.13"\n'
        '[pypi-dependencies]\ntorch = { version = ">=2.5.1", index = "https://download.pytorch.org/whl/cu124" }\n'
    )
    ws = make_workspace(manifest, pypi=True)
    failed = ws.pyxi("lock", expect=1)
    text = failed.stderr
    assert "osx-arm64" in text and "`default`" in text
    assert "[target.osx-arm64.pypi-dependencies]" in text
    assert "torch-cpu" in text  # the suggested index is the CPU one
    assert not ws.lock.exists()
