"""A lock that lists one package twice for an environment (hand-merged, or a bad merge of two
branches) is refused before anything is linked: `--frozen` would install two pythons into one
prefix. Without `--frozen` it is stale and solved again."""

from __future__ import annotations

from pyxi.lockfile.model import PackageRef
from pyxi.lockfile.read import read_lock
from pyxi.lockfile.write import write_lock

from .conftest import Workspace, manifest


def _lock_with_both_bigs(ws: Workspace, channel) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    ws.write(manifest([channel.url], {"big": "==2.0"}))
    ws.pyxi("lock")
    newer = read_lock(ws.lock)
    ws.write(manifest([channel.url], {"big": "==1.0"}))
    ws.pyxi("lock")
    lock = read_lock(ws.lock)
    (old_location,) = lock.conda_packages
    (new_location,) = newer.conda_packages
    lock.conda_packages[new_location] = newer.conda_packages[new_location]
    lock.environments["default"].packages["linux-64"].append(PackageRef("conda", new_location))
    write_lock(ws.lock, lock)
    return old_location, new_location


def test_frozen_install_refuses_a_duplicate_record(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    first, second = _lock_with_both_bigs(ws, channel)
    result = ws.pyxi("install", "--frozen", expect=1)
    err = result.stderr
    assert err.startswith("error: pixi.lock locks the conda package `big` twice for environment "
                          "`default` on linux-64"), err
    assert first in err and second in err and "help:" in err
    assert not (ws.prefix / "share" / "big").exists(), "nothing was linked"
    assert not ws.stamp.exists()
    assert ws.pyxi("run", "--frozen", "true", expect=1).stderr == err


def test_locked_names_the_duplicate_and_install_solves_again(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    _lock_with_both_bigs(ws, channel)
    locked = ws.pyxi("install", "--locked", expect=1)
    assert "'big' more than once" in locked.stderr, str(locked)
    ws.pyxi("install")
    assert ws.lock.read_text().count("big-") == 2  # one entry in the environment, one package
    records = sorted(p.name for p in (ws.prefix / "conda-meta").glob("big-*.json"))
    assert records == ["big-1.0-0.json"]
