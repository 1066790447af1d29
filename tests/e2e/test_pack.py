"""`pyxi pack` on a laptop, `pyxi unpack` on an offline node: the guide's CPU and GPU
environments, conda and PyPI, make the round trip pack → unpack → run (issue 22)."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from pack_world import (
    GPU,
    IMPORT_TORCH,
    PACKS,
    Laptop,
    make_laptop,
    offline_prefix,
    rewrite_member,
    run_activated,
    tree_files,
    unpack_on_node,
)

from pyxi.testing.cli import run_pyxi


@pytest.fixture(scope="module")
def laptop(tmp_path_factory, base_env, worlds, pypi_world) -> Laptop:
    return make_laptop(tmp_path_factory.mktemp("laptop"), base_env, worlds, pypi_world)


@pytest.fixture(scope="module")
def packs(laptop: Laptop) -> dict[str, Path]:
    out = laptop.root / "packs"
    for name in PACKS:
        laptop.pack(name, out / f"{name}.tar")
    return {name: out / f"{name}.tar" for name in PACKS}


@pytest.mark.parametrize("name", list(PACKS))
def test_round_trip_offline(packs, tmp_path, name):
    node = tmp_path / "node"
    driver = GPU if name.endswith("gpu") else {}
    unpacked = unpack_on_node(node, packs[name], **driver)
    assert "Unpacked environment" in unpacked.stderr
    assert run_activated(node, IMPORT_TORCH, **driver) == PACKS[name][2]
    assert tree_files(node / "cache") == [], "an unpack needs no package cache"
    assert sorted(p.name for p in (node / "out").iterdir()) == ["activate.fish", "activate.sh", "env"]
    if not offline_prefix():
        pytest.skip("unshare -rn is not available: the round trip ran, but not network-less")


def test_cuda_pack_refused_on_a_node_without_a_driver(packs, tmp_path):
    node = tmp_path / "node"
    refused = unpack_on_node(node, packs["conda-gpu"], expect=1)
    assert "cannot run on this machine: it needs `__cuda` (required by pytorch-" in refused.stderr
    assert "declares `__cuda >=12.0`" in refused.stderr
    assert "CONDA_OVERRIDE_CUDA=12.0 pyxi unpack" in refused.stderr
    assert not (node / "out").exists(), "nothing is left behind"


def test_pypi_cuda_wheels_refused_on_a_node_without_a_driver(packs, tmp_path):
    """As `run` refuses it: the environment declares `cuda` and its torch wheel is a CUDA build."""
    node = tmp_path / "node"
    refused = unpack_on_node(node, packs["pypi-gpu"], expect=1)
    assert 'declares `cuda = "12.0"` and its PyPI package torch 2.5.1+cu124 is a CUDA build' in refused.stderr
    assert "CONDA_OVERRIDE_CUDA=12.0 pyxi unpack" in refused.stderr
    assert not (node / "out").exists(), "nothing is left behind"


@pytest.mark.parametrize(("name", "member", "package", "kind"), [
    ("conda-cpu", "/numpy-2.1.3-py311hb111774_0.conda", "numpy", "conda package"),
    ("pypi-cpu", ".whl", "", "PyPI package"),
])
def test_a_tampered_file_is_refused_with_the_package_named(packs, tmp_path, name, member, package, kind):
    if name == "pypi-cpu":
        member, package = "/torch-2.5.1+cpu-cp311-cp311-manylinux_2_28_x86_64.whl", "torch"
    tampered = tmp_path / "tampered.tar"
    rewrite_member(packs[name], tampered, member)
    node = tmp_path / "node"
    refused = unpack_on_node(node, tampered, expect=1)
    assert f"the {kind} `{package}` in {tampered} does not match the sha256" in refused.stderr
    assert "nothing was installed" in refused.stderr
    assert not (node / "out" / "env").exists()


def test_the_same_lock_gives_the_same_bytes(laptop, packs, tmp_path):
    again = tmp_path / "elsewhere" / "again.tar"
    laptop.pack("pypi-gpu", again, "--use-cache", str(tmp_path / "fresh-cache"))
    assert again.read_bytes() == packs["pypi-gpu"].read_bytes()
    with tarfile.open(again) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names[:2] == ["channel", "channel/linux-64"] and names == _depth_first(names)
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, 0, "", "")}
    assert {"pixi-pack.json", "pyxi-pack.json", "environment.yml", "channel/linux-64/repodata.json",
            "pypi/torch-2.5.1+cu124-cp311-cp311-manylinux_2_28_x86_64.whl"} <= set(names)
    assert again.read_bytes()[:2] != b"\x1f\x8b", "uncompressed, like pixi-pack"


def _depth_first(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: n.split("/"))


def test_pixi_pack_metadata(packs, tmp_path):
    with tarfile.open(packs["conda-gpu"]) as tar:
        meta = json.load(tar.extractfile("pixi-pack.json"))  # type: ignore[arg-type]
        record = json.load(tar.extractfile("pyxi-pack.json"))  # type: ignore[arg-type]
        environment = tar.extractfile("environment.yml").read().decode()  # type: ignore[union-attr]
    assert meta == {"version": "1", "platform": "linux-64"}
    assert record["environment"] == "default" and record["platform"] == "p1"
    assert "__cuda=12.0" in record["virtual-packages"]
    assert all(len(entry["sha256"]) == 64 for entry in record["conda"])
    assert environment.startswith("channels:\n- ./channel\n- nodefaults\ndependencies:\n")
    assert "- pytorch=2.5.1=cuda126_mkl_py311_" in environment


def test_a_windows_cuda_environment_packs_on_linux(laptop, tmp_path):
    pack = tmp_path / "win.tar"
    laptop.pyxi("pypi", "pack", "-e", "gpu", "-p", "win-64", "-o", str(pack))
    with tarfile.open(pack) as tar:
        names = tar.getnames()
        meta = json.load(tar.extractfile("pixi-pack.json"))  # type: ignore[arg-type]
    assert meta["platform"] == "win-64"
    assert "channel/win-64/python-3.12.7-h936f9f5_0_cpython.conda" in names
    assert "pypi/torch-2.5.1+cu124-cp312-cp312-win_amd64.whl" in names
    refused = unpack_on_node(tmp_path / "node", pack, expect=1)
    assert "was packed for win-64; this machine is linux-64" in refused.stderr


def test_unknown_environment_and_platform_are_explained(laptop, tmp_path):
    out = str(tmp_path / "x.tar")
    unknown = laptop.pyxi("conda", "pack", "-e", "gpu", "-o", out, expect=1)
    assert "environment `gpu` is not in pixi.lock" in unknown.stderr
    assert "cpu, default" in unknown.stderr
    platform = laptop.pyxi("pypi", "pack", "-e", "gpu", "-p", "osx-arm64", "-o", out, expect=1)
    assert "p1 (linux-64), p2 (win-64)" in platform.stderr


def test_pixi_build_source_packages_must_be_injected(tmp_path, base_env):
    """pixi-pack's own example lock (three pixi-build packages): refused before any download."""
    data = Path(__file__).resolve().parents[1] / "data" / "interop"
    stem = "073__Quantco__pixi-pack__examples__local-build__pixi"
    for suffix in ("toml", "lock"):
        (tmp_path / f"pixi.{suffix}").write_text((data / f"{stem}.{suffix}").read_text())
    refused = run_pyxi(("pack", "-p", "linux-64"), tmp_path, base_env, expect=1)
    assert ("has conda source packages, which pyxi does not build: local-build-local-pkg-2, "
            "local-build-local-pkg, local-build-main-pkg") in refused.stderr
    assert "--inject" in refused.stderr
