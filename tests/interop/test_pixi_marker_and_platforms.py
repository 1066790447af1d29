"""pixi's `conda-meta/pixi` marker, and finding a manifest platform under pixi's lock aliases."""

from __future__ import annotations

import json
from pathlib import Path

from pyxi.env.pixi_marker import PYXI_HASH_PREFIX, read_pixi_marker, write_pixi_marker
from pyxi.freshness.fresh import lock_platform_name
from pyxi.lockfile.read import read_lock
from pyxi.manifest.parse import load_manifest
from pyxi.workspace.environment import build_workspace

DATA = Path(__file__).resolve().parents[1] / "data"


def test_reads_the_marker_pixi_writes(tmp_path: Path) -> None:
    meta = tmp_path / "conda-meta"
    meta.mkdir()
    (meta / "pixi").write_text(json.dumps({
        "manifest_path": str(tmp_path / "pixi.toml"), "environment_name": "default",
        "pixi_version": "0.77.0", "environment_lock_file_hash": "deadbeef",
        "resolved_platform": {"name": "linux-64", "subdir": "linux-64"},
    }))
    marker = read_pixi_marker(tmp_path)
    assert marker is not None
    assert not marker.environment_lock_file_hash.startswith(PYXI_HASH_PREFIX)
    assert (marker.manifest_path, marker.environment_name) == (str(tmp_path / "pixi.toml"), "default")
    assert marker.resolved_platform == {"name": "linux-64", "subdir": "linux-64"}


def test_pyxi_marker_round_trips_and_is_never_pixis_hash(tmp_path: Path) -> None:
    write_pixi_marker(tmp_path, tmp_path / "pixi.toml", "gpu", "abc")
    marker = read_pixi_marker(tmp_path)
    assert marker is not None and marker.environment_lock_file_hash == "pyxi:abc"
    assert set(json.loads((tmp_path / "conda-meta" / "pixi").read_text())) == {
        "manifest_path", "environment_name", "pixi_version", "environment_lock_file_hash"}


def test_unreadable_marker_is_none(tmp_path: Path) -> None:
    (tmp_path / "conda-meta").mkdir()
    (tmp_path / "conda-meta" / "pixi").write_text("{")
    assert read_pixi_marker(tmp_path) is None


def test_system_requirements_platform_found_under_pixis_alias() -> None:
    case = DATA / "fresh" / "sysreq-platform-restriction-composition"
    workspace = build_workspace(load_manifest(case / "pixi.toml"))
    lock = read_lock(case / "pixi.lock")
    env = workspace.environments["default"]
    assert lock_platform_name(env, env.platforms[0], lock) == "p1"
    assert lock.packages_for("default", "p1")
