"""The packages of the conda-forge-shaped PyTorch world (`pytorch_world.py` writes them): one
channel with subdirs linux-64, win-64, osx-arm64 and noarch whose names, versions, build strings
and dependency shapes mirror conda-forge:

- `python`: on linux-64 only the running interpreter (a real, runnable package, see
  `python_package`); on win-64/osx-arm64 payload-free 3.11.10, 3.12.7, 3.13.1.
  `python_abi` (noarch, `8_cp311` ...); `cuda-version` 11.8/12.0/12.4/12.6/12.8 (noarch,
  constrains `__cuda >=MAJOR`); `cuda-cudart` 12.4.127/12.6.77 pinned to its `cuda-version`.
- `libtorch`/`pytorch` 2.5.1: `cpu_mkl` (linux-64, win-64) or `cpu_generic` (osx-arm64) builds,
  number 108, and `cuda126_mkl`/`cuda124_mkl` builds (linux-64, win-64), number 308, that
  depend on `__cuda`, so they are only selectable when the solve has a `__cuda` virtual
  package; `pytorch-cpu`/`pytorch-gpu` metapackages as conda-forge shapes them.
- `numpy` 2.1.3, `filelock`, `typing_extensions` (noarch: python), `mkl` (metadata only).

linux-64 `pytorch` packages carry a pure-Python `torch` (see `python_dist` for how
`torch.cuda.is_available()` decides). `build_legacy_pytorch_world` (in `legacy_world`) builds
the `main`/`nvidia`/`pytorch` channels; `cached_world` builds both once per directory.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyxi.datamodel import model
from pyxi.testing.conda_package import DEFAULT_TIMESTAMP_MS, CondaPackageSpec
from pyxi.testing.python_dist import dist_files, simple_module, torch_files
from pyxi.testing.python_package import (
    build_hash,
    cp_tag,
    host_python,
    host_python_spec,
    platform_depends,
    python_abi_spec,
    python_metadata_spec,
    python_pins,
    site_packages,
)

TORCH_VERSION = "2.5.1"
SUBDIRS = ("linux-64", "win-64", "osx-arm64")
METADATA_PYTHONS = ("3.11.10", "3.12.7", "3.13.1")
CUDA_VERSIONS = ("11.8", "12.0", "12.4", "12.6", "12.8")
CUDART = {"12.6": "12.6.77", "12.4": "12.4.127"}
_HOUR_MS = 3_600_000


@model(frozen=True)
class Variant:
    """One libtorch/pytorch flavour: `cpu_mkl`, `cpu_generic`, `cuda126_mkl`, ..."""

    kind: str
    cuda: str | None
    build_number: int

    @property
    def timestamp(self) -> int:
        """Newer CUDA builds are a little newer, as on conda-forge."""
        offset = int(self.cuda.replace(".", "")) * _HOUR_MS if self.cuda else 0
        return DEFAULT_TIMESTAMP_MS + offset


def variants(subdir: str) -> list[Variant]:
    if subdir.startswith("osx"):
        return [Variant("cpu_generic", None, 108)]
    cuda = [Variant(f"cuda{c.replace('.', '')}_mkl", c, 308) for c in CUDART]
    return [Variant("cpu_mkl", None, 108), *cuda]


def torch_minors() -> list[str]:
    return sorted({"3.11", "3.12", host_python().minor}, key=lambda m: int(m.split(".")[1]))


def _cuda_depends(v: Variant) -> list[str]:
    if v.cuda is None:
        return []
    major = v.cuda.split(".")[0]
    pins = [f"cuda-version >={v.cuda},<{int(major) + 1}"]
    return pins + [f"cuda-cudart >={CUDART[v.cuda]},<{int(major) + 1}.0a0"]


def _variant_depends(subdir: str, v: Variant) -> list[str]:
    mkl = ["mkl >=2024.2.2,<2025.0a0"] if v.kind.endswith("mkl") else []
    return [*platform_depends(subdir), *_cuda_depends(v), *mkl]


def _variant_constrains(v: Variant) -> list[str]:
    if v.cuda is None:
        return [f"pytorch-cpu =={TORCH_VERSION}", "pytorch-gpu ==99999999"]
    return ["pytorch-cpu ==99999999", f"pytorch-gpu =={TORCH_VERSION}"]


def libtorch_spec(subdir: str, v: Variant) -> CondaPackageSpec:
    build = f"{v.kind}_{build_hash('libtorch', subdir, v)}_{v.build_number}"
    own = f"pytorch {TORCH_VERSION} {v.kind}_*_{v.build_number}"
    return CondaPackageSpec(
        "libtorch", TORCH_VERSION, build, v.build_number, subdir,
        depends=_variant_depends(subdir, v), constrains=[*_variant_constrains(v), own],
        license="BSD-3-Clause", timestamp=v.timestamp,
    )


def pytorch_build(subdir: str, v: Variant, minor: str, name: str = "pytorch") -> str:
    py = cp_tag(minor).replace("cp", "py")
    return f"{v.kind}_{py}_{build_hash(name, subdir, v, minor)}_{v.build_number}"


def pytorch_spec(subdir: str, v: Variant, minor: str) -> CondaPackageSpec:
    cuda = ["__cuda"] if v.cuda else []
    depends = [
        *cuda, *_variant_depends(subdir, v), "filelock", f"libtorch {TORCH_VERSION}.*",
        "numpy >=1.19,<3", *python_pins(minor), "typing_extensions",
    ]
    files = torch_files(site_packages(minor), TORCH_VERSION, v.cuda) if subdir == "linux-64" else {}
    return CondaPackageSpec(
        "pytorch", TORCH_VERSION, pytorch_build(subdir, v, minor), v.build_number, subdir,
        depends=sorted(depends), constrains=_variant_constrains(v), files=files,
        license="BSD-3-Clause", purls=["pkg:pypi/torch"], timestamp=v.timestamp,
    )


def metapackage_spec(subdir: str, v: Variant, minor: str | None = None) -> CondaPackageSpec:
    """`pytorch-cpu`/`pytorch-gpu`; osx-arm64 `pytorch-cpu` pins one exact build per python."""
    name = "pytorch-gpu" if v.cuda else "pytorch-cpu"
    if minor is not None:
        build, pin = pytorch_build(subdir, v, minor, name), pytorch_build(subdir, v, minor)
    else:
        build = f"{v.kind}_{build_hash(name, subdir, v)}_{v.build_number}"
        family = "cuda*_mkl" if v.cuda else v.kind
        pin = f"{family}*{v.build_number}"
    return CondaPackageSpec(
        name, TORCH_VERSION, build, v.build_number, subdir,
        depends=[f"pytorch {TORCH_VERSION} {pin}"], license="BSD-3-Clause", timestamp=v.timestamp,
    )


def torch_specs(subdir: str) -> Iterator[CondaPackageSpec]:
    for v in variants(subdir):
        yield libtorch_spec(subdir, v)
        for minor in torch_minors():
            yield pytorch_spec(subdir, v, minor)
            if subdir.startswith("osx"):
                yield metapackage_spec(subdir, v, minor)
        if not subdir.startswith("osx"):
            yield metapackage_spec(subdir, v)


def numpy_spec(subdir: str, minor: str, version: str = "2.1.3") -> CondaPackageSpec:
    files = {}
    if subdir == "linux-64":
        files = dist_files(site_packages(minor), "numpy", version, simple_module("numpy", version))
    return CondaPackageSpec(
        "numpy", version, f"py{cp_tag(minor)[2:]}{build_hash('numpy', subdir, minor)}_0",
        subdir=subdir, depends=[*platform_depends(subdir), *python_pins(minor)],
        constrains=["numpy-base <0a0"], files=files, license="BSD-3-Clause",
        purls=["pkg:pypi/numpy"],
    )


def noarch_python_spec(name: str, version: str, build: str, python: str) -> CondaPackageSpec:
    """A `noarch: python` package (files under `site-packages/`) with its purl."""
    module = simple_module(name.replace("-", "_"), version)
    return CondaPackageSpec(
        name, version, build, subdir="noarch", noarch="python", depends=[python],
        files=dist_files("site-packages", name, version, module),
        purls=[f"pkg:pypi/{name.replace('_', '-')}"],
    )


def cuda_version_spec(version: str) -> CondaPackageSpec:
    major = version.split(".")[0]
    return CondaPackageSpec(
        "cuda-version", version, f"{build_hash('cuda-version', version)}_3", 3, "noarch",
        noarch="generic", constrains=[f"cudatoolkit {version}|{version}.*", f"__cuda >={major}"],
        license="LicenseRef-NVIDIA-End-User-License-Agreement",
    )


def cudart_spec(subdir: str, cuda: str) -> CondaPackageSpec:
    major, minor = cuda.split(".")
    pin = f"cuda-version >={cuda},<{major}.{int(minor) + 1}.0a0"
    return CondaPackageSpec(
        "cuda-cudart", CUDART[cuda], f"{build_hash('cuda-cudart', subdir, cuda)}_0", 0, subdir,
        depends=[*platform_depends(subdir), pin],
        license="LicenseRef-NVIDIA-End-User-License-Agreement",
    )


def _python_specs(subdir: str) -> list[CondaPackageSpec]:
    if subdir == "linux-64":
        return [host_python_spec()]
    return [python_metadata_spec(v, subdir) for v in METADATA_PYTHONS]


def subdir_specs(subdir: str) -> Iterator[CondaPackageSpec]:
    yield from _python_specs(subdir)
    yield from torch_specs(subdir)
    yield from (numpy_spec(subdir, minor) for minor in torch_minors())
    if not subdir.startswith("osx"):
        yield CondaPackageSpec("mkl", "2024.2.2", f"{build_hash('mkl', subdir)}_16", 16, subdir)
        yield from (cudart_spec(subdir, cuda) for cuda in CUDART)


def noarch_specs() -> Iterator[CondaPackageSpec]:
    abis = {*torch_minors(), *(m.rsplit(".", 1)[0] for m in METADATA_PYTHONS)}
    yield from (python_abi_spec(m) for m in sorted(abis))
    yield from (cuda_version_spec(v) for v in CUDA_VERSIONS)
    yield noarch_python_spec("filelock", "3.16.1", "pyhd8ed1ab_0", "python >=3.9")
    yield noarch_python_spec("typing_extensions", "4.12.2", "pyha770c72_0", "python >=3.8")
