"""Real manifests and locks from public repositories (tests/data/real-world, SOURCES.tsv):
every manifest parses into the environments, features and platforms its TOML declares, or is
refused for one named unsupported key; every lock reads, and lists its packages."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomli

from pyxi.diagnostics import LockFileError, PyxiError
from pyxi.lock.read import read_lock
from pyxi.manifest.parse import load_manifest

CORPUS = Path(__file__).resolve().parents[1] / "data" / "real-world"
UNSUPPORTED = "not supported by pyxi yet: `"
FOLDERS = sorted(p for p in CORPUS.iterdir() if p.is_dir())
LOCKS = [p for p in FOLDERS if (p / "pixi.lock").exists()]


def _manifest(folder: Path) -> Path:
    return folder / "pixi.toml" if (folder / "pixi.toml").exists() else folder / "pyproject.toml"


def _pixi_tables(path: Path) -> dict[str, Any]:
    data = tomli.loads(path.read_text(encoding="utf-8"))
    return data["tool"]["pixi"] if path.name == "pyproject.toml" else data


def _declared(path: Path) -> tuple[set[str], set[str], list[tuple[str | None, str]]]:
    """Environments, features, and (declared name or None, subdir) per platform."""
    raw = _pixi_tables(path)
    workspace = raw.get("workspace", raw.get("project", {}))
    platforms = [(p, p) if isinstance(p, str) else (p.get("name"), p["platform"])
                 for p in workspace.get("platforms", [])]
    envs = set(raw.get("environments", {})) | {"default"}
    features = set(raw.get("feature", {})) | {"default"}
    return envs, features, platforms


def test_corpus_size_and_sources() -> None:
    rows = list(csv.DictReader((CORPUS / "SOURCES.tsv").open(), delimiter="\t"))
    assert {row["folder"] for row in rows} == {p.name for p in FOLDERS}
    assert all(row["commit"] and row["license"] and row["repository"] for row in rows)
    assert len(FOLDERS) >= 30 and len(LOCKS) >= 5


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_manifest_parses_or_names_unsupported_key(folder: Path) -> None:
    path = _manifest(folder)
    try:
        manifest = load_manifest(path)
    except PyxiError as error:
        assert str(error).startswith(UNSUPPORTED), str(error)
        return
    envs, features, platforms = _declared(path)
    assert set(manifest.environments) == envs
    assert features <= set(manifest.features)  # pyproject groups add features
    parsed = manifest.workspace.platforms
    assert [p.subdir for p in parsed] == [subdir for _, subdir in platforms]
    assert all(name in (None, p.name) for p, (name, _) in zip(parsed, platforms))


def test_unsupported_keys_are_counted(capsys: pytest.CaptureFixture[str]) -> None:
    counts: Counter[str] = Counter()
    for folder in FOLDERS:
        try:
            load_manifest(_manifest(folder))
        except PyxiError as error:
            counts[str(error).removeprefix(UNSUPPORTED).split("`")[0]] += 1
    with capsys.disabled():
        print("\nunsupported keys across the real-world corpus:", dict(counts.most_common()))
    parsed = len(FOLDERS) - sum(counts.values())
    assert parsed >= 30


@pytest.mark.parametrize("folder", LOCKS, ids=lambda p: p.name)
def test_lock_reads_and_lists(folder: Path) -> None:
    try:
        lock = read_lock(folder / "pixi.lock")
    except LockFileError as error:
        assert "cannot read" in str(error) and "pyxi lock" in (error.help or "")
        return
    assert lock.environments
    for name, env in lock.environments.items():
        for platform in env.packages:
            packages = lock.packages_for(name, platform)
            assert len(packages) == len([r for r in env.packages[platform]
                                         if r.kind != "conda_source"])
            for package in packages:
                assert package.name and package.location


@pytest.mark.parametrize("folder", LOCKS, ids=lambda p: p.name)
def test_pixi_written_lock_is_fresh_for_pyxi(folder: Path) -> None:
    """Real repositories commit locks that pixi considers up to date; so must pyxi."""
    from pyxi.lock.fresh import check_lock
    from pyxi.workspace.environment import build_workspace

    try:
        workspace = build_workspace(load_manifest(_manifest(folder)))
        lock = read_lock(folder / "pixi.lock")
    except PyxiError as error:
        assert UNSUPPORTED in str(error) or "cannot read" in str(error), str(error)
        return
    freshness = check_lock(workspace, lock)
    assert freshness.is_fresh, freshness.summary()
