"""Resolution for linux-64, win-64 and osx-arm64 from this host, against the local PyPI world."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from pyxi.diagnostics import SolveError
from pyxi.lockfile.model import PypiPackage
from pyxi.manifest.model import FindLinks, PypiDependency, PypiOptions
from pyxi.pypi.resolve import PypiResolveRequest, lock_indexes, resolve_pypi


def torch_deps(index: str) -> list[PypiDependency]:
    return [PypiDependency("torch", ">=2.5.1", index=index), PypiDependency("torchvision", ">=0.20.1", index=index)]


def request(base: str, platform: str, python: str, deps: list[PypiDependency], root: Path, cache: Path,
            **kwargs: object) -> PypiResolveRequest:
    return PypiResolveRequest(
        environment="default", platform=platform, subdir=platform, python_version=python,
        requirements=deps, workspace_root=root, cache_dir=cache,
        options=PypiOptions(index_url=f"{base}pypi/simple"), **kwargs,  # type: ignore[arg-type]
    )


def by_name(packages: list[PypiPackage]) -> dict[str, PypiPackage]:
    return {p.name: p for p in packages}


@pytest.mark.parametrize(
    ("platform", "python", "wheel_tag"),
    [("linux-64", "3.11.7", "cp311-cp311-manylinux_2_28_x86_64"),
     ("win-64", "3.12.1", "cp312-cp312-win_amd64")],
)
def test_per_dependency_index(http_base: str, tmp_path: Path, uv_cache: Path, platform: str, python: str,
                              wheel_tag: str) -> None:
    cu124 = f"{http_base}torch-cu124/simple"
    locked = by_name(resolve_pypi(request(http_base, platform, python, torch_deps(cu124), tmp_path, uv_cache)))
    torch = locked["torch"]
    assert torch.version == "2.5.1+cu124"  # not the newer decoy 2.6.0 on the default index
    assert torch.location == f"{http_base}torch-cu124/files/torch-2.5.1%2Bcu124-{wheel_tag}.whl"
    assert torch.index == cu124
    assert torch.sha256 and len(torch.sha256) == 64
    assert torch.requires_python == ">=3.9"
    assert "typing-extensions>=4.8.0" in torch.requires_dist
    assert locked["torchvision"].version == "0.20.1+cu124"
    # torch's own dependencies come from the normal index, not the pinned one (decoy numpy 1.26.4)
    assert locked["numpy"].version == "2.2.0"
    assert locked["numpy"].index == f"{http_base}pypi/simple"
    # markers follow the target platform
    assert ("nvidia-cuda-runtime-cu12" in locked) == (platform == "linux-64")


def test_osx_target_override_to_cpu_index(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    cpu = f"{http_base}torch-cpu/simple"
    locked = by_name(resolve_pypi(request(http_base, "osx-arm64", "3.12.1", torch_deps(cpu), tmp_path, uv_cache)))
    assert locked["torch"].version == "2.5.1+cpu"
    assert locked["torch"].location.endswith("torch-2.5.1%2Bcpu-cp312-cp312-macosx_11_0_arm64.whl")
    assert locked["numpy"].location.endswith("numpy-2.2.0-cp312-cp312-macosx_11_0_arm64.whl")
    assert locked["torch"].index == cpu


def test_file_index(world: Path, tmp_path: Path, uv_cache: Path) -> None:
    base = world.as_uri() + "/"
    locked = by_name(resolve_pypi(request(base, "linux-64", "3.11.7", torch_deps(f"{base}torch-cpu/simple"),
                                          tmp_path, uv_cache)))
    assert locked["torch"].location.startswith(f"{base}torch-cpu/files/torch-2.5.1%2Bcpu-cp311")
    assert locked["torch"].index == f"{base}torch-cpu/simple"
    assert locked["sympy"].requires_dist == ["mpmath<1.4,>=1.1.0"]


def test_conda_provided_numpy_not_locked_and_respected(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    deps = [*torch_deps(f"{http_base}torch-cu124/simple"), PypiDependency("numpy", ">=2")]
    locked = by_name(resolve_pypi(request(http_base, "linux-64", "3.11.7", deps, tmp_path, uv_cache,
                                          conda_provided={"numpy": "2.1.3"})))
    assert "numpy" not in locked
    assert "torch" in locked and "filelock" in locked


def test_direct_requirement_conflicting_with_conda(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    deps = [PypiDependency("numpy", ">=2.2")]
    with pytest.raises(SolveError) as caught:
        resolve_pypi(request(http_base, "win-64", "3.12.1", deps, tmp_path, uv_cache,
                             conda_provided={"numpy": "2.1.3"}))
    text = caught.value.message
    assert "numpy>=2.2" in text and "2.1.3" in text and "conda" in text
    assert "`default`" in text and "`win-64`" in text


def test_transitive_conflict_with_conda(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    deps = [PypiDependency("needs-old-numpy")]
    with pytest.raises(SolveError) as caught:
        resolve_pypi(request(http_base, "linux-64", "3.11.7", deps, tmp_path, uv_cache,
                             conda_provided={"numpy": "2.1.3"}))
    error = caught.value
    assert "`default`" in error.message and "`linux-64`" in error.message
    assert "numpy==2.1.3" in (error.help or "") and "pinned by the conda solve" in (error.help or "")
    assert "needs-old-numpy" in error.notes[0]


def test_preferences_keep_locked_versions(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    previous = [PypiPackage("http://x/numpy-2.1.3-cp311-cp311-manylinux_2_28_x86_64.whl", "numpy", "2.1.3")]
    deps = [PypiDependency("numpy")]
    fresh = by_name(resolve_pypi(request(http_base, "linux-64", "3.11.7", deps, tmp_path, uv_cache)))
    kept = by_name(resolve_pypi(request(http_base, "linux-64", "3.11.7", deps, tmp_path, uv_cache,
                                        preferences=previous)))
    assert fresh["numpy"].version == "2.2.0" and kept["numpy"].version == "2.1.3"


def test_lock_indexes() -> None:
    assert lock_indexes(None) == ["https://pypi.org/simple"]
    options = PypiOptions(index_url="https://a/simple", extra_index_urls=("https://b/simple",))
    assert lock_indexes(options) == ["https://a/simple", "https://b/simple"]


def test_default_index_omitted_from_entries(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    # find-links + extra index: the lock's index is the annotation, pypi.org/simple is never written
    req = PypiResolveRequest(
        environment="default", platform="linux-64", subdir="linux-64", python_version="3.11.7",
        requirements=[PypiDependency("colorama")], workspace_root=tmp_path, cache_dir=uv_cache,
        options=PypiOptions(index_url=f"{http_base}pypi/simple", find_links=(FindLinks(path="links"),)),
    )
    (tmp_path / "links").mkdir()
    locked = by_name(resolve_pypi(req))
    assert locked["colorama"].index == f"{http_base}pypi/simple"


def test_path_and_url_requirements(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    pkg = tmp_path / "mypkg"
    (pkg / "mypkg").mkdir(parents=True)
    (pkg / "mypkg" / "__init__.py").write_text("")
    (pkg / "pyproject.toml").write_text(
        '[project]\nname = "mypkg"\nversion = "0.1"\ndependencies = ["colorama"]\nrequires-python = ">=3.9"\n'
        '[build-system]\nrequires = ["uv_build>=0.9,<0.14"]\nbuild-backend = "uv_build"\n')
    wheel_url = f"{http_base}pypi/files/filelock-3.16.1-py3-none-any.whl"
    deps = [PypiDependency("mypkg", path="./mypkg", editable=True), PypiDependency("filelock", url=wheel_url)]
    locked = by_name(resolve_pypi(request(http_base, "win-64", "3.12.1", deps, tmp_path, uv_cache)))
    assert locked["mypkg"].location == "./mypkg" and locked["mypkg"].version is None
    assert locked["mypkg"].requires_dist == ["colorama"]
    assert locked["filelock"].location == f"direct+{wheel_url}"
    assert locked["filelock"].version == "3.16.1" and locked["filelock"].requires_python == ">=3.8"
    assert "colorama" in locked


def test_concurrent_resolves(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    cu124, cpu = f"{http_base}torch-cu124/simple", f"{http_base}torch-cpu/simple"
    jobs = [("linux-64", "3.11.7", cu124), ("win-64", "3.12.1", cu124), ("osx-arm64", "3.12.1", cpu),
            ("linux-64", "3.12.1", cpu)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(
            lambda j: resolve_pypi(request(http_base, j[0], j[1], torch_deps(j[2]), tmp_path, uv_cache)), jobs))
    versions = [by_name(r)["torch"].version for r in results]
    assert versions == ["2.5.1+cu124", "2.5.1+cu124", "2.5.1+cpu", "2.5.1+cpu"]
    for packages in results:
        for p in packages:
            for req in p.requires_dist:
                Requirement(req)  # every requires_dist entry is valid PEP 508


def test_extra_index_annotations_and_preferences(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    options = PypiOptions(index_url=f"{http_base}pypi/simple", extra_index_urls=(f"{http_base}torch-cpu/simple",))
    req = PypiResolveRequest(
        environment="default", platform="linux-64", subdir="linux-64", python_version="3.12.1",
        requirements=[PypiDependency("torch"), PypiDependency("numpy")], workspace_root=tmp_path,
        cache_dir=uv_cache, options=options,
        preferences=[PypiPackage(f"{http_base}pypi/files/numpy-2.1.3-cp312-cp312-manylinux_2_28_x86_64.whl",
                                 "numpy", "2.1.3", sha256="0" * 64)],
    )
    locked = by_name(resolve_pypi(req))
    assert locked["torch"].version == "2.5.1+cpu"  # extra index first (first-index strategy)
    assert locked["torch"].index == f"{http_base}torch-cpu/simple"
    assert locked["numpy"].version == "2.1.3" and locked["numpy"].index == f"{http_base}pypi/simple"
    assert locked["numpy"].sha256 != "0" * 64


def test_pypi_org_index_is_omitted(tmp_path: Path) -> None:
    from pyxi.pypi.lockdata import Pins, lock_packages
    from pyxi.pypi.tags import PythonTarget
    from pyxi.testing.pypi_index import make_wheel

    wheel = make_wheel(tmp_path, "demo", "1.0", ("py3", "none", "any"), ["idna"], ">=3.8")
    other = make_wheel(tmp_path, "demo", "1.0", ("cp312", "cp312", "win_amd64"))
    pylock = {"packages": [{"name": "demo", "version": "1.0", "wheels": [
        {"url": wheel.as_uri(), "hashes": {"sha256": "a" * 64}},
        {"url": other.as_uri(), "hashes": {"sha256": "b" * 64}}]}]}
    pins = Pins({"demo": "1.0"}, {"demo": "https://pypi.org/simple"})
    [entry] = lock_packages(pylock, pins, ranked=PythonTarget("win-64", "3.12.1").wheel_tags(), skip=set(),
                            workspace_root=tmp_path, pylock_dir=tmp_path, requirements=[])
    assert entry.index is None
    assert entry.location == other.as_uri() and entry.sha256 == "b" * 64  # the best-ranked wheel


def test_kept_metadata_is_read_without_threads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Metadata kept by sha256 is read in place; threads start only for metadata to fetch."""
    import json

    from pyxi.pypi import lockdata
    from pyxi.pypi.lockdata import Pins, lock_packages
    from pyxi.pypi.tags import PythonTarget
    from pyxi.testing.pypi_index import make_wheel

    wheel = make_wheel(tmp_path, "demo", "1.0", ("py3", "none", "any"), ["idna"], ">=3.8")
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / f"{'c' * 64}.json").write_text(json.dumps({"requires_dist": ["kept"], "requires_python": ">=3.1"}))
    pylock = {"packages": [{"name": "demo", "version": "1.0", "wheels": [
        {"url": wheel.as_uri(), "hashes": {"sha256": "c" * 64}}]}]}

    def no_threads(*args: object, **kwargs: object) -> None:
        raise AssertionError("a thread pool was started")

    monkeypatch.setattr(lockdata, "ThreadPoolExecutor", no_threads)
    [entry] = lock_packages(pylock, Pins({"demo": "1.0"}, {}), ranked=PythonTarget("linux-64", "3.12.1").wheel_tags(),
                            skip=set(), workspace_root=tmp_path, pylock_dir=tmp_path, requirements=[],
                            metadata_cache=kept)
    assert (entry.requires_dist, entry.requires_python) == (["kept"], ">=3.1")
