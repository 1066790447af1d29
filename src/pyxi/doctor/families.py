"""Package families (one Python package, whatever conda or PyPI calls it), the stacks they
belong to, CPU/CUDA flavours of PyTorch builds, and what kind of channel a URL is."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from pyxi.datamodel import model
from pyxi.lockfile.model import CondaPackage, LockedPackage, PypiPackage
from pyxi.names import normalize_pypi_name
from pyxi.pypi.mapping import is_conda_forge_like, parse_purl, pypi_purls


@model(frozen=True)
class Family:
    name: str
    stack: str
    conda: tuple[str, ...]
    pypi: tuple[str, ...]


FAMILIES: tuple[Family, ...] = (
    Family("torch", "pytorch",
           ("pytorch", "libtorch", "pytorch-cpu", "pytorch-gpu", "pytorch-cuda", "pytorch-mutex", "cpuonly"),
           ("torch",)),
    Family("torchvision", "pytorch", ("torchvision", "torchvision-extra-decoders"), ("torchvision",)),
    Family("torchaudio", "pytorch", ("torchaudio",), ("torchaudio",)),
    Family("numpy", "numpy", ("numpy", "numpy-base", "libnumpy"), ("numpy",)),
)
_BY_CONDA = {name: family for family in FAMILIES for name in family.conda}
_BY_PYPI = {name: family for family in FAMILIES for name in family.pypi}

# Conda names whose presence asks for a CUDA build of PyTorch.
GPU_CONDA_NAMES = frozenset({"pytorch-gpu", "pytorch-cuda"})
CPU_CONDA_NAMES = frozenset({"pytorch-cpu", "cpuonly"})
# `…/whl/cu124`, and local copies named like `…/torch-cu124/simple`.
_CUDA_INDEX = re.compile(r"(?<=[/-])(cu\d{2,3})(?=/|$)")
_CPU_INDEX = re.compile(r"(?<=[/-])cpu(?=/|$)")


def conda_family(record: CondaPackage) -> Family | None:
    """The family of a conda record: the built-in table first, then its PyPI purls."""
    if record.name in _BY_CONDA:
        return _BY_CONDA[record.name]
    names = [parse_purl(p)[0] for p in pypi_purls(record)]
    return pypi_family(names[0]) if names else None


def pypi_family(name: str) -> Family:
    normalized = normalize_pypi_name(name)
    return _BY_PYPI.get(normalized) or Family(normalized, normalized, (), (normalized,))


def family_of(package: LockedPackage) -> Family | None:
    if isinstance(package, CondaPackage):
        return conda_family(package)
    return pypi_family(package.name)


def provided_pypi_names(record: CondaPackage) -> set[str]:
    """PyPI names a conda record stands for (table, then purls / conda-forge same-name rule)."""
    family = _BY_CONDA.get(record.name)
    if family is not None:
        return set(family.pypi)
    return {parse_purl(p)[0] for p in pypi_purls(record)}


def torch_flavour(package: LockedPackage) -> str | None:
    """`cuda`, `cpu` or None (not a torch build, or a build that does not say, as on macOS)."""
    if isinstance(package, PypiPackage):
        if normalize_pypi_name(package.name) != "torch" or not package.version:
            return None
        local = package.version.partition("+")[2]
        return "cuda" if local.startswith("cu") else "cpu" if local.startswith("cpu") else None
    if package.name not in ("pytorch", "libtorch", "pytorch-mutex"):
        return None
    build = package.build.lower()
    if "cuda" in build:
        return "cuda"
    return "cpu" if re.search(r"(^|_)cpu", build) else None


def cuda_index_tag(url: str | None) -> str | None:
    """`cu124` for a PyTorch CUDA wheel index URL, else None."""
    match = _CUDA_INDEX.search(url or "")
    return match.group(1) if match else None


def is_cpu_index(url: str | None) -> bool:
    return bool(_CPU_INDEX.search(url or ""))


def cpu_index_for(url: str) -> str:
    """The CPU sibling of a PyTorch CUDA index (`…/whl/cu124` → `…/whl/cpu`)."""
    return _CUDA_INDEX.sub("cpu", url.rstrip("/"))


def channel_kind(url: str | None) -> str:
    """`conda-forge`, `pytorch`, `nvidia`, `main` (Anaconda defaults) or `other`."""
    if not url:
        return "other"
    if is_conda_forge_like(url):
        return "conda-forge"
    path = unquote(urlsplit(url).path if "://" in url else url).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last in ("pytorch", "nvidia"):
        return last
    if last in ("main", "free", "r", "msys2") or "repo.anaconda.com" in url or last == "defaults":
        return "main"
    return "other"


def channel_label(url: str | None) -> str:
    """A short name for a channel URL in messages (`conda-forge`, `pytorch`, the URL otherwise)."""
    if not url:
        return "(unknown channel)"
    last = unquote(urlsplit(url).path if "://" in url else url).rstrip("/").rsplit("/", 1)[-1]
    return last or url


def cuda_index_for(url: str, tag: str = "cu124") -> str:
    """The CUDA sibling of a PyTorch CPU index (`…/whl/cpu` → `…/whl/cu124`)."""
    return _CPU_INDEX.sub(tag, url.rstrip("/"))
