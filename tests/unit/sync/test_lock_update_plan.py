"""How `pyxi lock` plans its work (sync/lock_update.py), without solving: which solves, for
whom, with what; what a stale pair reaches; what the new lock keeps from the old one."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.freshness.fresh import check_lock
from pyxi.freshness.reasons import Kind
from pyxi.lockfile.model import (
    CondaPackage,
    LockChannel,
    LockedPlatform,
    LockEnvironment,
    LockFile,
    PackageRef,
)
from pyxi.manifest.parse import parse_manifest
from pyxi.sync.lock_update import assemble_lock, plan_solves, reachable_records, solve_request
from pyxi.sync.update import plan_update
from pyxi.workspace.environment import Workspace, build_workspace

MANIFEST = '''
[workspace]
name = "plan"
channels = ["https://example.invalid/base"]
platforms = ["linux-64", "osx-arm64"]

[dependencies]
python = "3.12.*"

[feature.test.dependencies]
pytest = "*"

[feature.gpu]
platforms = ["linux-64"]
channels = ["https://example.invalid/gpu"]
[feature.gpu.dependencies]
cudart = "*"

[feature.docs.dependencies]
sphinx = "*"

[environments]
test = { features = ["test"], solve-group = "main" }
gpu = { features = ["gpu"], solve-group = "main" }
docs = ["docs"]
'''


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return build_workspace(parse_manifest(MANIFEST, tmp_path / "pixi.toml"))


def _plan(workspace: Workspace, *outdated: tuple[str, str]) -> list[tuple[list[str], str]]:
    solves = plan_solves(workspace, set(outdated))
    return [([env.name for env in solve.members], solve.platform.name) for solve in solves]


def test_nothing_outdated_nothing_to_solve(workspace: Workspace) -> None:
    assert _plan(workspace) == []


def test_a_lone_environment_is_solved_alone(workspace: Workspace) -> None:
    assert _plan(workspace, ("docs", "osx-arm64")) == [(["docs"], "osx-arm64")]


def test_a_stale_member_solves_its_whole_group_on_that_platform(workspace: Workspace) -> None:
    assert _plan(workspace, ("test", "linux-64")) == [(["test", "gpu"], "linux-64")]
    assert _plan(workspace, ("test", "linux-64"), ("gpu", "linux-64")) == [
        (["test", "gpu"], "linux-64")], "one solve for the group, however many members changed"


def test_a_member_without_the_platform_stays_out(workspace: Workspace) -> None:
    """`gpu` has only linux-64: the group's osx-arm64 solve is `test` alone."""
    assert _plan(workspace, ("test", "osx-arm64")) == [(["test"], "osx-arm64")]


def test_every_stale_pair_of_a_fresh_workspace(workspace: Workspace) -> None:
    outdated = check_lock(workspace, None).outdated()
    assert {key for key in outdated} == {(e.name, p.name) for e in workspace.environments.values()
                                          for p in e.platforms}
    assert sorted(_plan(workspace, *outdated)) == sorted([
        (["default"], "linux-64"), (["default"], "osx-arm64"), (["test", "gpu"], "linux-64"),
        (["test"], "osx-arm64"), (["docs"], "linux-64"), (["docs"], "osx-arm64"),
    ])


def _conda(name: str, depends: tuple[str, ...] = (), subdir: str = "linux-64",
           version: str = "1.0") -> CondaPackage:
    file_name = f"{name}-{version}-0.conda"
    return CondaPackage(f"https://example.invalid/base/{subdir}/{file_name}", name, version, "0",
                        subdir=subdir, depends=list(depends), purls=[],
                        channel="https://example.invalid/base/", file_name=file_name)


