"""Which conda packages are PyPI packages: pixi's mapping, through the real `pyxi`.

The world (`pyxi.testing.mapping_world`): conda records without purls whose names do not say
what they are on PyPI (`tzdata` is the IANA database, `python-tzdata` is PyPI's tzdata,
`msgpack-python` is PyPI's msgpack), and PyPI projects that need `tzdata`/`msgpack`.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import Workspace
from pyxi.lockfile.model import CondaPackage, PypiPackage
from pyxi.lockfile.read import read_lock
from pyxi.pypi.mapping_sources import CACHE_DIR_VARIABLE, MAPPING_URL_VARIABLE
from pyxi.testing.mapping_server import MappingServer
from pyxi.testing.mapping_world import build_mapping_channel, build_mapping_index


@dataclass(frozen=True)
class World:
    conda_forge: str
    other: str
    index: str


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("mapping-world")
    return World(build_mapping_channel(root / "conda-forge").url,
                 build_mapping_channel(root / "my-channel").url,
                 build_mapping_index(root / "pypi").as_uri())


def manifest(world: World, channel: str, conda: str, pypi: str, extra: str = "") -> str:
    return (f'[workspace]\nname = "m"\nchannels = ["{channel}"]\nplatforms = ["linux-64"]\n{extra}\n'
            f'[pypi-options]\nindex-url = "{world.index}"\n\n'
            f'[dependencies]\npython = "*"\n{conda}\n\n[pypi-dependencies]\n{pypi}\n')


@pytest.fixture
def workspace(tmp_path: Path, base_env: dict[str, str]):  # type: ignore[no-untyped-def]
    def make(text: str) -> Workspace:
        root = tmp_path / "ws"
        root.mkdir(exist_ok=True)
        (root / "pixi.toml").write_text(text)
        return Workspace(root, base_env)

    return make


def locked(ws: Workspace, env: str = "default") -> tuple[dict[str, CondaPackage], dict[str, PypiPackage]]:
    packages = read_lock(ws.lock).packages_for(env, "linux-64")
    return ({p.name: p for p in packages if isinstance(p, CondaPackage)},
            {p.name: p for p in packages if isinstance(p, PypiPackage)})


def run_python(ws: Workspace, code: str, env: str = "default") -> str:
    return ws.pyxi("run", "-e", env, "python", "-c", code).stdout.strip()


def test_conda_tzdata_is_not_pypi_tzdata(world: World, workspace) -> None:  # type: ignore[no-untyped-def]
    """conda-forge's python depends on `tzdata`, the IANA database: PyPI pandas still gets
    PyPI tzdata, locked, installed and importable."""
    text = manifest(world, world.conda_forge, "", "", extra="")
    text = text.replace("[pypi-dependencies]\n", '[feature.web.pypi-dependencies]\npandas = "*"\n')
    text += '\n[environments]\nbase = []\ndefault = ["web"]\n'  # `base` (no PyPI) sorts first
    ws = workspace(text)
    ws.pyxi("install", "-e", "default")
    conda, pypi = locked(ws)
    assert conda["tzdata"].purls == [] and conda["python"].purls == []
    assert pypi["tzdata"].version == "2024.2" and "pandas" in pypi
    assert "pkg:pypi/tzdata" not in ws.lock.read_text()
    assert run_python(ws, "import pandas, tzdata; print(tzdata.SOURCE)") == "pypi"
    # The shared records keep the purls of the environment that has PyPI dependencies, so the
    # lock stays up to date (no re-lock loop), as pixi's lock builder merges them.
    assert "already up to date" in ws.pyxi("lock").stderr
    ws.pyxi("install", "--locked", "-e", "default")
    assert locked(ws, "base")[0]["tzdata"].purls == []


def test_conda_package_with_another_pypi_name_is_not_locked_again(world: World, workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(manifest(world, world.conda_forge, 'python-tzdata = "*"\nmsgpack-python = "*"',
                            'pandas = "*"\nneeds-msgpack = "*"'))
    ws.pyxi("install")
    conda, pypi = locked(ws)
    assert sorted(pypi) == ["needs-msgpack", "pandas"]
    assert conda["python-tzdata"].purls == ["pkg:pypi/tzdata?source=compressed-mapping"]
    assert conda["msgpack-python"].purls == [
        "pkg:pypi/msgpack?source=compressed-mapping", "pkg:pypi/msgpack-python?source=compressed-mapping"]
    code = "import pandas, tzdata, msgpack, needs_msgpack; print(tzdata.SOURCE, msgpack.SOURCE)"
    assert run_python(ws, code) == "conda conda"


def test_other_channels_get_no_mapping_and_no_guess(world: World, workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(manifest(world, world.other, 'python-tzdata = "*"', 'pandas = "*"'))
    ws.pyxi("lock")
    conda, pypi = locked(ws)
    assert all(record.purls is None for record in conda.values())  # as pixi writes them
    assert "tzdata" in pypi  # python-tzdata is not known to be PyPI tzdata here
    assert "purls" not in ws.lock.read_text()


def test_project_mapping_from_a_local_file(world: World, workspace) -> None:  # type: ignore[no-untyped-def]
    extra = f'conda-pypi-map = {{ "{world.other}" = "maps/mine.json" }}\n'
    ws = workspace(manifest(world, world.other, 'python-tzdata = "*"', 'pandas = "*"', extra))
    (ws.root / "maps").mkdir()
    (ws.root / "maps" / "mine.json").write_text(json.dumps({"python-tzdata": "tzdata", "tzdata": None}))
    ws.pyxi("install")
    conda, pypi = locked(ws)
    assert conda["python-tzdata"].purls == ["pkg:pypi/tzdata?source=project-defined-mapping"]
    assert conda["tzdata"].purls == [] and conda["python"].purls is None  # not listed: unknown
    assert "tzdata" not in pypi
    assert run_python(ws, "import pandas, tzdata; print(tzdata.SOURCE)") == "conda"


def test_project_mapping_from_a_url(world: World, workspace) -> None:  # type: ignore[no-untyped-def]
    with MappingServer(documents={}).running() as server:
        server.documents["/maps/mine.json"] = json.dumps({"python-tzdata": ["tzdata"]}).encode()
        extra = f'[workspace.conda-pypi-map]\n"{world.other}" = "{server.url}maps/mine.json"\n'
        ws = workspace(manifest(world, world.other, 'python-tzdata = "*"', 'pandas = "*"', extra))
        ws.pyxi("lock")
    conda, pypi = locked(ws)
    assert conda["python-tzdata"].purls == ["pkg:pypi/tzdata?source=project-defined-mapping"]
    assert "tzdata" not in pypi and [path for path, _ in server.requests] == ["/maps/mine.json"]


def test_a_mapping_url_that_cannot_be_fetched_is_a_located_error(world: World, workspace) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{_closed_port()}/mine.json"
    extra = f'conda-pypi-map = {{ conda-forge = "{url}" }}\n'.replace("conda-forge", f'"{world.conda_forge}"')
    ws = workspace(manifest(world, world.conda_forge, "", 'pandas = "*"', extra))
    result = ws.pyxi("lock", expect=1)
    assert f"error: failed to download the conda-pypi-map mapping from {url}" in result.stderr
    assert "pixi.toml:5" in result.stderr and "help:" in result.stderr
    assert not ws.lock.exists()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_lock_never_fails_for_want_of_the_default_mapping(world: World, workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(manifest(world, world.conda_forge, "", 'pandas = "*"'))
    offline = {MAPPING_URL_VARIABLE: f"http://127.0.0.1:{_closed_port()}/",
               CACHE_DIR_VARIABLE: str(tmp_path / "empty-mapping-cache")}
    result = ws.pyxi("lock", env=offline)
    assert "warning: could not fetch the conda-forge conda→PyPI mapping" in result.stderr
    assert "using the copy shipped with pyxi" in result.stderr
    conda, pypi = locked(ws)
    assert conda["tzdata"].purls == [] and "tzdata" in pypi  # the shipped mapping still knows


def _imports(ws: Workspace, env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "pyxi", *args], cwd=ws.root,
                          env={**ws.base_env, **env}, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def test_fast_paths_do_not_load_the_mapping(world: World, workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(manifest(world, world.conda_forge, "", 'pandas = "*"'))
    with MappingServer().running() as server:
        env = {MAPPING_URL_VARIABLE: server.url, CACHE_DIR_VARIABLE: str(tmp_path / "mc")}
        ws.pyxi("install", env=env)
        assert len(server.hits()) == 1
        for args in (("run", "python", "-c", "pass"), ("install",)):
            imports = _imports(ws, env, *args)
            assert "pyxi.pypi.mapping_sources" not in imports and "pyxi.pypi.purls" not in imports
        manifest_path = ws.root / "pixi.toml"
        manifest_path.write_text(manifest_path.read_text() + "# changed bytes, same workspace\n")
        imports = _imports(ws, env, "run", "python", "-c", "pass")  # lock checked, not re-solved
        assert " rattler" in imports and "pyxi.pypi.mapping_sources" not in imports
    assert len(server.hits()) == 1
