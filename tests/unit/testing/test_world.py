"""The PyTorch test worlds solve (and, on linux-64, install) the way the spec's manifests expect."""

from __future__ import annotations

import asyncio
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
import rattler
from rattler.exceptions import SolverError

from pyxi.testing.pytorch_world import (
    PytorchWorlds,
    cached_world,
    channel_rewrites,
    rewrite_channels,
)

SPEC_MANIFESTS = Path(__file__).resolve().parents[2] / "data" / "spec_manifests"

# pixi's default virtual packages per platform; `__cuda` is added when a test asks for it.
_VIRTUAL = {
    "linux-64": [("__unix", "0", "0"), ("__linux", "4.18", "0"), ("__glibc", "2.28", "0"),
                 ("__archspec", "1", "x86_64")],
    "win-64": [("__win", "0", "0"), ("__archspec", "1", "x86_64")],
    "osx-arm64": [("__unix", "0", "0"), ("__osx", "13.0", "0"), ("__archspec", "1", "m1")],
}


def virtual_packages(subdir: str, cuda: str | None) -> list[rattler.GenericVirtualPackage]:
    triples = _VIRTUAL[subdir] + ([("__cuda", cuda, "0")] if cuda else [])
    return [
        rattler.GenericVirtualPackage(
            rattler.PackageName(n), rattler.Version(v), rattler.BuildString(b)
        )
        for n, v, b in triples
    ]


def solve_records(
    urls: list[str], specs: list[str], subdir: str, cuda: str | None = None
) -> list[rattler.RepoDataRecord]:
    return asyncio.run(
        rattler.solve(
            [rattler.Channel(u) for u in urls], specs, platforms=[subdir, "noarch"],
            virtual_packages=virtual_packages(subdir, cuda),
        )
    )


def solve(
    urls: list[str], specs: list[str], subdir: str, cuda: str | None = None
) -> dict[str, str]:
    """`{name: build}` of the solution."""
    return {r.name.normalized: str(r.build) for r in solve_records(urls, specs, subdir, cuda)}


def legacy_urls(worlds: PytorchWorlds) -> list[str]:
    return [worlds.legacy[n].url for n in ("main", "nvidia", "pytorch")]


def test_every_channel_is_indexed_with_noarch(worlds: PytorchWorlds) -> None:
    for channel in [worlds.conda_forge, *worlds.legacy.values()]:
        assert (channel.root / "noarch" / "repodata.json").is_file()
    assert set(worlds.conda_forge.subdirs()) >= {"linux-64", "win-64", "osx-arm64", "noarch"}


@pytest.mark.parametrize("subdir", ["linux-64", "win-64"])
def test_pytorch_gpu_with_cuda_gets_a_cuda_build(worlds: PytorchWorlds, subdir: str) -> None:
    builds = solve([worlds.conda_forge.url], ["pytorch-gpu"], subdir, cuda="12.0")
    assert builds["pytorch"].startswith("cuda12")
    assert "__cuda" not in builds


@pytest.mark.parametrize(("pin", "prefix"), [("12.6.*", "cuda126_"), ("12.4.*", "cuda124_")])
def test_cuda_version_pin_selects_the_matching_build(
    worlds: PytorchWorlds, pin: str, prefix: str
) -> None:
    specs = ["pytorch-gpu", f"cuda-version {pin}"]
    builds = solve([worlds.conda_forge.url], specs, "linux-64", cuda="12.0")
    assert builds["pytorch"].startswith(prefix)
    assert builds["libtorch"].startswith(prefix)


@pytest.mark.parametrize("subdir", ["linux-64", "win-64", "osx-arm64"])
@pytest.mark.parametrize("cuda", [None, "12.0"])
def test_pytorch_cpu_gets_a_cpu_build(worlds: PytorchWorlds, subdir: str, cuda: str | None) -> None:
    builds = solve([worlds.conda_forge.url], ["pytorch-cpu"], subdir, cuda)
    assert builds["pytorch"].startswith("cpu_")
    assert "cuda-version" not in builds


@pytest.mark.parametrize("subdir", ["linux-64", "win-64"])
def test_plain_pytorch_follows_the_cuda_virtual_package(worlds: PytorchWorlds, subdir: str) -> None:
    assert solve([worlds.conda_forge.url], ["pytorch"], subdir)["pytorch"].startswith("cpu_mkl_")
    with_cuda = solve([worlds.conda_forge.url], ["pytorch"], subdir, cuda="12.0")
    assert with_cuda["pytorch"].startswith("cuda")


@pytest.mark.parametrize("subdir", ["linux-64", "win-64"])
def test_pytorch_gpu_without_cuda_is_unsatisfiable(worlds: PytorchWorlds, subdir: str) -> None:
    with pytest.raises(SolverError, match="pytorch-gpu"):
        solve([worlds.conda_forge.url], ["pytorch-gpu"], subdir)


