"""A lock pyxi writes for the guide's manifests 04 (conda, two environments) and 08 (PyPI
environments) reads in rattler with the same environments, platforms, packages and PyPI
fields pyxi wrote, re-serializes byte for byte, and is up to date for pyxi itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import rattler
from packaging.requirements import Requirement

from pyxi.freshness.fresh import check_lock
from pyxi.lockfile.model import CondaPackage, PypiPackage
from pyxi.lockfile.read import read_lock
from pyxi.lockfile.write import dumps_lock
from pyxi.manifest.parse import load_manifest
from pyxi.workspace.environment import build_workspace


def _url(location: str) -> str:
    return Path(location).as_uri() if location.startswith("/") else location


def _dist(requires: list[str]) -> tuple[str, ...]:
    return tuple(str(Requirement(r)) for r in requires)


def _ours(lock) -> dict:  # type: ignore[no-untyped-def]
    result = {}
    for env_name, env in lock.environments.items():
        for platform in env.packages:
            rows = []
            for package in lock.packages_for(env_name, platform):
                if isinstance(package, CondaPackage):
                    rows.append(("conda", _url(package.location), package.name, package.version,
                                 package.build, package.sha256))
                else:
                    assert isinstance(package, PypiPackage)
                    rows.append(("pypi", _url(package.location), package.name, package.version,
                                 _dist(package.requires_dist), package.requires_python,
                                 package.sha256))
            result[(env_name, platform)] = sorted(rows, key=str)
    return result


def _rattlers(lock: rattler.LockFile) -> dict:
    result = {}
    for env_name, env in lock.environments():
        for platform in env.platforms():
            rows = []
            for record in env.conda_repodata_records_for_platform(platform) or []:
                rows.append(("conda", record.url, record.name.normalized, str(record.version),
                             str(record.build), record.sha256.hex() if record.sha256 else None))
            for package in env.pypi_packages_for_platform(platform) or []:
                hashes = package.hashes
                rows.append(("pypi", _url(package.location), package.name, package.version,
                             _dist(package.requires_dist), package.requires_python,
                             hashes.sha256.hex() if hashes and hashes.sha256 else None))
            result[(env_name, platform.name)] = sorted(rows, key=str)
    return result


@pytest.mark.parametrize(("manifest", "pypi"), [
    ("04-conda-forge-cpu-gpu-envs.pixi.toml", False),
    ("08-pypi-envs.pixi.toml", True),
])
def test_rattler_reads_what_pyxi_wrote(make_workspace, manifest: str, pypi: bool) -> None:
    ws = make_workspace(manifest, pypi=pypi)
    ws.pyxi("lock")
    ours = read_lock(ws.lock)
    theirs = rattler.LockFile.from_path(ws.lock)
    assert sorted(name for name, _ in theirs.environments()) == sorted(ours.environments)
    assert [(p.name, str(p.subdir), p.virtual_packages) for p in theirs.platforms()] == [
        (p.name, p.conda_subdir, p.virtual_packages) for p in ours.platforms]
    assert _rattlers(theirs) == _ours(ours)
    assert dumps_lock(ours) == ws.lock.read_text(encoding="utf-8")
    workspace = build_workspace(load_manifest(ws.root / "pixi.toml"))
    freshness = check_lock(workspace, ours)
    assert freshness.is_fresh, freshness.summary()
