"""Packs as other tools read them (rattler, the way pixi-unpack installs them), self-extracting
packs, injected packages, and packing from an HTTP channel through the pack cache."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
import rattler
from pack_world import (
    IMPORT_TORCH,
    Laptop,
    make_laptop,
    on_node,
    run_activated,
    unpack_on_node,
)

from pyxi.testing.cli import PYXI, run_pyxi
from pyxi.testing.conda_package import write_package
from pyxi.testing.pypi_index import make_wheel, serve
from pyxi.testing.pytorch_specs import noarch_python_spec


@pytest.fixture(scope="module")
def laptop(tmp_path_factory, base_env, worlds, pypi_world) -> Laptop:
    return make_laptop(tmp_path_factory.mktemp("laptop"), base_env, worlds, pypi_world)


def test_rattler_installs_the_pack_as_pixi_unpack_does(laptop, tmp_path):
    """pixi-unpack reads `channel/*/repodata.json` with rattler and links the records: do the
    same with py-rattler (no pyxi code) and run the result."""
    pack = tmp_path / "cpu.tar"
    laptop.pack("conda-cpu", pack)
    root = tmp_path / "extracted"
    with tarfile.open(pack) as tar:
        tar.extractall(root)
    channel = rattler.Channel(root.joinpath("channel").as_uri())
    records = []
    for repodata in sorted(root.glob("channel/*/repodata.json")):
        records += rattler.RepoData.from_path(repodata).into_repo_data(channel)
    assert len(records) == 9
    prefix = tmp_path / "env"
    asyncio.run(rattler.install(records, target_prefix=prefix, cache_dir=tmp_path / "cache",
                                show_progress=False))
    done = subprocess.run([prefix / "bin" / "python", "-c", IMPORT_TORCH],
                          check=False, capture_output=True, text=True)
    assert done.stdout.strip() == "2.5.1 False", done.stderr


def test_a_pack_without_pyxis_record_unpacks_as_pixi_packs_do(laptop, tmp_path):
    """pixi-pack writes no pyxi-pack.json (and no wheel hashes): the repodata's hashes are
    checked, the wheels in pypi/ are installed as they are."""
    pack = tmp_path / "pypi.tar"
    laptop.pack("pypi-cpu", pack)
    plain = tmp_path / "plain.tar"
    with tarfile.open(pack) as source, tarfile.open(plain, "w") as target:
        for member in source.getmembers():
            if member.name != "pyxi-pack.json":
                target.addfile(member, source.extractfile(member) if member.isfile() else None)
    node = tmp_path / "node"
    unpack_on_node(node, plain)
    assert run_activated(node, IMPORT_TORCH) == "2.5.1+cpu False"


def test_a_self_extracting_pack_unpacks_with_pyxi_on_path(laptop, tmp_path):
    script = tmp_path / "cpu.sh"
    laptop.pack("conda-cpu", script, "--create-executable")
    assert script.stat().st_mode & 0o111 and script.read_bytes().startswith(b"#!/bin/sh\n")
    node = tmp_path / "node"
    node.mkdir()
    on_node(node, ["sh", str(script), "-o", str(node / "out")], PATH=f"{Path(PYXI).parent}:/usr/bin:/bin")
    assert run_activated(node, IMPORT_TORCH) == "2.5.1 False"
    again = tmp_path / "again"
    unpack_on_node(again, script)  # `pyxi unpack` reads the script without running it
    assert run_activated(again, IMPORT_TORCH) == "2.5.1 False"
    missing = on_node(node, ["sh", str(script), "-o", str(node / "x")], expect=1)
    assert "neither pyxi nor pixi-unpack is on PATH" in missing.stderr


def test_an_embedded_unpacker_gets_pixi_unpacks_arguments(laptop, tmp_path):
    fake = tmp_path / "pixi-unpack"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do last="$a"; done\n'
                    'echo "$@" > "$RECORD"; tar tf "$last" >> "$RECORD"\n')
    fake.chmod(0o755)
    script = tmp_path / "cpu.sh"
    laptop.pack("conda-cpu", script, "--create-executable", "--pixi-unpack-source", str(fake))
    record = tmp_path / "record.txt"
    on_node(tmp_path, ["sh", str(script), "-o", "somewhere"], RECORD=str(record))
    lines = record.read_text().splitlines()
    assert re.fullmatch(r"-o somewhere \S+/environment\.tar", lines[0])
    assert "pixi-pack.json" in lines and "channel/noarch/repodata.json" in lines


def test_injected_conda_package_and_wheel_are_installed(laptop, tmp_path):
    spec = noarch_python_spec("hello-pyxi", "1.0", "pyh_0", "python >=3.8")
    conda = write_package(spec, tmp_path / "built")
    wheel = make_wheel(tmp_path / "built", "greet", "0.1", ("py3", "none", "any"),
                       files={"greet/__init__.py": "WHO = 'node'\n"})
    pack = tmp_path / "cpu.tar"
    laptop.pack("conda-cpu", pack, "--inject", str(conda), "--inject", str(wheel))
    with tarfile.open(pack) as tar:
        assert f"channel/noarch/{conda.name}" in tar.getnames()
        assert f"pypi/{wheel.name}" in tar.getnames()
    node = tmp_path / "node"
    unpack_on_node(node, pack)
    code = "import hello_pyxi, greet, torch; print(hello_pyxi.__version__, greet.WHO)"
    assert run_activated(node, code) == "1.0 node"


def test_an_injected_package_must_fit_the_environment(laptop, tmp_path):
    spec = noarch_python_spec("needs-more", "1.0", "pyh_0", "not-in-the-lock >=2")
    conda = write_package(spec, tmp_path / "built")
    failed = laptop.pack("conda-cpu", tmp_path / "x.tar", "--inject", str(conda), expect=1)
    assert "the injected packages do not fit the environment" in failed.stderr
    assert "not-in-the-lock" in failed.stderr
    assert not (tmp_path / "x.tar").exists()


def test_packing_downloads_verifies_and_reuses_the_pack_cache(worlds, base_env, tmp_path):
    """A channel behind HTTP: the first pack downloads (through rattler) into the pack cache,
    the second works with the server gone; a download that does not match the lock is refused."""
    ws, tampered = tmp_path / "ws", tmp_path / "tampered"
    env = {**base_env, "PIXI_CACHE_DIR": str(tmp_path / "cache")}
    with serve(worlds.conda_forge.root) as url:
        ws.mkdir()
        (ws / "pixi.toml").write_text(
            f'[workspace]\nname = "http"\nchannels = ["{url}"]\nplatforms = ["linux-64"]\n'
            '[dependencies]\npython = "3.11.*"\nnumpy = "*"\n')
        run_pyxi(("lock",), ws, env)
        assert "conda: http://127.0.0.1:" in (ws / "pixi.lock").read_text()
        run_pyxi(("pack", "-o", "first.tar"), ws, env)
        shutil.copytree(ws, tampered)
        _zero_sha256(tampered / "pixi.lock", "/numpy-2.1.3")
        other_cache = {**env, "PIXI_CACHE_DIR": str(tmp_path / "other-cache")}
        refused = run_pyxi(("pack", "-o", "bad.tar"), tampered, other_cache, expect=1)
    assert "the conda package `numpy` does not match the hash in the lock file" in refused.stderr
    assert "expected sha256: " + "0" * 64 in refused.stderr
    assert not (tampered / "bad.tar").exists()
    cached = sorted(p.name for p in (tmp_path / "cache" / "pyxi-pack" / "linux-64").iterdir())
    assert any(name.startswith("numpy-2.1.3") for name in cached)
    run_pyxi(("pack", "-o", "second.tar"), ws, env)  # the server is gone: the cache serves
    assert (ws / "first.tar").read_bytes() == (ws / "second.tar").read_bytes()


def _zero_sha256(lock: Path, package: str) -> None:
    text = lock.read_text()
    entry = text.index(package, text.index("\npackages:\n"))
    start = text.index("sha256: ", entry) + len("sha256: ")
    lock.write_text(text[:start] + "0" * 64 + text[start + 64:])
