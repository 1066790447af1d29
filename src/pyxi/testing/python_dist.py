"""Payloads of Python distributions inside conda packages, and the fake `torch` module.

A conda package that ships a Python distribution also ships its `*.dist-info` (METADATA,
INSTALLER = `conda`, RECORD), which is how uv and pip see it as installed.

The `torch` module of the test world is pure Python: `torch.__version__`, `torch.version.cuda`
(`"12.6"` for a CUDA build, `None` for a CPU build) and `torch.cuda.is_available()`. The
latter is the test world's seam for "is there a GPU": a CPU build always answers False; a
CUDA build answers True only when a driver is visible, that is when
`/proc/driver/nvidia/version` exists or `CONDA_OVERRIDE_CUDA` is set to a non-empty value.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def dist_files(
    site_packages: str, name: str, version: str, modules: Mapping[str, str]
) -> dict[str, str]:
    """`modules` (paths relative to site-packages) plus a matching `.dist-info` directory."""
    info = f"{name.replace('-', '_')}-{version}.dist-info"
    docs = {
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{info}/INSTALLER": "conda\n",
        **modules,
    }
    rows = [f"{p},{_record_hash(body.encode())},{len(body.encode())}" for p, body in docs.items()]
    docs[f"{info}/RECORD"] = "\n".join([*rows, f"{info}/RECORD,,"]) + "\n"
    return {f"{site_packages}/{path}": body for path, body in sorted(docs.items())}


def simple_module(name: str, version: str) -> dict[str, str]:
    """A one-file package `name/__init__.py` that knows its version."""
    body = f'"""Test-world stand-in for {name}."""\n\n__version__ = "{version}"\n'
    return {f"{name}/__init__.py": body}


_TORCH_INIT = '''"""Test-world stand-in for PyTorch (pure Python, no tensors)."""

from . import cuda, version

__version__ = version.__version__
'''

_TORCH_VERSION = '''__version__ = "{version}"
cuda = {cuda!r}
git_version = "pyxi-test-world"
'''

_TORCH_CUDA = '''"""`is_available()`: CUDA build and a visible driver (or CONDA_OVERRIDE_CUDA)."""

import os

from .. import version as _version


def _driver_visible() -> bool:
    if os.environ.get("CONDA_OVERRIDE_CUDA"):
        return True
    return os.path.exists("/proc/driver/nvidia/version")


def is_available() -> bool:
    return _version.cuda is not None and _driver_visible()


def device_count() -> int:
    return 1 if is_available() else 0
'''


def torch_modules(version: str, cuda: str | None) -> dict[str, str]:
    return {
        "torch/__init__.py": _TORCH_INIT,
        "torch/version.py": _TORCH_VERSION.format(version=version, cuda=cuda),
        "torch/cuda/__init__.py": _TORCH_CUDA,
    }


def torch_files(site_packages: str, version: str, cuda: str | None) -> dict[str, str]:
    return dist_files(site_packages, "torch", version, torch_modules(version, cuda))
