"""A re-lock keeps what it does not re-solve exactly as pixi wrote it: pixi-build source
packages (with the build and host packages they refer to) of a fresh environment, and whole
environments pyxi cannot solve (sync/lock_carry.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pyxi.lockfile.read import read_lock
from pyxi.lockfile.write import dumps_lock
from pyxi.manifest.parse import load_manifest
from pyxi.sync.lock_update import assemble_lock, plan_solves
from pyxi.workspace.environment import build_workspace

REAL_WORLD = Path(__file__).resolve().parents[2] / "data" / "real-world"
PIXI_BUILD = REAL_WORLD / "029__prefix-dev__pixi__examples__pixi-build__array-api-extra"


def test_a_relock_keeps_source_packages_and_environments_it_cannot_solve(tmp_path: Path) -> None:
    shutil.copytree(PIXI_BUILD, tmp_path / "ws")
    manifest = tmp_path / "ws" / "pixi.toml"
    # One more environment pyxi can solve, next to the pixi-build ones it cannot.
    manifest.write_text(manifest.read_text() + '\n[feature.extra.dependencies]\npython = "*"\n'
                        '[environments]\nextra = { features = ["extra"], no-default-feature = true }\n')
    workspace = build_workspace(load_manifest(manifest))
    old = read_lock(tmp_path / "ws" / "pixi.lock")
    assert old.conda_source_packages

    # Only `extra` is outdated: the pixi-build environments are kept as the old lock has them.
    plans = plan_solves(workspace, {("extra", p.name) for p in workspace.environment("extra").platforms})
    assert {env.name for plan in plans for env in plan.members} == {"extra"}

    new = assemble_lock(workspace, old, fresh={})
    for name, env in old.environments.items():
        assert new.environments[name] == env
    kept = dumps_lock(new)
    assert all(f"- conda_source: {location}" in kept for location in old.conda_source_packages)
    new.environments.pop("extra")
    assert dumps_lock(new) == (tmp_path / "ws" / "pixi.lock").read_text()
