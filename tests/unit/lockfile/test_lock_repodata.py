"""conda_package_from_repodata: rattler's record JSON → lock entry, written as pixi writes it."""

from __future__ import annotations

import json
from pathlib import Path

import rattler

from pyxi.lockfile.model import LockChannel, LockedPlatform, LockEnvironment, LockFile, PackageRef
from pyxi.lockfile.read import parse_lock, read_lock
from pyxi.lockfile.write import conda_package_from_repodata, dumps_lock
from pyxi.lockfile.write_packages import conda_entry

# Two real conda-forge records per subdir, cut from the lock-derived sample (tests/data/repodata).
REPODATA = Path(__file__).resolve().parents[2] / "data" / "repodata" / "conda-forge-lockderived"
CHANNEL = "https://conda.anaconda.org/conda-forge/"


def _record(subdir: str, file_name: str) -> dict:
    path = REPODATA / subdir / "repodata.json"
    raw = json.loads(path.read_text())
    entry = raw.get("packages.conda", {}).get(file_name) or raw.get("packages", {})[file_name]
    sparse = rattler.SparseRepoData(rattler.Channel(CHANNEL), subdir, path)
    records = sparse.load_records(rattler.PackageName(entry["name"]))
    record = next(r for r in records if r.file_name == file_name)
    return json.loads(record.to_json())


def test_binary_record_matches_pixi_entry(v7_interop: Path) -> None:
    data = _record("linux-64", "_openmp_mutex-4.5-20_gnu.conda")
    package = conda_package_from_repodata(data)
    assert package.location == data["url"]
    assert package.channel == CHANNEL and package.file_name == data["fn"]
    assert package.run_exports == {"strong": ["_openmp_mutex >=4.5"]}
    pixi = read_lock(v7_interop).conda_packages[data["url"]]
    package.purls = pixi.purls  # repodata carries no PyPI mapping
    assert conda_entry(package) == conda_entry(pixi)
    assert conda_entry(package)["build_number"] == 20


def test_noarch_record_and_string_track_features() -> None:
    data = _record("noarch", "fonttools-4.61.1-pyh7db6752_0.conda")
    package = conda_package_from_repodata(data)
    assert package.noarch == "python" and package.subdir == "noarch"
    assert package.track_features == ["fonttools_no_compile"]
    assert package.purls == ["pkg:pypi/fonttools?source=hash-mapping"]
    entry = conda_entry(package)
    assert "noarch" not in entry and "subdir" not in entry and "name" not in entry
    assert entry["track_features"] == ["fonttools_no_compile"]


def test_synthetic_record_fields() -> None:
    data = {
        "name": "libblas", "version": "3.11.0", "build": "1_h5875eb1_mkl", "build_number": 1,
        "subdir": "linux-64", "depends": ["mkl >=2025"], "constrains": ["blas 2.301 mkl"],
        "sha256": "AB" * 32, "md5": "cd" * 16, "size": 18906, "timestamp": 1763447015,
        "license": "BSD-3-Clause", "track_features": "blas_mkl blas_mkl_2", "purls": [],
        "legacy_bz2_md5": "ef" * 16, "fn": "libblas-3.11.0-1_h5875eb1_mkl.conda",
        "url": CHANNEL + "linux-64/libblas-3.11.0-1_h5875eb1_mkl.conda", "channel": CHANNEL,
        "arch": "x86_64", "platform": "linux",
    }
    package = conda_package_from_repodata(data)
    assert package.sha256 == "ab" * 32
    assert package.timestamp == 1763447015000, "seconds become milliseconds"
    assert package.track_features == ["blas_mkl", "blas_mkl_2"]
    assert package.extra == {"legacy_bz2_md5": "ef" * 16}
    lock = LockFile(platforms=[LockedPlatform("linux-64")])
    lock.environments["default"] = LockEnvironment(
        channels=[LockChannel(CHANNEL)], packages={"linux-64": [PackageRef("conda", data["url"])]})
    lock.conda_packages[data["url"]] = package
    text = dumps_lock(lock)
    assert "  legacy_bz2_md5: " in text and "  purls: []\n" in text
    assert text.index("legacy_bz2_md5") < text.index("depends:")
    assert parse_lock(text, Path("pixi.lock")) == lock
