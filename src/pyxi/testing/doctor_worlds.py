"""Small extra channels for `pyxi doctor`'s tests, next to the PyTorch worlds.

- `build_addons_channel(root)`: a channel with a `noarch: python` `torchvision` 0.20.1 that
  depends on conda `pytorch` (as conda-forge's does), so a manifest can pair it with PyPI torch
  or with another channel's pytorch.
- `build_cpu_mirror_channel(root)`: a channel that carries only the CPU builds of conda-forge's
  `pytorch`/`libtorch` for linux-64 (a "mirror" without CUDA builds); listed first with strict
  priority it hides conda-forge's CUDA builds.
- `build_private_mirror_channel(root)`: the same CPU builds without `purls`, in a channel no
  conda→PyPI mapping covers, so nothing says its `pytorch` is PyPI `torch`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec
from pyxi.testing.python_dist import dist_files, simple_module
from pyxi.testing.python_package import host_python
from pyxi.testing.pytorch_specs import Variant, libtorch_spec, pytorch_spec

TORCHVISION_VERSION = "0.20.1"


def torchvision_spec() -> CondaPackageSpec:
    module = simple_module("torchvision", TORCHVISION_VERSION)
    return CondaPackageSpec(
        "torchvision", TORCHVISION_VERSION, "pyhd8ed1ab_0", subdir="noarch", noarch="python",
        depends=["python >=3.9", "pytorch >=2.5"],
        files=dist_files("site-packages", "torchvision", TORCHVISION_VERSION, module),
        purls=["pkg:pypi/torchvision"], license="BSD-3-Clause",
    )


def build_addons_channel(root: Path) -> LocalChannel:
    channel = LocalChannel(Path(root))
    channel.add(torchvision_spec())
    (channel.root / "linux-64").mkdir(parents=True, exist_ok=True)
    return channel.index()


def build_cpu_mirror_channel(root: Path, purls: bool = True) -> LocalChannel:
    cpu = Variant("cpu_mkl", None, 108)
    channel = LocalChannel(Path(root))
    channel.add(libtorch_spec("linux-64", cpu))
    pytorch = pytorch_spec("linux-64", cpu, host_python().minor)
    channel.add(pytorch if purls else replace(pytorch, purls=None))
    return channel.index()


def build_private_mirror_channel(root: Path) -> LocalChannel:
    return build_cpu_mirror_channel(root, purls=False)