def test_a_group_request_merges_specs_channels_and_hints(workspace: Workspace) -> None:
    (solve,) = plan_solves(workspace, {("gpu", "linux-64")})
    python, cudart = _conda("python"), _conda("cudart")
    old = LockFile(platforms=[LockedPlatform("linux-64")])
    old.conda_packages.update({python.location: python, cudart.location: cudart})
    old.environments["test"] = LockEnvironment(packages={"linux-64": [PackageRef("conda", python.location)]})
    old.environments["gpu"] = LockEnvironment(packages={"linux-64": [
        PackageRef("conda", python.location), PackageRef("conda", cudart.location)]})
    request = solve_request(solve, old)
    assert request.label == "environments `test`, `gpu` on linux-64"
    assert request.subdir == "linux-64"
    assert request.channels == ["https://example.invalid/base/", "https://example.invalid/gpu/"]
    assert request.specs == ["pytest", "python 3.12.*", "cudart"], "each spec once, in order"
    assert request.locked == [python, cudart], "the members' old records, each once, as hints"
    assert solve_request(solve, None).locked == []


def test_an_environment_keeps_only_what_its_requirements_reach(workspace: Workspace) -> None:
    records = [_conda("python", ("libzlib >=1",)), _conda("libzlib"), _conda("pytest", ("python",)),
               _conda("cudart")]
    test = workspace.environments["test"]
    platform = test.platform("linux-64")
    assert platform is not None
    assert [r.name for r in reachable_records(test, platform, records)] == ["python", "libzlib", "pytest"]
    default = workspace.environments["default"]
    assert [r.name for r in reachable_records(default, platform, records)] == ["python", "libzlib"]


def test_the_new_lock_keeps_what_was_fresh(workspace: Workspace) -> None:
    sphinx = _conda("sphinx", subdir="osx-arm64")
    old = LockFile()
    old.conda_packages[sphinx.location] = sphinx
    old.environments["docs"] = LockEnvironment(
        channels=[LockChannel("https://example.invalid/base")],
        packages={"osx-arm64": [PackageRef("conda", sphinx.location)]})
    new_docs = _conda("sphinx")
    lock = assemble_lock(workspace, old, {("docs", "linux-64"): [new_docs]})
    docs = lock.environments["docs"]
    assert docs.packages["osx-arm64"] == [PackageRef("conda", sphinx.location)], "copied as it was"
    assert docs.packages["linux-64"] == [PackageRef("conda", new_docs.location)]
    assert set(lock.conda_packages) == {sphinx.location, new_docs.location}
    assert sorted(lock.environments) == ["default", "docs", "gpu", "test"]
    assert [p.name for p in lock.platforms] == ["linux-64", "osx-arm64"]
    assert docs.indexes is None, "no PyPI dependencies: no indexes"


def test_reasons_are_typed_and_read_as_before(workspace: Workspace) -> None:
    missing = check_lock(workspace, None).reasons
    assert {r.kind for r in missing.values()} == {Kind.NO_LOCK}
    assert str(missing[("docs", "linux-64")]) == "there is no pixi.lock yet"
    empty = check_lock(workspace, LockFile()).reasons
    assert str(empty[("docs", "linux-64")]) == "the environment is not in the lock file"
    assert empty[("docs", "linux-64")].located() == (
        "environment `docs` on linux-64: the environment is not in the lock file")


def test_update_asks_for_the_chosen_pairs(workspace: Workspace) -> None:
    """`pyxi update` re-solves a pair the check found fresh, with a reason of its own."""
    python, sphinx = _conda("python", version="3.12.1"), _conda("sphinx")
    lock = LockFile(platforms=[LockedPlatform("linux-64"), LockedPlatform("osx-arm64")])
    lock.conda_packages.update({python.location: python, sphinx.location: sphinx})
    lock.environments["docs"] = LockEnvironment(
        channels=[LockChannel("https://example.invalid/base")], packages={
            "linux-64": [PackageRef("conda", python.location), PackageRef("conda", sphinx.location)],
            "osx-arm64": []})
    assert ("docs", "linux-64") not in check_lock(workspace, lock).reasons, "fresh as locked"
    freshness, hints = plan_update(workspace, lock, [("docs", "linux-64")], ["sphinx"])
    reason = freshness.reasons[("docs", "linux-64")]
    assert (reason.kind, str(reason)) == (Kind.UPDATE_REQUESTED, "update requested")
    assert freshness.reasons[("docs", "osx-arm64")].kind is Kind.PACKAGES, "stale stays stale"
    assert hints.environments["docs"].packages["linux-64"] == [PackageRef("conda", python.location)]
