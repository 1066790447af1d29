"""write_lock: atomic, and a no-op (not even a new mtime) when the bytes would not change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pyxi.lockfile.model import (
    CondaPackage,
    LockChannel,
    LockedPlatform,
    LockEnvironment,
    LockFile,
    PackageRef,
)
from pyxi.lockfile.read import read_lock
from pyxi.lockfile.write import dumps_lock, write_lock

URL = "https://conda.anaconda.org/conda-forge/linux-64/zlib-1.3.1-hb9d3cd8_2.conda"


def _lock(depends: list[str]) -> LockFile:
    package = CondaPackage(location=URL, name="zlib", version="1.3.1", build="hb9d3cd8_2",
                           build_number=2, subdir="linux-64", depends=depends,
                           channel="https://conda.anaconda.org/conda-forge/",
                           file_name="zlib-1.3.1-hb9d3cd8_2.conda", purls=[])
    lock = LockFile(platforms=[LockedPlatform("linux-64")])
    lock.environments["default"] = LockEnvironment(
        channels=[LockChannel("https://conda.anaconda.org/conda-forge/")],
        packages={"linux-64": [PackageRef("conda", URL)]})
    lock.conda_packages[URL] = package
    return lock


def test_writes_new_file_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "pixi.lock"
    assert write_lock(path, _lock(["libzlib 1.3.1 hb9d3cd8_2"])) is True
    assert read_lock(path) == _lock(["libzlib 1.3.1 hb9d3cd8_2"])
    assert [p.name for p in tmp_path.iterdir()] == ["pixi.lock"], "no temp file left behind"


def test_identical_content_leaves_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "pixi.lock"
    write_lock(path, _lock([]))
    past = 1_000_000_000
    os.utime(path, ns=(past * 10**9, past * 10**9))
    inode = path.stat().st_ino
    assert write_lock(path, read_lock(path)) is False
    assert path.stat().st_mtime_ns == past * 10**9
    assert path.stat().st_ino == inode


def test_changed_content_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "pixi.lock"
    write_lock(path, _lock([]))
    assert write_lock(path, _lock(["libzlib >=1.3"])) is True
    assert "libzlib >=1.3" in path.read_text()


def test_failed_replace_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pixi.lock"
    write_lock(path, _lock([]))
    before = path.read_bytes()

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_lock(path, _lock(["libzlib >=1.3"]))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["pixi.lock"], "temp file cleaned up"


def test_dumps_is_deterministic_regardless_of_input_order() -> None:
    lock = _lock([])
    other = CondaPackage(location=URL.replace("zlib-1.3.1-hb9d3cd8_2", "abc-1.0-h0_0"),
                         name="abc", version="1.0", build="h0_0", subdir="linux-64",
                         channel="https://conda.anaconda.org/conda-forge/",
                         file_name="abc-1.0-h0_0.conda")
    lock.conda_packages[other.location] = other
    lock.environments["default"].packages["linux-64"].append(PackageRef("conda", other.location))
    text = dumps_lock(lock)
    lock.environments["default"].packages["linux-64"].reverse()
    lock.conda_packages = dict(reversed(list(lock.conda_packages.items())))
    assert dumps_lock(lock) == text
    assert text.index("abc-1.0") < text.index("zlib-1.3.1")
