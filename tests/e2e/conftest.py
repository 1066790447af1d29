"""End-to-end harness: the real `pyxi` console script in a subprocess, against the local world.

`CONDA_OVERRIDE_CUDA` is set empty by default so every host (with or without a GPU) looks like
a machine without CUDA; tests that need a driver set it to a version explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pyxi.testing.cli import Result, isolated_env, run_pyxi
from pyxi.testing.pytorch_pypi import build_pytorch_pypi_world
from pyxi.testing.pytorch_world import PytorchWorlds, channel_rewrites, rewrite_channels

SPEC_MANIFESTS = Path(__file__).resolve().parents[1] / "data" / "spec_manifests"
# The guide as pixi 0.77 ships it: rich platforms instead of per-environment `cuda`.
CURRENT_GUIDE = Path(__file__).resolve().parents[1] / "data" / "current_guide"


@dataclass
class Workspace:
    root: Path
    base_env: dict[str, str]

    @property
    def lock(self) -> Path:
        return self.root / "pixi.lock"

    def pyxi(self, *args: str, env: dict[str, str] | None = None, expect: int | None = 0) -> Result:
        return run_pyxi(args, self.root, {**self.base_env, **(env or {})}, expect)

    def packages(self, environment: str, platform: str) -> dict[str, dict]:
        """`pyxi list --json` of one environment/platform, keyed by package name."""
        import json

        result = self.pyxi("list", "--json", "-e", environment, "-p", platform)
        return {row["name"]: row for row in json.loads(result.stdout)}


@pytest.fixture(scope="session")
def base_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return isolated_env(tmp_path_factory.mktemp("pyxi-cache"))


@pytest.fixture(scope="session")
def pypi_world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """{index name: file:// URL} of the local PyPI world (torch-cu124, torch-cpu, pypi)."""
    root = tmp_path_factory.mktemp("pypi-world")
    return {name: path.as_uri() for name, path in build_pytorch_pypi_world(root).items()}


def point_at_local_indexes(text: str, indexes: dict[str, str], pyproject: bool) -> str:
    """The guide's PyTorch index URLs → the local ones, and the default index → the local
    "pypi" index (so nothing reaches the real PyPI)."""
    text = text.replace("https://download.pytorch.org/whl/cu124", indexes["torch-cu124"])
    text = text.replace("https://download.pytorch.org/whl/cpu", indexes["torch-cpu"])
    table = "tool.pixi.pypi-options" if pyproject else "pypi-options"
    return text + f'\n[{table}]\nindex-url = "{indexes["pypi"]}"\n'


@pytest.fixture
def make_workspace(tmp_path: Path, base_env: dict[str, str], worlds: PytorchWorlds, request):
    """`make_workspace(text_or_spec_name, filename=None, pypi=False)`: a workspace folder whose
    channels (and, with pypi=True, PyPI indexes) point at the local worlds. A spec name is a
    file of tests/data/spec_manifests or tests/data/current_guide."""
    rewrites = channel_rewrites(worlds)

    def make(source: str, filename: str | None = None, pypi: bool = False) -> Workspace:
        known = [folder / source for folder in (SPEC_MANIFESTS, CURRENT_GUIDE) if source.endswith(".toml")]
        if any(path.is_file() for path in known):
            text = next(path for path in known if path.is_file()).read_text()
            filename = filename or ("pyproject.toml" if "pyproject" in source else "pixi.toml")
        else:
            text = source
        if pypi:
            indexes = request.getfixturevalue("pypi_world")
            text = point_at_local_indexes(text, indexes, filename == "pyproject.toml")
        root = tmp_path / "ws"
        root.mkdir(exist_ok=True)
        (root / (filename or "pixi.toml")).write_text(rewrite_channels(text, rewrites))
        return Workspace(root, base_env)

    return make


@pytest.fixture
def wf_channel(tmp_path: Path):
    """The everyday-workflow tests' tiny noarch channel (see workflow_world.py)."""
    from workflow_world import build_channel

    return build_channel(tmp_path / "wf-channel")


@pytest.fixture(scope="session")
def extra_channels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Channels that break an environment on purpose, for `pyxi doctor`."""
    from pyxi.testing.doctor_worlds import (
        build_addons_channel,
        build_cpu_mirror_channel,
        build_private_mirror_channel,
    )

    root = tmp_path_factory.mktemp("doctor-channels")
    return {"addons": build_addons_channel(root / "addons").url,
            "cpu-mirror": build_cpu_mirror_channel(root / "cpu-mirror").url,
            "private-mirror": build_private_mirror_channel(root / "private-mirror").url}


@pytest.fixture(scope="session")
def tools_channel(tmp_path_factory: pytest.TempPathFactory):
    """The channel of command-line tools (`hello-noarch`, …) for global/exec/search."""
    from pyxi.testing.tools_world import build_tools_channel

    return build_tools_channel(tmp_path_factory.mktemp("tools-channel"))


@pytest.fixture
def global_home(tmp_path: Path, base_env: dict[str, str], tools_channel):
    """An empty `$PIXI_HOME` (see global_home.py) whose installs use the tools channel."""
    from global_home import GlobalHome

    return GlobalHome(tmp_path / "pixi-home", base_env, tools_channel.url)
