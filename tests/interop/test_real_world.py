"""Real manifests and locks from public repositories (tests/data/real-world, SOURCES.tsv):
every manifest parses into the environments, features and platforms its TOML declares; every
lock reads, lists its packages and is up to date for pyxi.

What pyxi refuses today is listed below, folder by folder, with the key it names. Those cases
are strict expected failures: a refusal is not a pass, and the day pyxi supports the key the
case passes, fails as "XPASS(strict)", and its line here is deleted (support shows as progress).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomli

from pyxi.diagnostics import LockFileError, PyxiError
from pyxi.lockfile.read import read_lock
from pyxi.manifest.parse import load_manifest

CORPUS = Path(__file__).resolve().parents[1] / "data" / "real-world"
UNSUPPORTED = "not supported by pyxi yet: `"
FOLDERS = sorted(p for p in CORPUS.iterdir() if p.is_dir())
LOCKS = [p for p in FOLDERS if (p / "pixi.lock").exists()]

# Folder number → the key pyxi refuses in its manifest (pixi-build `package` tables, source
# dependencies by path, …).
REFUSED = {
    "007": "package", "008": "package",
    "009": "package", "010": "package", "011": "package",
    "012": "dependencies.ros-jazzy-my-python-ros-pkg.path", "013": "package", "014": "package",
    "020": "dev", "029": "package", "030": "package", "031": "package", "032": "package",
    "033": "dev", "034": "package", "035": "package", "036": "package",
    "037": "tool.pixi.package", "038": "tool.pixi.package", "039": "package",
    "040": "workspace.dependencies.particle_core.path", "041": "dependencies.root.path", "042": "package",
    "061": "exclude-newer", "063": "package",
    "064": "package", "065": "package", "074": "workspace.s3-options", "084": "package",
    "085": "package", "086": "package", "087": "package", "088": "package",
}
# Folder number → why pyxi cannot read its lock.
UNREADABLE_LOCKS = {"081": "format version 1"}


class Refused(Exception):
    """pyxi refused the input with the message this case expects (a known gap)."""


def _number(folder: Path) -> str:
    return folder.name.split("__")[0]


def _cases(folders: list[Path], *gaps: dict[str, str]) -> list[Any]:
    """`folders` as parameters; those with a known gap are strict expected failures."""
    cases = []
    for folder in folders:
        why = next((gap[_number(folder)] for gap in gaps if _number(folder) in gap), None)
        marks = [pytest.mark.xfail(raises=Refused, strict=True, reason=why)] if why else []
        cases.append(pytest.param(folder, marks=marks, id=folder.name))
    return cases


def _load(path: Path) -> Any:
    """The manifest; a refusal naming the key listed in REFUSED raises `Refused`."""
    try:
        return load_manifest(path)
    except PyxiError as error:
        expected = REFUSED.get(_number(path.parent))
        if expected is not None and str(error) == f"{UNSUPPORTED}{expected}`":
            raise Refused(str(error)) from None
        raise


def _read(path: Path) -> Any:
    """The lock; a read failure listed in UNREADABLE_LOCKS raises `Refused`."""
    try:
        return read_lock(path)
    except LockFileError as error:
        why = UNREADABLE_LOCKS.get(_number(path.parent))
        if why is not None and why in str(error) and "cannot read" in str(error):
            raise Refused(str(error)) from None
        raise


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
    assert set(REFUSED) | set(UNREADABLE_LOCKS) <= {_number(p) for p in FOLDERS}


@pytest.mark.parametrize("folder", _cases(FOLDERS, REFUSED))
def test_manifest_parses(folder: Path) -> None:
    path = _manifest(folder)
    manifest = _load(path)
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
    assert sum(counts.values()) == len(REFUSED)


@pytest.mark.parametrize("folder", _cases(LOCKS, UNREADABLE_LOCKS))
def test_lock_reads_and_lists(folder: Path) -> None:
    lock = _read(folder / "pixi.lock")
    assert lock.environments
    for name, env in lock.environments.items():
        for platform in env.packages:
            packages = lock.packages_for(name, platform)
            assert len(packages) == len([r for r in env.packages[platform]
                                         if r.kind != "conda_source"])
            for package in packages:
                assert package.name and package.location


@pytest.mark.parametrize("folder", _cases(LOCKS, REFUSED, UNREADABLE_LOCKS))
def test_pixi_written_lock_is_fresh_for_pyxi(folder: Path) -> None:
    """Real repositories commit locks that pixi considers up to date; so must pyxi."""
    from pyxi.freshness.fresh import check_lock
    from pyxi.workspace.environment import build_workspace

    workspace = build_workspace(_load(_manifest(folder)))
    freshness = check_lock(workspace, _read(folder / "pixi.lock"))
    assert freshness.is_fresh, freshness.summary()