def test_linux_python_is_only_the_running_interpreter(worlds: PytorchWorlds) -> None:
    records = solve_records([worlds.conda_forge.url], ["python"], "linux-64")
    python = next(r for r in records if r.name.normalized == "python")
    assert str(python.version) == ".".join(map(str, sys.version_info[:3]))
    tag = f"_cp{sys.version_info[0]}{sys.version_info[1]}"
    assert str(python.build).endswith(("_cpython", tag))


@pytest.mark.parametrize("subdir", ["win-64", "osx-arm64"])
def test_other_platforms_solve_with_metadata_pythons(worlds: PytorchWorlds, subdir: str) -> None:
    builds = solve([worlds.conda_forge.url], ["pytorch", "python 3.11.*"], subdir)
    assert "py311" in builds["pytorch"] and builds["python_abi"] == "8_cp311"


@pytest.mark.parametrize("subdir", ["linux-64", "win-64", "osx-arm64"])
def test_legacy_channels_default_env_gets_cpu(worlds: PytorchWorlds, subdir: str) -> None:
    builds = solve(legacy_urls(worlds), ["pytorch", "python >=3.11,<3.13"], subdir)
    assert "cuda" not in builds["pytorch"]
    assert "python_abi" not in builds


@pytest.mark.parametrize("subdir", ["linux-64", "win-64"])
def test_legacy_channels_gpu_env_gets_cuda(worlds: PytorchWorlds, subdir: str) -> None:
    builds = solve(legacy_urls(worlds), ["pytorch"], subdir, cuda="12.0")
    assert "_cuda12.1_" in builds["pytorch"]
    assert builds["pytorch-mutex"] == "cuda"


def test_legacy_osx_gpu_env_still_solves_cpu(worlds: PytorchWorlds) -> None:
    builds = solve(legacy_urls(worlds), ["pytorch"], "osx-arm64", cuda="12.0")
    assert builds["pytorch"].endswith("_0") and "cuda" not in builds["pytorch"]


def test_channel_rewrites_point_spec_manifests_at_the_world(worlds: PytorchWorlds) -> None:
    rewrites = channel_rewrites(worlds)
    assert rewrites["https://prefix.dev/conda-forge"] == worlds.conda_forge.url
    text = '[workspace]\nchannels = ["main", "nvidia", "pytorch"]\n'
    if (SPEC_MANIFESTS / "10-pytorch-channel.pixi.toml").is_file():
        text = (SPEC_MANIFESTS / "10-pytorch-channel.pixi.toml").read_text()
    rewritten = rewrite_channels(text, rewrites)
    for name in ("main", "nvidia", "pytorch"):
        assert f'"{worlds.legacy[name].url}"' in rewritten


def test_cached_world_does_not_rebuild(worlds: PytorchWorlds) -> None:
    repodata = worlds.conda_forge.root / "linux-64" / "repodata.json"
    before = repodata.stat().st_mtime_ns
    again = cached_world(worlds.conda_forge.root.parent)
    assert again == worlds and repodata.stat().st_mtime_ns == before


linux_x86_64 = pytest.mark.skipif(
    not (sys.platform == "linux" and platform.machine() == "x86_64"),
    reason="only linux-64 packages carry payloads",
)


def _run_python(prefix: Path, code: str, override_cuda: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"CONDA_OVERRIDE_CUDA", "PYTHONPATH"}}
    if override_cuda:
        env["CONDA_OVERRIDE_CUDA"] = override_cuda
    python = prefix / "bin" / "python"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _install(worlds: PytorchWorlds, specs: list[str], prefix: Path, cache: Path) -> None:
    records = solve_records([worlds.conda_forge.url], specs, "linux-64", cuda="12.0")
    asyncio.run(rattler.install(records, prefix, cache_dir=cache, show_progress=False))


GUIDE_CHECK = "import torch; print(torch.__version__, torch.cuda.is_available())"


@linux_x86_64
def test_installed_cpu_torch_imports(
    worlds: PytorchWorlds, package_cache: Path, tmp_path: Path
) -> None:
    _install(worlds, ["pytorch-cpu"], tmp_path, package_cache)
    assert _run_python(tmp_path, GUIDE_CHECK) == "2.5.1 False"
    assert _run_python(tmp_path, GUIDE_CHECK, override_cuda="12.0") == "2.5.1 False"
    assert _run_python(tmp_path, "import sys; print(sys.prefix)") == str(tmp_path)


@linux_x86_64
def test_installed_cuda_torch_needs_a_visible_driver(
    worlds: PytorchWorlds, package_cache: Path, tmp_path: Path
) -> None:
    _install(worlds, ["pytorch-gpu", "cuda-version 12.6.*"], tmp_path, package_cache)
    assert _run_python(tmp_path, "import torch; print(torch.version.cuda)") == "12.6"
    assert _run_python(tmp_path, GUIDE_CHECK, override_cuda="12.0") == "2.5.1 True"
    driver = Path("/proc/driver/nvidia/version").exists()
    assert _run_python(tmp_path, GUIDE_CHECK) == f"2.5.1 {driver}"
