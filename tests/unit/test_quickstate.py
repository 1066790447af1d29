"""The fast path's files: one module names, reads and writes them (`quickstate.py`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pyxi import quickstate


def test_names_are_where_pixi_and_rattler_leave_room() -> None:
    """In conda-meta without `.json` (rattler would read it as a package record), in .pixi."""
    assert quickstate.STAMP == os.path.join("conda-meta", "pyxi")
    assert quickstate.ACTIVATION == os.path.join("conda-meta", "pyxi-activation")
    for name in (quickstate.VERIFIED, quickstate.TASK_NAMES, quickstate.HOST_FACTS):
        assert name.startswith(".pixi" + os.sep) and name.endswith(".json")


def test_stamp_round_trip_and_removal(tmp_path: Path) -> None:
    prefix = tmp_path / "env"
    assert quickstate.read_stamp(prefix) is None
    quickstate.write_stamp(prefix, {"environment": "default", "prefix": os.path.realpath(prefix)})
    text = (prefix / quickstate.STAMP).read_text()
    assert json.loads(text)["environment"] == "default" and "\n  " in text  # indented
    stamp = quickstate.read_stamp(str(prefix))
    assert stamp is not None and quickstate.stamp_in_place(stamp, prefix)
    assert not quickstate.stamp_in_place({"prefix": "/elsewhere"}, prefix)
    assert not quickstate.stamp_in_place({}, prefix), "an older stamp does not say: not in place"
    quickstate.remove_stamp(prefix)
    quickstate.remove_stamp(prefix)  # twice: nothing to remove is fine
    assert quickstate.read_stamp(prefix) is None


@pytest.mark.parametrize("content", [b"", b"[1, 2]", b"{not json", b"\xff\xfe"])
def test_a_damaged_file_reads_as_none(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / quickstate.STAMP
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert quickstate.read_stamp(tmp_path) is None


def test_a_stamp_that_cannot_be_written_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "conda-meta").write_text("a file where the folder should be")
    with pytest.raises(OSError):
        quickstate.write_stamp(tmp_path, {})


def test_caches_are_best_effort(tmp_path: Path) -> None:
    (tmp_path / ".pixi").write_text("a file where the folder should be")
    (tmp_path / "conda-meta").write_text("the same")
    quickstate.write_activation(tmp_path, {"key": "k"})
    quickstate.write_task_names(tmp_path, "abc", ["t"])
    quickstate.write_verified(tmp_path / "pixi.toml", ("m", "l"), [], {})
    quickstate.remember_host(tmp_path, "fp", {"subdir": "linux-64"}, create=True)
    assert quickstate.read_activation(tmp_path) is None


def test_task_names_belong_to_one_manifest(tmp_path: Path) -> None:
    assert quickstate.is_task_name(tmp_path, "abc", "echo"), "unsure without a record"
    quickstate.write_task_names(tmp_path, "abc", ["test", "build"])
    assert quickstate.is_task_name(tmp_path, "abc", "build")
    assert not quickstate.is_task_name(tmp_path, "abc", "echo")
    assert quickstate.is_task_name(tmp_path, "other", "echo"), "another manifest: unsure"
    assert json.loads((tmp_path / quickstate.TASK_NAMES).read_text())["names"] == ["build", "test"]


def test_verified_marker_holds_the_checked_bytes(tmp_path: Path) -> None:
    manifest = tmp_path / "pixi.toml"
    quickstate.write_verified(manifest, ("m" * 64, "l" * 64), ["careful"],
                              {"default": (str(tmp_path / "env"), None), "gpu": ("p", "12.0")})
    marker = quickstate.read_verified(tmp_path)
    assert marker == {
        "manifest": os.path.realpath(manifest), "manifest_sha256": "m" * 64,
        "lock_sha256": "l" * 64, "warnings": ["careful"],
        "environments": {"default": {"prefix": str(tmp_path / "env"), "cuda": None},
                         "gpu": {"prefix": "p", "cuda": "12.0"}},
        "complete": True,  # every environment can be locked: `pyxi lock`'s shortcut may trust it
    }


def test_host_facts_keep_the_latest_fingerprints(tmp_path: Path) -> None:
    quickstate.remember_host(tmp_path, "fp0", {"subdir": "linux-64"})
    assert quickstate.remembered_host(tmp_path, "fp0") is None, "no .pixi folder: not created"
    for index in range(quickstate.HOST_FACTS_KEPT + 2):
        quickstate.remember_host(tmp_path, f"fp{index}", {"subdir": f"s{index}"}, create=True)
    assert quickstate.remembered_host(tmp_path, "fp0") is None
    assert quickstate.remembered_host(tmp_path, "fp1") is None
    assert quickstate.remembered_host(tmp_path, "fp9") == {"subdir": "s9"}
    quickstate.remember_host(tmp_path, "fp2", {"subdir": "again"})  # refreshed: kept longest
    entries = json.loads((tmp_path / quickstate.HOST_FACTS).read_text())["entries"]
    assert list(entries)[-1] == "fp2" and len(entries) == quickstate.HOST_FACTS_KEPT


def test_file_hash(tmp_path: Path) -> None:
    import hashlib

    (tmp_path / "pixi.lock").write_bytes(b"version: 7\n")
    assert quickstate.file_sha256(tmp_path / "pixi.lock") == hashlib.sha256(b"version: 7\n").hexdigest()
    assert quickstate.file_sha256(tmp_path / "missing") == ""
