"""Real manifests and locks from public repositories (tests/data/real-world, SOURCES.tsv lists
repository, path, commit and licence of each): pyxi must understand them as pixi does.

A manifest is *understood* when it parses into the environments, features and platforms its
TOML declares and pyxi knows what every key means. Keys that only pixi-build reads (a
`[package]`, source dependencies, `dev`, build variants) do not count against it: the
environments that need a build are refused where they are needed, with the key, its line and
the environment (the tests below check that too), and every other environment works.

What pyxi does not understand yet is listed in NOT_UNDERSTOOD, folder by folder, with the first
key it records: those cases are strict expected failures, so supporting the key turns the case
into an XPASS(strict) failure until its line here is deleted (support shows as progress).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomli

from pyxi.diagnostics import LockFileError, ManifestError
from pyxi.lockfile.read import read_lock
from pyxi.manifest.parse import load_manifest
from pyxi.manifest.parse_package import load_package_manifest
from pyxi.manifest.unsupported import NOT_SUPPORTED, Unsupported

CORPUS = Path(__file__).resolve().parents[1] / "data" / "real-world"
FOLDERS = sorted(p for p in CORPUS.iterdir() if p.is_dir())
LOCKS = [p for p in FOLDERS if (p / "pixi.lock").exists()]
PERMISSIVE = {"MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "0BSD", "ISC", "CC0-1.0"}
PIXI_BUILD = ("build", "package")

# Folder number → the first key pyxi records as not understood (none left).
NOT_UNDERSTOOD: dict[str, str] = {}
# Folder number → why pyxi cannot read its lock.
UNREADABLE_LOCKS = {"081": "format version 1"}
# Folder number → what stops pyxi from solving an environment there, besides pixi-build:
# per-package conda `[exclude-newer]` (py-rattler 0.28 takes one cutoff for the whole solve).
NOT_SOLVABLE = {"061": "`exclude-newer.pixi-build-rust`", "105": "`exclude-newer.pixi-build-rust`"}


class Refused(Exception):
    """pyxi did not understand the case, for the reason listed above (a known gap)."""


def _number(folder: Path) -> str:
    return folder.name.split("__")[0]


def _cases(folders: list[Path], *gaps: dict[str, str]) -> list[Any]:
    cases = []
    for folder in folders:
        why = next((gap[_number(folder)] for gap in gaps if _number(folder) in gap), None)
        marks = [pytest.mark.xfail(raises=Refused, strict=True, reason=why)] if why else []
        cases.append(pytest.param(folder, marks=marks, id=folder.name))
    return cases


def _manifest(folder: Path) -> Path:
    return folder / "pixi.toml" if (folder / "pixi.toml").exists() else folder / "pyproject.toml"


def _pixi_tables(path: Path) -> dict[str, Any]:
    data = tomli.loads(path.read_text(encoding="utf-8"))
    return data["tool"]["pixi"] if path.name == "pyproject.toml" else data


def _is_package_only(path: Path) -> bool:
    """A pixi-build member manifest: a `[package]` and no workspace (pixi finds the workspace
    above it)."""
    tables = _pixi_tables(path)
    return "package" in tables and "workspace" not in tables and "project" not in tables


def _unknown(parts: list[Unsupported]) -> list[Unsupported]:
    return [part for part in parts if part.stage == "unknown"]


def _understood(folder: Path) -> None:
    """Raise `Refused` (listed gap) or fail the test unless pyxi understands the manifest."""
    path = _manifest(folder)
    if _is_package_only(path):
        assert load_package_manifest(path) is not None
        return
    manifest = load_manifest(path)
    raw = _pixi_tables(path)
    workspace = raw.get("workspace", raw.get("project", {}))
    assert set(manifest.environments) == set(raw.get("environments", {})) | {"default"}
    assert set(raw.get("feature", {})) | {"default"} <= set(manifest.features)
    declared = [(p, p) if isinstance(p, str) else (p.get("name"), p["platform"])
                for p in workspace.get("platforms", [])]
    assert [p.subdir for p in manifest.workspace.platforms] == [subdir for _, subdir in declared]
    assert all(name in (None, p.name) for p, (name, _) in zip(manifest.workspace.platforms, declared))
    unknown = _unknown(manifest.unsupported)
    if unknown and unknown[0].key == NOT_UNDERSTOOD.get(_number(folder)):
        raise Refused(unknown[0].key)
    assert not unknown, [part.key for part in unknown]


def test_corpus_size_sources_and_licences() -> None:
    rows = list(csv.DictReader((CORPUS / "SOURCES.tsv").open(), delimiter="\t"))
    assert {row["folder"] for row in rows} == {p.name for p in FOLDERS}
    assert all(row["commit"] and row["repository"] and row["path"] for row in rows)
    assert {row["license"] for row in rows} <= PERMISSIVE
    assert len(FOLDERS) >= 120 and len({row["repository"] for row in rows}) >= 80
    assert set(NOT_UNDERSTOOD) | set(UNREADABLE_LOCKS) <= {_number(p) for p in FOLDERS}


@pytest.mark.parametrize("folder", _cases(FOLDERS, NOT_UNDERSTOOD))
def test_manifest_is_understood(folder: Path) -> None:
    _understood(folder)


def test_at_least_95_percent_are_understood(capsys: pytest.CaptureFixture[str]) -> None:
    """The share, and what is still refused (by key, with counts), printed for the record."""
    understood, refused, pixi_build = 0, Counter[str](), Counter[str]()
    for folder in FOLDERS:
        path = _manifest(folder)
        if _is_package_only(path):
            understood += 1
            pixi_build["package"] += 1
            continue
        manifest = load_manifest(path)
        unknown = _unknown(manifest.unsupported)
        understood += not unknown
        refused.update({_generic(part.path) for part in unknown})
        pixi_build.update({_generic(p.path) for p in manifest.unsupported if p.stage in PIXI_BUILD})
        pixi_build.update(["package"] if manifest.package else [])
        sources = [dep for feature in manifest.features.values()
                   for dep in feature.default.dependencies.values()
                   if dep.source is not None and not dep.source.is_archive]
        pixi_build.update({"dependencies.*.(path|git|url)"} if sources else set())
    share = understood / len(FOLDERS)
    with capsys.disabled():
        print(f"\nreal-world corpus: {understood}/{len(FOLDERS)} understood ({share:.1%}); "
              f"not understood (manifests per key): {dict(refused.most_common())}; "
              f"pixi-build only (manifests per key): {dict(pixi_build.most_common())}")
    assert share >= 0.95
    assert len(FOLDERS) - understood == len(NOT_UNDERSTOOD)


def _generic(path: tuple[str, ...]) -> str:
    """`feature.x.dependencies.pkg.when` → `feature.*.dependencies.*.when` (counts by key)."""
    named = {"feature", "environments", "target", "dependencies", "exclude-newer"}
    parts = list(path)
    for i in range(len(parts) - 1):
        if parts[i] in named:
            parts[i + 1] = "*"
    return ".".join(p for p in parts if not p.isdigit())


@pytest.mark.parametrize("folder", _cases([f for f in FOLDERS if not _is_package_only(_manifest(f))
                                           and _number(f) not in NOT_UNDERSTOOD], NOT_SOLVABLE))
def test_only_environments_that_need_a_build_are_refused(folder: Path) -> None:
    """Every environment is solvable, or refused with a located pixi-build key."""
    from pyxi.workspace.environment import build_workspace
    from pyxi.workspace.unsupported import check_solvable

    try:
        environments = build_workspace(load_manifest(_manifest(folder))).environments.values()
    except ManifestError as error:
        _refused_if_listed(folder, error)
        raise
    for env in environments:
        try:
            check_solvable(env.name, env.unsupported)
        except ManifestError as error:
            _refused_if_listed(folder, error)
            part = next(p for p in env.unsupported if p.stage in ("build", "unknown", "solve"))
            assert part.stage in PIXI_BUILD
            assert error.message.startswith(f"{NOT_SUPPORTED}: `{part.key}`, needed by "
                                            f"environment `{env.name}`")
            assert error.location is not None and error.location.line is not None


def _refused_if_listed(folder: Path, error: ManifestError) -> None:
    why = NOT_SOLVABLE.get(_number(folder))
    if why is not None and why in error.message:
        raise Refused(error.message) from None


@pytest.mark.parametrize("folder", _cases(LOCKS, UNREADABLE_LOCKS))
def test_lock_reads_and_lists(folder: Path) -> None:
    lock = _read(folder / "pixi.lock")
    assert lock.environments
    for name, env in lock.environments.items():
        for platform, refs in env.packages.items():
            packages = lock.packages_for(name, platform)
            sources = [r for r in refs if r.kind == "conda_source"]
            assert len(packages) + len(sources) == len(refs)
            assert all(package.name and package.location for package in packages)


def _read(path: Path) -> Any:
    try:
        return read_lock(path)
    except LockFileError as error:
        why = UNREADABLE_LOCKS.get(_number(path.parent))
        if why is not None and why in str(error) and "cannot read" in str(error):
            raise Refused(str(error)) from None
        raise


@pytest.mark.parametrize("folder", _cases(LOCKS, NOT_UNDERSTOOD, UNREADABLE_LOCKS))
def test_pixi_written_lock_is_fresh_for_pyxi(folder: Path) -> None:
    """Real repositories commit locks that pixi considers up to date; so must pyxi."""
    from pyxi.freshness.fresh import check_lock
    from pyxi.workspace.environment import build_workspace

    workspace = build_workspace(load_manifest(_manifest(folder)))
    freshness = check_lock(workspace, _read(folder / "pixi.lock"))
    for part in freshness.unverifiable.values():
        if part.key == NOT_UNDERSTOOD.get(_number(folder)):
            raise Refused(part.key)
    assert not freshness.unverifiable
    assert freshness.is_fresh, freshness.summary()


PACKAGE_LOCKS = [f for f in LOCKS if "package" in _pixi_tables(_manifest(f))]


def test_list_frozen_lists_every_environment_of_a_lock_with_a_package(tmp_path: Path) -> None:
    """`pyxi list --frozen` on real pixi-build workspaces: every environment and platform of
    the lock, the source package included (it is not built, only listed)."""
    import json
    import shutil

    from pyxi.testing.cli import isolated_env, run_pyxi

    assert len(PACKAGE_LOCKS) >= 4
    for folder in PACKAGE_LOCKS:
        work = tmp_path / folder.name
        shutil.copytree(folder, work)
        lock = read_lock(work / "pixi.lock")
        for env_name, env in lock.environments.items():
            platform = min(env.packages)
            out = run_pyxi(["list", "--frozen", "--json", "-e", env_name, "-p", platform], work,
                           isolated_env(tmp_path / "cache"))
            rows = json.loads(out.stdout)
            assert len(rows) == len(env.packages[platform])
            sources = [r for r in env.packages[platform] if r.kind == "conda_source"]
            assert {row["url"] for row in rows} >= {lock.conda_source_packages[r.location].source_location
                                                   for r in sources}
