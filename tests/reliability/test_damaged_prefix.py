"""An environment damaged on disk: empty package records (what a full disk, or a crash right
after one was written, leaves), `conda-meta` gone, a real full disk; and the help each error
gets (the full-disk advice only for a full disk)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from pyxi.testing.cli import PYXI

from .conftest import Workspace, copy_channel, manifest, serve
from .inprocess import assert_one_clean_error

DISK_FULL = "the disk (or your quota) is full"


def _installed(ws: Workspace, channel, deps: dict[str, str] | None = None) -> Workspace:  # type: ignore[no-untyped-def]
    ws.write(manifest([channel.url], deps or {"foo": "*", "bar": "*"}))
    ws.pyxi("install")
    return ws


def _record(ws: Workspace, name: str) -> Path:
    (path,) = (ws.prefix / "conda-meta").glob(f"{name}-*.json")
    return path


def _doctor(ws: Workspace, expect: int) -> dict:  # type: ignore[type-arg]
    return json.loads(ws.pyxi("doctor", "--json", expect=expect).stdout)


def _finding(report: dict, id: str) -> dict:  # type: ignore[type-arg]
    (found,) = [f for f in report["findings"] if f["id"] == id]
    return found


@pytest.mark.parametrize("damage", ["empty", "cut-short"])
@pytest.mark.parametrize("command", [("install",), ("run", "cat", ".pixi/envs/default/share/foo/VERSION")])
def test_unfinished_install_with_a_broken_record_is_repaired(workspace: Workspace, channel,  # type: ignore[no-untyped-def]
                                                             damage: str, command: tuple[str, ...]) -> None:
    ws = _installed(workspace, channel)
    record = _record(ws, "foo")
    record.write_text("" if damage == "empty" else record.read_text()[:40])
    ws.stamp.unlink()  # the install never finished
    result = ws.pyxi(*command)
    assert str(record) in result.stderr and "linked again" in result.stderr, str(result)
    assert json.loads(record.read_text())["name"] == "foo"
    assert ws.stamp.is_file()
    assert ws.pyxi("run", "cat", ".pixi/envs/default/share/foo/VERSION").stdout == "1.0\n"


def test_doctor_names_the_broken_record_and_its_fix_works(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = _installed(workspace, channel)
    record = _record(ws, "bar")
    record.write_text("")
    ws.stamp.unlink()
    finding = _finding(_doctor(ws, expect=1), "installed-records-unreadable")
    assert finding["evidence"][0]["name"] == record.name and finding["evidence"][0]["detail"] == "empty"
    assert finding["fix"].startswith("run `pyxi install`")
    ws.pyxi("install")
    assert _doctor(ws, expect=0)["findings"] == []


def test_doctor_on_a_broken_record_of_a_finished_install(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    """The stamp says complete, so `install` does not look: doctor says to reinstall."""
    ws = _installed(workspace, channel)
    _record(ws, "bar").write_text("")
    finding = _finding(_doctor(ws, expect=1), "installed-records-unreadable")
    assert finding["fix"].startswith(f"remove the folder {ws.prefix}")
    shutil.rmtree(ws.prefix)
    ws.pyxi("install")
    assert _doctor(ws, expect=0)["findings"] == []


def test_doctor_when_conda_meta_is_gone(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = _installed(workspace, channel)
    shutil.rmtree(ws.prefix / "conda-meta")
    finding = _finding(_doctor(ws, expect=1), "installed-metadata-missing")
    assert str(ws.prefix) in finding["message"] and "pyxi install" in finding["fix"]
    ws.pyxi("install")
    assert _doctor(ws, expect=0)["findings"] == []
    assert json.loads(_record(ws, "foo").read_text())["name"] == "foo"


def test_cached_package_with_an_empty_paths_json(workspace: Workspace, channel, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  fresh_cache) -> None:
    """The package cache can be cut short too (a full disk while rattler extracted)."""
    ws = workspace
    copy_channel(channel, tmp_path / "chan")
    with serve(tmp_path) as base:
        ws.write(manifest([f"{base}/chan"], {"foo": "*"}))
        ws.pyxi("install", env=fresh_cache)
        paths = Path(fresh_cache["PIXI_CACHE_DIR"]) / "pkgs" / "foo-1.0-0" / "info" / "paths.json"
        paths.write_text("")
        shutil.rmtree(ws.prefix)
        result = ws.pyxi("run", "cat", ".pixi/envs/default/share/foo/VERSION", env=fresh_cache)
    assert result.stdout == "1.0\n", str(result)
    assert json.loads(paths.read_text())["paths"]


# ------------------------------------------------------------------------------ a full disk


def _in_namespace(ws: Workspace, script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` in a private mount namespace (root only: a small tmpfs is a real full disk)."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("unshare")):
        pytest.skip("a full disk is made with a tmpfs in a private mount namespace (root + unshare)")
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ws.root, env=ws.env,
                          capture_output=True, text=True, timeout=180, check=False)
    if "mount:" in done.stderr:
        pytest.skip(f"no private mounts here: {done.stderr.strip()}")
    return done


def test_full_disk_during_install_says_so_and_the_next_install_repairs(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"big": "==1.0"}))
    ws.pyxi("lock")
    envs = ws.root / ".pixi" / "envs"
    envs.mkdir(parents=True)
    quoted = shlex.quote(str(envs))
    done = _in_namespace(ws, f"mount -t tmpfs -o size=2m tmpfs {quoted} && exec {shlex.quote(PYXI)} install")
    assert_one_clean_error(done.returncode, done.stderr)
    assert DISK_FULL in done.stderr, done.stderr
    assert not ws.stamp.exists()
    ws.pyxi("install")  # the disk has room again (the tmpfs is gone with its namespace)
    assert len(list((ws.prefix / "share" / "big").iterdir())) > 1000


def test_full_disk_when_writing_the_lock(workspace: Workspace, channel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    text = ws.root / "pixi.toml"
    quoted, saved = shlex.quote(str(ws.root)), shlex.quote(str(tmp_path / "pixi.toml"))
    shutil.copy(text, tmp_path / "pixi.toml")
    script = (f"mount -t tmpfs -o size=64k tmpfs {quoted} && cp {saved} {quoted}/ && "
              f"(dd if=/dev/zero of={quoted}/fill bs=4k 2>/dev/null; true) && "
              f"exec {shlex.quote(PYXI)} lock")
    done = _in_namespace(ws, script)
    assert_one_clean_error(done.returncode, done.stderr)
    assert "cannot write" in done.stderr and DISK_FULL in done.stderr, done.stderr


# ------------------------------------------------------------------------------ other errors


def test_missing_task_cwd_is_not_called_a_full_disk(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}, '\n[tasks]\nt = { cmd = "true", cwd = "nope" }\n'))
    result = ws.pyxi("run", "t", expect=None)
    assert result.returncode != 0 and "disk" not in result.stderr, str(result)


def test_name_too_long_is_not_called_a_full_disk(workspace: Workspace) -> None:
    result = workspace.pyxi("init", "x" * 300, expect=1)
    assert "disk" not in result.stderr and "too long" in result.stderr, str(result)


def test_clean_a_symlinked_environment(workspace: Workspace, channel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (ws.root / ".pixi" / "envs").mkdir(parents=True)
    ws.prefix.symlink_to(elsewhere)
    _installed(ws, channel)
    assert (elsewhere / "conda-meta").is_dir()
    result = ws.pyxi("clean", "-e", "default")
    assert "Removed the link" in result.stderr and str(elsewhere) in result.stderr, str(result)
    assert not ws.prefix.exists() and not ws.prefix.is_symlink()
    assert ws.pyxi("clean").stderr.startswith("✔ Removed")
