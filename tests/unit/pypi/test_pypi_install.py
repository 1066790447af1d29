"""Install locked packages into a venv standing in for a conda prefix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pyxi.diagnostics import InstallError
from pyxi.lockfile.model import PypiPackage
from pyxi.manifest.model import PypiDependency, PypiOptions
from pyxi.pypi.install import install_pypi
from pyxi.pypi.installed import installed_dists, site_packages
from pyxi.pypi.resolve import PypiResolveRequest, resolve_pypi
from pyxi.testing.pypi_index import make_wheel

PY = f"{sys.version_info[0]}.{sys.version_info[1]}.{sys.version_info[2]}"


@pytest.fixture
def prefix(tmp_path: Path) -> Path:
    path = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return path


def locked_torch(base: str, root: Path, cache: Path, conda: dict[str, str] | None = None) -> list[PypiPackage]:
    index = f"{base}torch-cpu/simple"
    deps = [PypiDependency("torch", ">=2.5.1", index=index), PypiDependency("torchvision", index=index)]
    return resolve_pypi(PypiResolveRequest("default", "linux-64", "linux-64", PY, deps, root, cache,
                                           options=PypiOptions(index_url=f"{base}pypi/simple"),
                                           conda_provided=conda or {}))


def run_python(prefix: Path, code: str, **env: str) -> str:
    import os

    done = subprocess.run([str(prefix / "bin" / "python"), "-c", code], capture_output=True, text=True,
                          env={**os.environ, **env}, check=True)
    return done.stdout.strip()


def install(prefix: Path, packages: list[PypiPackage], root: Path, cache: Path) -> None:
    install_pypi(prefix, packages, editable_names=set(), workspace_root=root, cache_dir=cache)


def test_install_noop_and_removal(http_base: str, tmp_path: Path, uv_cache: Path, prefix: Path) -> None:
    packages = locked_torch(http_base, tmp_path, uv_cache)
    install(prefix, packages, tmp_path, uv_cache)
    out = run_python(prefix, "import torch, torchvision; print(torch.__version__, torch.cuda.is_available())")
    assert out == "2.5.1+cpu False"
    dists = installed_dists(site_packages(prefix))
    assert dists["torch"].installer == "uv-pixi"
    record = (dists["torch"].dist_info / "RECORD").read_text()
    assert "torch-2.5.1+cpu.dist-info/INSTALLER,sha256=" in record

    stamp = dists["torch"].dist_info.stat().st_mtime_ns
    install(prefix, packages, tmp_path, uv_cache)  # no-op: nothing changes
    assert installed_dists(site_packages(prefix))["torch"].dist_info.stat().st_mtime_ns == stamp

    install(prefix, [p for p in packages if p.name != "torchvision"], tmp_path, uv_cache)
    dists = installed_dists(site_packages(prefix))
    assert "torchvision" not in dists and "torch" in dists
    assert not list(site_packages(prefix).glob("torchvision*"))  # type: ignore[union-attr]


def _fake_conda_numpy(prefix: Path, tmp_path: Path, version: str) -> None:
    wheel = make_wheel(tmp_path / "conda", "numpy", version, ("py3", "none", "any"),
                       files={"numpy/__init__.py": f'__version__ = "{version}"\n'})
    subprocess.run([sys.executable, "-m", "zipfile", "-e", str(wheel), str(site_packages(prefix))], check=True)
    info = site_packages(prefix) / f"numpy-{version}.dist-info"  # type: ignore[operator]
    (info / "INSTALLER").write_text("conda\n")


def test_conda_owned_files_untouched(http_base: str, tmp_path: Path, uv_cache: Path, prefix: Path) -> None:
    _fake_conda_numpy(prefix, tmp_path, "2.1.3")
    packages = locked_torch(http_base, tmp_path, uv_cache, conda={"numpy": "2.1.3"})
    assert "numpy" not in {p.name for p in packages}
    install(prefix, packages, tmp_path, uv_cache)
    install(prefix, [], tmp_path, uv_cache)  # removes every uv-pixi dist, never conda's
    dists = installed_dists(site_packages(prefix))
    assert set(dists) == {"numpy"} and dists["numpy"].installer == "conda"
    assert run_python(prefix, "import numpy; print(numpy.__version__)") == "2.1.3"


def test_conda_owned_version_clash(http_base: str, tmp_path: Path, uv_cache: Path, prefix: Path) -> None:
    _fake_conda_numpy(prefix, tmp_path, "2.1.3")
    packages = [p for p in locked_torch(http_base, tmp_path, uv_cache) if p.name == "numpy"]
    with pytest.raises(InstallError, match="numpy` 2.2.0.*numpy` 2.1.3"):
        install(prefix, packages, tmp_path, uv_cache)


def test_hash_mismatch_fails(http_base: str, tmp_path: Path, uv_cache: Path, prefix: Path) -> None:
    packages = [p for p in locked_torch(http_base, tmp_path, uv_cache) if p.name == "filelock"]
    packages[0].sha256 = "0" * 64
    with pytest.raises(InstallError) as caught:
        install(prefix, packages, tmp_path, uv_cache)
    assert "Hash mismatch" in "\n".join(caught.value.notes)


def test_cuda_seam(http_base: str, tmp_path: Path, uv_cache: Path, prefix: Path) -> None:
    index = f"{http_base}torch-cu124/simple"
    packages = resolve_pypi(PypiResolveRequest(
        "gpu", "linux-64", "linux-64", PY, [PypiDependency("torch", index=index)], tmp_path, uv_cache,
        options=PypiOptions(index_url=f"{http_base}pypi/simple")))
    install(prefix, packages, tmp_path, uv_cache)
    code = "import torch; print(torch.__version__, torch.cuda.is_available())"
    assert run_python(prefix, code, CONDA_OVERRIDE_CUDA="12.4") == "2.5.1+cu124 True"
    if not Path("/proc/driver/nvidia/version").exists():
        assert run_python(prefix, code, CONDA_OVERRIDE_CUDA="") == "2.5.1+cu124 False"


def test_editable_path_package(tmp_path: Path, uv_cache: Path, prefix: Path) -> None:
    pkg = tmp_path / "mypkg"
    (pkg / "src" / "mypkg").mkdir(parents=True)
    (pkg / "src" / "mypkg" / "__init__.py").write_text("VALUE = 1\n")
    # uv's built-in `uv_build` backend needs nothing from an index
    (pkg / "pyproject.toml").write_text('[project]\nname = "mypkg"\nversion = "0.1"\n[build-system]\n'
                                        'requires = ["uv_build>=0.9,<0.14"]\nbuild-backend = "uv_build"\n')
    locked = [PypiPackage("./mypkg", "mypkg")]
    install_pypi(prefix, locked, editable_names={"mypkg"}, workspace_root=tmp_path, cache_dir=uv_cache)
    (pkg / "src" / "mypkg" / "__init__.py").write_text("VALUE = 2\n")
    assert run_python(prefix, "import mypkg; print(mypkg.VALUE)") == "2"
    dist = installed_dists(site_packages(prefix))["mypkg"]
    assert dist.ours and dist.direct_url()["dir_info"]["editable"] is True  # type: ignore[index]
