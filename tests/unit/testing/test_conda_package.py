"""The conda package builder and LocalChannel: rattler can index and install what they write."""

from __future__ import annotations

import asyncio
import json
import platform
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import rattler

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec, write_package, zstd_available
from pyxi.testing.python_package import (
    host_python,
    host_python_spec,
    python_abi_spec,
    python_metadata_spec,
)

linux_x86_64 = pytest.mark.skipif(
    not (sys.platform == "linux" and platform.machine() == "x86_64"),
    reason="the wrapped interpreter is published as linux-64",
)

TOOL = CondaPackageSpec(
    "tool", "1.0", "h1234567_0",
    depends=["data"],
    files={"bin/tool": "#!/bin/sh\necho tool-ran\n", "share/tool/readme.txt": "hi"},
    symlinks={"bin/tool-alias": "tool"},
    activate_scripts={"tool.sh": "export TOOL_ACTIVE=1\n"},
)
DATA = CondaPackageSpec(
    "data", "2.0", "0", subdir="noarch", noarch="generic", files={"share/data.txt": "d"}
)


def _install(channel: LocalChannel, specs: list[str], prefix: Path, cache: Path) -> list:
    glibc = rattler.GenericVirtualPackage(
        rattler.PackageName("__glibc"), rattler.Version("2.28"), rattler.BuildString("0")
    )
    records = asyncio.run(
        rattler.solve(
            [rattler.Channel(channel.url)], specs, platforms=["linux-64", "noarch"],
            virtual_packages=[glibc],
        )
    )
    asyncio.run(rattler.install(records, prefix, cache_dir=cache, show_progress=False))
    return records


FORMATS = [
    ".tar.bz2",
    pytest.param(
        ".conda", marks=pytest.mark.skipif(not zstd_available(), reason="zstandard missing")
    ),
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_rattler_indexes_and_installs_written_packages(tmp_path: Path, fmt: str) -> None:
    channel = LocalChannel(tmp_path / "channel")
    channel.add(TOOL, fmt)
    channel.add(DATA, fmt)
    channel.index()
    key = "packages.conda" if fmt == ".conda" else "packages"
    assert f"tool-1.0-h1234567_0{fmt}" in channel.repodata("linux-64")[key]

    prefix = tmp_path / "prefix"
    _install(channel, ["tool"], prefix, tmp_path / "cache")

    out = subprocess.run([prefix / "bin/tool-alias"], capture_output=True, text=True, check=True)
    assert out.stdout == "tool-ran\n"
    assert (prefix / "bin/tool-alias").is_symlink()
    assert (prefix / "etc/conda/activate.d/tool.sh").read_text() == "export TOOL_ACTIVE=1\n"
    assert (prefix / "share/data.txt").read_text() == "d"


def test_tar_bz2_layout(tmp_path: Path) -> None:
    archive = write_package(TOOL, tmp_path, ".tar.bz2")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        paths = json.load(tar.extractfile("info/paths.json"))  # type: ignore[arg-type]
        index = json.load(tar.extractfile("info/index.json"))  # type: ignore[arg-type]
    assert {"info/index.json", "info/paths.json", "info/files", "bin/tool"} <= names
    by_path = {p["_path"]: p for p in paths["paths"]}
    assert paths["paths_version"] == 1
    assert by_path["bin/tool"]["size_in_bytes"] == len("#!/bin/sh\necho tool-ran\n")
    assert by_path["bin/tool-alias"]["path_type"] == "softlink"
    assert index["subdir"] == "linux-64" and index["depends"] == ["data"]


def test_writing_twice_gives_identical_bytes(tmp_path: Path) -> None:
    first = write_package(TOOL, tmp_path / "a", ".tar.bz2").read_bytes()
    assert write_package(TOOL, tmp_path / "b", ".tar.bz2").read_bytes() == first


def test_links_escaping_the_prefix_are_refused(tmp_path: Path) -> None:
    bad = CondaPackageSpec("bad", "1", "0", symlinks={"bin/python": "../../usr/bin/python3"})
    with pytest.raises(ValueError, match="escapes"):
        write_package(bad, tmp_path)


def test_every_subdir_has_repodata_even_empty(tmp_path: Path) -> None:
    channel = LocalChannel(tmp_path / "empty")
    (channel.root / "win-64").mkdir(parents=True)
    channel.index()
    for subdir in ("noarch", "win-64"):
        assert channel.repodata(subdir)["packages"] == {}
    assert channel.url.startswith("file:///") and channel.url.endswith("/empty/")


def test_python_abi_and_metadata_python_shapes() -> None:
    abi = python_abi_spec("3.11")
    assert (abi.version, abi.build, abi.noarch) == ("3.11", "8_cp311", "generic")
    assert list(abi.constrains) == ["python 3.11.* *_cpython"]
    py311 = python_metadata_spec("3.11.10", "win-64")
    assert py311.build.endswith("_0_cpython") and not py311.files
    assert list(py311.constrains) == ["python_abi 3.11.* *_cp311"]
    py313 = python_metadata_spec("3.13.1", "osx-arm64")
    assert py313.build.endswith("_100_cp313")
    assert "python_abi 3.13.* *_cp313" in py313.depends and "__osx >=11.0" in py313.depends


@linux_x86_64
def test_wrapped_host_python_runs_from_the_prefix(tmp_path: Path) -> None:
    channel = LocalChannel(tmp_path / "channel")
    channel.add(host_python_spec())
    channel.index()
    prefix = tmp_path / "prefix"
    _install(channel, ["python"], prefix, tmp_path / "cache")
    minor = host_python().minor
    (prefix / f"lib/python{minor}/site-packages/placed_module.py").write_text("VALUE = 42\n")

    code = "import sys, placed_module; print(sys.prefix); print(placed_module.VALUE)"
    out = subprocess.run([prefix / "bin/python", "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [str(prefix), "42"]
    assert (prefix / "bin/python").readlink() == Path(f"python{minor}")
