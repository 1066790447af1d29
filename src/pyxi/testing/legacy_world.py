"""The legacy `main` + `nvidia` + `pytorch` channels (manifests 10 and 11 of the spec).

Shaped like the real channels: Anaconda `main` has `python` (no `python_abi`), `mkl`, `blas`,
`llvm-openmp` and noarch `filelock`/`typing_extensions`; `nvidia` has `cuda-version`,
`cuda-cudart`, `libcublas` and the `cuda-runtime` metapackage; `pytorch` has `pytorch` 2.5.1
builds `py3.11_cpu_0` (with `pytorch-mutex 1.0 cpu`) and `py3.11_cuda12.1_cudnn9.1.0_0` (with
`pytorch-cuda >=12.1,<12.2` and `pytorch-mutex 1.0 cuda`) on linux-64/win-64, `py3.11_0` on
osx-arm64, plus `pytorch-cuda`, `pytorch-mutex` and `cpuonly`.

Test-world choice: `cuda-runtime` depends on a bare `__cuda`, so the CUDA builds are only
selectable when the solve has a `__cuda` virtual package (the real channels left that choice
to the user, through `pytorch-cuda` or `cpuonly`). The cpu mutex carries
`track_features: pytorch-mutex`, as in the real channel.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec
from pyxi.testing.python_dist import dist_files, simple_module, torch_files
from pyxi.testing.python_package import (
    build_hash,
    host_python,
    host_python_spec,
    python_metadata_spec,
    python_pins,
    site_packages,
)

TORCH_VERSION = "2.5.1"
LEGACY_SUBDIRS = ("linux-64", "win-64", "osx-arm64")
CUDA_SUBDIRS = ("linux-64", "win-64")
METADATA_PYTHONS = ("3.11.10", "3.12.7")
_NVIDIA_LICENSE = "LicenseRef-NVIDIA-End-User-License-Agreement"


def legacy_minors() -> list[str]:
    return sorted({"3.11", "3.12", host_python().minor}, key=lambda m: int(m.split(".")[1]))


def _noarch_python(name: str, version: str) -> CondaPackageSpec:
    module = simple_module(name, version)
    return CondaPackageSpec(
        name, version, "pyhd3eb1b0_0", subdir="noarch", noarch="python",
        depends=["python >=3.8"], files=dist_files("site-packages", name, version, module),
    )


def main_specs() -> Iterator[CondaPackageSpec]:
    yield host_python_spec("defaults")
    for subdir in ("win-64", "osx-arm64"):
        yield from (python_metadata_spec(v, subdir, "defaults") for v in METADATA_PYTHONS)
    for subdir in CUDA_SUBDIRS:
        mkl_build = f"{build_hash('mkl', subdir)}_46344"
        yield CondaPackageSpec("mkl", "2023.1.0", mkl_build, 46344, subdir)
        yield CondaPackageSpec("blas", "1.0", "mkl", subdir=subdir, depends=["mkl"])
    yield CondaPackageSpec("blas", "1.0", "openblas", subdir="osx-arm64")
    yield CondaPackageSpec("llvm-openmp", "14.0.6", "hc6e5704_0", subdir="osx-arm64")
    yield _noarch_python("filelock", "3.13.1")
    yield _noarch_python("typing_extensions", "4.11.0")


def nvidia_specs() -> Iterator[CondaPackageSpec]:
    yield CondaPackageSpec(
        "cuda-version", "12.1", "3", 3, "noarch", noarch="generic", license=_NVIDIA_LICENSE,
        constrains=["cudatoolkit 12.1|12.1.*", "__cuda >=12"],
    )
    pin = "cuda-version >=12.1,<12.2.0a0"
    for subdir in CUDA_SUBDIRS:
        yield CondaPackageSpec("cuda-cudart", "12.1.105", "0", subdir=subdir, depends=[pin])
        yield CondaPackageSpec("libcublas", "12.1.0.26", "0", subdir=subdir, depends=[pin])
        yield CondaPackageSpec(
            "cuda-runtime", "12.1.0", "0", subdir=subdir, license=_NVIDIA_LICENSE,
            depends=["__cuda", "cuda-cudart >=12.1.105", "libcublas >=12.1.0.26"],
        )


def _pytorch(subdir: str, minor: str, cuda: str | None) -> CondaPackageSpec:
    py = f"py{minor}"
    common = ["filelock", *python_pins(minor, abi=False), "typing_extensions"]
    if subdir.startswith("osx"):
        build, extra = f"{py}_0", ["llvm-openmp <16"]
    elif cuda:
        build = f"{py}_cuda{cuda}_cudnn9.1.0_0"
        extra = ["blas * mkl", "mkl >=2018", "pytorch-cuda >=12.1,<12.2", "pytorch-mutex 1.0 cuda"]
    else:
        build, extra = f"{py}_cpu_0", ["blas * mkl", "mkl >=2018", "pytorch-mutex 1.0 cpu"]
    files = torch_files(site_packages(minor), TORCH_VERSION, cuda) if subdir == "linux-64" else {}
    return CondaPackageSpec(
        "pytorch", TORCH_VERSION, build, subdir=subdir, depends=sorted([*common, *extra]),
        files=files, license="BSD 3-Clause",
    )


def pytorch_channel_specs() -> Iterator[CondaPackageSpec]:
    yield CondaPackageSpec(
        "pytorch-mutex", "1.0", "cpu", subdir="noarch", noarch="generic",
        track_features=["pytorch-mutex"],
    )
    yield CondaPackageSpec("pytorch-mutex", "1.0", "cuda", subdir="noarch", noarch="generic")
    yield CondaPackageSpec(
        "cpuonly", "2.0", "0", subdir="noarch", depends=["pytorch-mutex 1.0 cpu"]
    )
    for subdir in CUDA_SUBDIRS:
        yield CondaPackageSpec(
            "pytorch-cuda", "12.1", "ha16c6d3_6", 6, subdir,
            depends=[
                "cuda-cudart >=12.1,<12.2", "cuda-runtime >=12.1,<12.2", "libcublas >=12.1.0.26"
            ],
        )
    for subdir in LEGACY_SUBDIRS:
        for minor in legacy_minors():
            yield _pytorch(subdir, minor, None)
            if subdir in CUDA_SUBDIRS:
                yield _pytorch(subdir, minor, "12.1")


def build_legacy_pytorch_world(root: Path) -> dict[str, LocalChannel]:
    """Write and index `root/main`, `root/nvidia` and `root/pytorch`."""
    builders = {"main": main_specs, "nvidia": nvidia_specs, "pytorch": pytorch_channel_specs}
    channels = {}
    for name, specs in builders.items():
        channel = LocalChannel(Path(root) / name)
        channel.add_all(specs())
        for subdir in LEGACY_SUBDIRS:
            (channel.root / subdir).mkdir(parents=True, exist_ok=True)
        channels[name] = channel.index()
    return channels
