"""v5 and v6 locks: read into the model, and written as v7 exactly as rattler upgrades them."""

from __future__ import annotations

from pathlib import Path

import rattler

from pyxi.lockfile.read import parse_lock
from pyxi.lockfile.write import dumps_lock

V5 = """\
version: 5
environments:
  default:
    channels:
      - url: https://conda.anaconda.org/conda-forge/
    indexes:
      - https://pypi.org/simple
    find-links:
      - path: ./links
    packages:
      osx-arm64:
        - conda: https://conda.anaconda.org/conda-forge/osx-arm64/bzip2-1.0.8-h93a5062_5.conda
        - conda: https://conda.anaconda.org/conda-forge/noarch/tzdata-2024a-h0c530f3_0.conda
        - pypi: ./links/requests-2.31.0-py3-none-any.whl
        - pypi: ./src/mypkg
packages:
  - kind: conda
    name: bzip2
    version: 1.0.8
    build: h93a5062_5
    build_number: 5
    subdir: osx-arm64
    url: https://conda.anaconda.org/conda-forge/osx-arm64/bzip2-1.0.8-h93a5062_5.conda
    sha256: bfa84296a638bea78a8bb29abc493ee95f2a0218775642474a840411b950fe5f
    md5: 1bbc659ca658bfd49a481b5ef7a0f40f
    license: bzip2-1.0.6
    license_family: BSD
    arch: arm64
    platform: osx
    size: 122325
    timestamp: 1699280294368
  - kind: conda
    name: tzdata
    version: 2024a
    build: h0c530f3_0
    subdir: noarch
    noarch: generic
    url: https://conda.anaconda.org/conda-forge/noarch/tzdata-2024a-h0c530f3_0.conda
    sha256: 7b2b69c54ec62a243eb6fba2391b5e443421608c3ae5dbff938ad33ca8db5122
    md5: 161081fc7cec0bfda0d86d7cb595f8d8
    license: LicenseRef-Public-Domain
    purls: []
    size: 119815
    timestamp: 1706886945727
  - kind: pypi
    name: Requests
    version: 2.31.0
    path: ./links/requests-2.31.0-py3-none-any.whl
    sha256: 58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f
    requires_dist:
      - certifi>=2017.4.17
    requires_python: ">=3.7"
  - kind: pypi
    name: mypkg
    version: 0.1.0
    path: ./src/mypkg
    editable: true
"""

V6 = """\
version: 6
environments:
  default:
    channels:
    - url: https://conda.anaconda.org/conda-forge/
      used_env_vars: [TOKEN_B, TOKEN_A]
    options:
      strategy: lowest-version
      channel-priority: strict
      exclude-newer: "2025-04-15T12:15:00+00:00"
    packages:
      linux-64:
      - conda: https://conda.anaconda.org/conda-forge/linux-64/_openmp_mutex-4.5-2_gnu.tar.bz2
      - conda: https://conda.anaconda.org/conda-forge/noarch/pip-24.0-pyhd8ed1ab_0.conda
packages:
- conda: https://conda.anaconda.org/conda-forge/linux-64/_openmp_mutex-4.5-2_gnu.tar.bz2
  build_number: 16
  sha256: fbe2c5e56a653bebb982eda4876a9178aedfc2b545f25d0ce9c4c0b508253d22
  md5: 73aaf86a425cc6e73fcf236a5a46396d
  depends:
  - libgomp >=7.5.0
  arch: x86_64
  platform: linux
  timestamp: 1650670423
- conda: https://conda.anaconda.org/conda-forge/noarch/pip-24.0-pyhd8ed1ab_0.conda
  sha256: b7c1c5d8f13e8cb491c4bd1d0d1896a4cf80fc47de01059ad77509112b664a4a
  depends:
  - python >=3.7
  purls:
  - pkg:pypi/pip
  license: MIT
"""


def _rattler_upgrade(text: str, tmp_path: Path) -> str:
    source, upgraded = tmp_path / "old.lock", tmp_path / "new.lock"
    source.write_text(text, encoding="utf-8")
    rattler.LockFile.from_path(source).to_path(upgraded)
    return upgraded.read_text(encoding="utf-8")


def test_v5_model(tmp_path: Path) -> None:
    lock = parse_lock(V5, tmp_path / "pixi.lock")
    assert [p.name for p in lock.platforms] == ["osx-arm64"]
    env = lock.environments["default"]
    assert env.indexes == ["https://pypi.org/simple"]
    assert env.find_links == [{"path": "./links"}]
    wheel = lock.pypi_packages["./links/requests-2.31.0-py3-none-any.whl"]
    assert wheel.name == "requests" and wheel.version == "2.31.0"
    assert wheel.requires_python == ">=3.7" and wheel.requires_dist == ["certifi>=2017.4.17"]
    source = lock.pypi_packages["./src/mypkg"]
    assert source.version is None and source.editable
    bzip2 = lock.conda_packages[
        "https://conda.anaconda.org/conda-forge/osx-arm64/bzip2-1.0.8-h93a5062_5.conda"]
    assert bzip2.extra == {} and bzip2.purls is None
    tzdata = next(p for p in lock.conda_packages.values() if p.name == "tzdata")
    assert tzdata.noarch == "generic" and tzdata.purls == []


def test_v5_upgrade_matches_rattler(tmp_path: Path) -> None:
    ours = dumps_lock(parse_lock(V5, tmp_path / "pixi.lock"))
    assert ours == _rattler_upgrade(V5, tmp_path)
    assert "editable" not in ours and "kind:" not in ours and "arch:" not in ours


def test_v6_model(tmp_path: Path) -> None:
    lock = parse_lock(V6, tmp_path / "pixi.lock")
    env = lock.environments["default"]
    assert env.options == {"strategy": "lowest-version"}
    assert env.indexes is None
    mutex = next(p for p in lock.conda_packages.values() if p.name == "_openmp_mutex")
    assert (mutex.version, mutex.build, mutex.build_number) == ("4.5", "2_gnu", 16)
    assert mutex.timestamp == 1650670423000, "seconds are read as milliseconds"
    pip = next(p for p in lock.conda_packages.values() if p.name == "pip")
    assert pip.noarch == "python" and pip.subdir == "noarch" and pip.build_number == 0


def test_v6_upgrade_matches_rattler(tmp_path: Path) -> None:
    assert dumps_lock(parse_lock(V6, tmp_path / "pixi.lock")) == _rattler_upgrade(V6, tmp_path)
