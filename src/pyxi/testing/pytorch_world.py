"""A local conda-forge for the PyTorch guide, built once per directory: PyTorch 2.5.1 CPU and
CUDA builds (`pytorch_specs.py` describes the packages), and the legacy `main`/`nvidia`/
`pytorch` channels (`legacy_world.py`); `cached_world` builds both once per directory, and
`rewrite_channels` points a manifest at them.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

from pyxi.datamodel import model
from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import default_format
from pyxi.testing.legacy_world import build_legacy_pytorch_world
from pyxi.testing.python_package import host_python
from pyxi.testing.pytorch_specs import SUBDIRS, noarch_specs, subdir_specs


def build_conda_forge_world(root: Path) -> LocalChannel:
    """Write and index the conda-forge-shaped channel at `root` (see module doc)."""
    channel = LocalChannel(Path(root))
    for subdir in SUBDIRS:
        channel.add_all(subdir_specs(subdir))
    channel.add_all(noarch_specs())
    return channel.index()


# --- building once, and pointing manifests at the world -----------------------------------

WORLD_FORMAT_VERSION = 1
CONDA_FORGE_NAMES = ("https://prefix.dev/conda-forge", "conda-forge")


@model(frozen=True)
class PytorchWorlds:
    """The conda-forge world and the legacy `main`/`nvidia`/`pytorch` channels."""

    conda_forge: LocalChannel
    legacy: Mapping[str, LocalChannel]


def _fingerprint() -> str:
    host = host_python()
    doc = {"v": WORLD_FORMAT_VERSION, "python": str(host.binary), "version": host.version}
    return json.dumps(doc | {"fmt": default_format()}, sort_keys=True)


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as handle:
        with contextlib.suppress(ImportError):
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _open_worlds(root: Path) -> PytorchWorlds:
    legacy = {n: LocalChannel(root / "legacy" / n) for n in ("main", "nvidia", "pytorch")}
    return PytorchWorlds(LocalChannel(root / "conda-forge"), legacy)


def cached_world(root: Path) -> PytorchWorlds:
    """Build both worlds under `root` unless an identical build is already there."""
    root = Path(root)
    with _locked(root):
        stamp = root / "world.json"
        if stamp.is_file() and stamp.read_text() == _fingerprint():
            return _open_worlds(root)
        for child in ("conda-forge", "legacy"):
            shutil.rmtree(root / child, ignore_errors=True)
        build_conda_forge_world(root / "conda-forge")
        build_legacy_pytorch_world(root / "legacy")
        stamp.write_text(_fingerprint())
        return _open_worlds(root)


def channel_rewrites(worlds: PytorchWorlds) -> dict[str, str]:
    """Channel strings of the spec manifests -> `file://` URLs of the local worlds."""
    rewrites = {name: worlds.conda_forge.url for name in CONDA_FORGE_NAMES}
    return rewrites | {name: ch.url for name, ch in worlds.legacy.items()}


def rewrite_channels(manifest_text: str, rewrites: Mapping[str, str]) -> str:
    """Replace each quoted channel string (`"main"`) with its quoted local URL."""
    for name, url in rewrites.items():
        manifest_text = manifest_text.replace(f'"{name}"', f'"{url}"')
    return manifest_text
