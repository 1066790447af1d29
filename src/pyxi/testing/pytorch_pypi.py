"""A local PyTorch PyPI world: `build_pytorch_pypi_world(root)` lays out three indexes under
`root` that mimic the PyTorch indexes and PyPI (see its docstring), with wheels made by
`pypi_index.make_wheel`; `pypi_index.serve(root)` serves them over http.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from pyxi.testing.pypi_index import dist_name, make_wheel, write_simple_index

LINUX, WIN, MAC_ARM = "manylinux_2_28_x86_64", "win_amd64", "macosx_11_0_arm64"
CUDA_PLATFORMS = (LINUX, WIN)
CPU_PLATFORMS = (LINUX, WIN, MAC_ARM)
TORCH_VERSION, TORCHVISION_VERSION = "2.5.1", "0.20.1"


def world_abi_tags() -> tuple[str, ...]:
    """cp311 and cp312, plus the running interpreter's tag so installs work here."""
    running = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    return tuple(sorted({"cp311", "cp312", running}))


_TORCH_INIT = '''"""A stand-in for PyTorch built by pyxi's tests."""
import os as _os

__version__ = "{version}"


class _Cuda:
    @staticmethod
    def is_available() -> bool:
        if "{variant}" != "cuda":
            return False
        # Test seam: a real NVIDIA driver, or CONDA_OVERRIDE_CUDA set to a non-empty value.
        return _os.path.exists("/proc/driver/nvidia/version") or bool(_os.environ.get("CONDA_OVERRIDE_CUDA"))


cuda = _Cuda()
'''


def _torch_files(version: str, variant: str) -> dict[str, str]:
    return {"torch/__init__.py": _TORCH_INIT.format(version=version, variant=variant)}


def _package_files(module: str, version: str) -> dict[str, str]:
    return {f"{module}/__init__.py": f'__version__ = "{version}"\n'}


def _torch_wheels(out: Path, local: str, platforms: Sequence[str]) -> list[Path]:
    variant = "cuda" if local.startswith("cu") else "cpu"
    torch_version, vision_version = f"{TORCH_VERSION}+{local}", f"{TORCHVISION_VERSION}+{local}"
    torch_deps = ["filelock", "typing-extensions>=4.8.0", "sympy==1.13.1", "numpy"]
    if variant == "cuda":
        torch_deps.append("nvidia-cuda-runtime-cu12==12.4.127 ; platform_system == 'Linux'")
    wheels = []
    for abi in world_abi_tags():
        for platform in platforms:
            tag = (abi, abi, platform)
            wheels.append(make_wheel(out, "torch", torch_version, tag, torch_deps, ">=3.9",
                                     _torch_files(torch_version, variant)))
            wheels.append(make_wheel(out, "torchvision", vision_version, tag,
                                     ["numpy", f"torch=={torch_version}"], ">=3.9",
                                     _package_files("torchvision", vision_version)))
    return wheels


def _pure(out: Path, name: str, version: str, deps: Sequence[str] = (), requires_python: str | None = None) -> Path:
    module = dist_name(name)
    return make_wheel(out, name, version, ("py3", "none", "any"), deps, requires_python,
                      _package_files(module, version))


def _pypi_wheels(out: Path) -> list[Path]:
    wheels = [
        _pure(out, "filelock", "3.16.1", requires_python=">=3.8"),
        _pure(out, "typing-extensions", "4.12.2", requires_python=">=3.8"),
        _pure(out, "mpmath", "1.3.0"),
        _pure(out, "sympy", "1.13.1", ["mpmath<1.4,>=1.1.0"], ">=3.8"),
        _pure(out, "colorama", "0.4.6"),
        _pure(out, "needs-old-numpy", "1.0", ["numpy<2"]),
    ]
    abis = sorted({*world_abi_tags(), "cp313"})
    for version in ("2.1.3", "2.2.0"):
        for abi in abis:
            for platform in (*CPU_PLATFORMS, "macosx_10_13_x86_64"):
                wheels.append(make_wheel(out, "numpy", version, (abi, abi, platform), (), ">=3.10",
                                         _package_files("numpy", version)))
    wheels.append(make_wheel(out, "nvidia-cuda-runtime-cu12", "12.4.127", ("py3", "none", LINUX), (), ">=3",
                             _package_files("nvidia_cuda_runtime_cu12", "12.4.127")))
    for abi in abis:  # decoy: a newer torch on the default index that pinned deps must not take
        for platform in CPU_PLATFORMS:
            wheels.append(make_wheel(out, "torch", "2.6.0", (abi, abi, platform), ["filelock"], ">=3.9",
                                     _torch_files("2.6.0", "cpu")))
    return wheels


def build_pytorch_pypi_world(root: Path) -> dict[str, Path]:
    """Build three indexes under `root` and return {index name: its `simple` dir}.

    - `torch-cu124`: torch 2.5.1+cu124 / torchvision 0.20.1+cu124 for cp311/cp312 (+ the running
      interpreter's tag) on manylinux_2_28_x86_64 and win_amd64 (no macOS wheels), plus a decoy
      numpy 1.26.4 that pinned packages' own dependencies must not pick up.
    - `torch-cpu`: torch 2.5.1+cpu / torchvision 0.20.1+cpu for the same ABIs on linux, windows
      and macosx_11_0_arm64.
    - `pypi`: numpy 2.1.3 and 2.2.0 (cp311–cp313, linux/win/mac), filelock, typing-extensions,
      sympy + mpmath, colorama, nvidia-cuda-runtime-cu12 (linux only; torch+cu124 needs it on
      Linux), needs-old-numpy (needs numpy<2) and a decoy torch 2.6.0.

    Each torch wheel holds an importable `torch` whose `__version__` is the full local version;
    `torch.cuda.is_available()` is False for +cpu, and for +cu124 True only when
    /proc/driver/nvidia/version exists or CONDA_OVERRIDE_CUDA is non-empty.
    URLs: `<base>/torch-cu124/simple`, `<base>/torch-cpu/simple`, `<base>/pypi/simple`.
    """
    build = root / "_build"
    cu124 = _torch_wheels(build / "cu124", "cu124", CUDA_PLATFORMS)
    cu124.append(make_wheel(build / "cu124", "numpy", "1.26.4", ("py3", "none", "any"), (), None,
                            _package_files("numpy", "1.26.4")))
    indexes = {
        "torch-cu124": write_simple_index(root / "torch-cu124", cu124),
        "torch-cpu": write_simple_index(root / "torch-cpu", _torch_wheels(build / "cpu", "cpu", CPU_PLATFORMS)),
        "pypi": write_simple_index(root / "pypi", _pypi_wheels(build / "pypi")),
    }
    shutil.rmtree(build)
    return indexes
