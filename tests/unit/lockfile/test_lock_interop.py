"""Real pixi-written locks: the v7 one must survive a round trip byte for byte, the v4 one
must turn into the v7 file rattler itself would write."""

from __future__ import annotations

import json
from pathlib import Path

import rattler

from pyxi.lockfile.model import LOCK_VERSION, PackageRef
from pyxi.lockfile.read import read_lock
from pyxi.lockfile.write import dumps_lock, write_lock


def _locations(lock_file: rattler.LockFile) -> dict[tuple[str, str], list[str]]:
    return {
        (name, platform.name): sorted(p.location for p in env.packages(platform) or [])
        for name, env in lock_file.environments()
        for platform in env.platforms()
    }


def _records(lock_file: rattler.LockFile) -> dict[tuple[str, str], list[dict]]:
    return {
        (name, platform.name): sorted(
            (json.loads(r.to_json()) for r in env.conda_repodata_records_for_platform(platform)
             or []),
            key=lambda r: r["url"],
        )
        for name, env in lock_file.environments()
        for platform in env.platforms()
    }


def test_v7_round_trip_is_byte_identical(v7_interop: Path) -> None:
    text = v7_interop.read_text(encoding="utf-8")
    lock = read_lock(v7_interop)
    assert lock.version == LOCK_VERSION
    assert dumps_lock(lock) == text


def test_v7_keeps_source_packages_and_their_build_dependencies(v7_interop: Path) -> None:
    lock = read_lock(v7_interop)
    assert lock.conda_source_packages
    source = next(iter(lock.conda_source_packages.values()))
    assert source.referenced(), "build/host packages are kept"
    for ref in source.referenced():
        assert ref.location in lock.conda_packages
    refs = lock.environments["default"].packages["linux-64"]
    assert refs == sorted(refs, key=PackageRef.sort_key)
    installable = lock.packages_for("default", "linux-64")
    assert all(p.kind == "conda" for p in installable)


def test_v7_fills_in_elided_conda_fields(v7_interop: Path) -> None:
    lock = read_lock(v7_interop)
    url = "https://conda.anaconda.org/conda-forge/linux-64/_openmp_mutex-4.5-20_gnu.conda"
    pkg = lock.conda_packages[url]
    assert (pkg.name, pkg.version, pkg.build, pkg.build_number) == ("_openmp_mutex", "4.5",
                                                                   "20_gnu", 20)
    assert pkg.subdir == "linux-64" and pkg.noarch is None
    assert pkg.channel == "https://conda.anaconda.org/conda-forge/"
    assert pkg.file_name == "_openmp_mutex-4.5-20_gnu.conda"
    noarch = next(p for p in lock.conda_packages.values() if p.subdir == "noarch")
    assert noarch.noarch in ("python", "generic")


def test_v7_rewrite_loads_in_rattler_with_same_content(v7_interop: Path, tmp_path: Path) -> None:
    out = tmp_path / "pixi.lock"
    assert write_lock(out, read_lock(v7_interop))
    original, ours = rattler.LockFile.from_path(v7_interop), rattler.LockFile.from_path(out)
    assert _locations(ours) == _locations(original)


def test_v4_reads_with_subdirs_as_platforms(v4_interop: Path) -> None:
    lock = read_lock(v4_interop)
    assert lock.version == 4
    assert [p.name for p in lock.platforms] == ["linux-64", "osx-64", "osx-arm64", "win-64"]
    assert all(p.subdir is None and not p.virtual_packages for p in lock.platforms)
    assert sorted(lock.environments) == ["default", "py311", "py312"]
    packages = lock.packages_for("py311", "linux-64")
    assert packages and all(p.kind == "conda" for p in packages)
    python = next(p for p in packages if p.name == "python")
    assert python.version.startswith("3.11") and python.sha256 and python.md5


def test_v4_written_as_v7_matches_rattler(v4_interop: Path, tmp_path: Path) -> None:
    out = tmp_path / "pixi.lock"
    write_lock(out, read_lock(v4_interop))
    assert out.read_text().startswith("version: 7\n")
    original, ours = rattler.LockFile.from_path(v4_interop), rattler.LockFile.from_path(out)
    assert sorted(n for n, _ in ours.environments()) == sorted(n for n, _ in
                                                               original.environments())
    assert sorted(p.name for p in ours.platforms()) == sorted(p.name for p in
                                                             original.platforms())
    assert _locations(ours) == _locations(original)
    assert _records(ours) == _records(original)


def test_v4_written_as_v7_is_byte_identical_to_rattlers_upgrade(v4_interop: Path,
                                                                 tmp_path: Path) -> None:
    upgraded = tmp_path / "rattler.lock"
    rattler.LockFile.from_path(v4_interop).to_path(upgraded)
    assert dumps_lock(read_lock(v4_interop)) == upgraded.read_text(encoding="utf-8")
