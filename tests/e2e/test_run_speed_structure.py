"""Structural speed facts (not timings): an up-to-date `run` imports no engine, a no-op
`install` does not solve."""

from __future__ import annotations

import subprocess
import sys


def _imports_of(ws, command: str, *args: str, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pyxi", command, *args],
        cwd=ws.root, env={**ws.base_env, **(env or {})}, capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stderr


def _imports_of_run(ws, *args: str) -> str:
    return _imports_of(ws, "run", *args)


def _imported(imports: str, module: str) -> bool:
    return any(line.rsplit("|", 1)[-1].strip() == module for line in imports.splitlines())


def test_up_to_date_run_imports_neither_rattler_nor_parsers(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("run", "-e", "cpu", "true")  # lock, install, activate, cache
    imports = _imports_of_run(ws, "-e", "cpu", "true")
    for heavy in ("rattler", "yaml", "tomli", "argparse", "rich", "packaging"):
        assert f" {heavy}" not in imports, heavy


def test_changed_manifest_takes_the_full_path(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("run", "-e", "cpu", "true")
    manifest = ws.root / "pixi.toml"
    manifest.write_text(manifest.read_text() + "\n# a comment changes the bytes\n")
    imports = _imports_of_run(ws, "-e", "cpu", "true")
    assert " tomli" in imports  # the manifest was parsed again …
    assert " rattler" in imports  # … and the lock checked (no re-solve: nothing changed)
    assert _imported(imports, "pyxi.lockfile.read")
    again = _imports_of_run(ws, "-e", "cpu", "true")  # the stamp was refreshed
    assert " rattler" not in again


ENGINES = ("rattler", "yaml", "tomli", "packaging", "uv")


def test_no_op_install_imports_no_engine_and_solves_nothing(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("install", "-e", "cpu")  # lock + install; vouches for manifest and lock
    lock_before = ws.lock.stat().st_mtime_ns
    imports = _imports_of(ws, "install", "-e", "cpu")
    assert "already up to date" in imports
    for heavy in ENGINES:  # no manifest parse, no lock read, no solve, no link
        assert not _imported(imports, heavy), heavy
    assert ws.lock.stat().st_mtime_ns == lock_before
    quiet = ws.pyxi("install", "-q", "-e", "cpu")
    assert quiet.stderr == ""


def test_no_op_install_sees_every_change(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("install", "-e", "cpu")
    manifest = ws.root / "pixi.toml"
    manifest.write_text(manifest.read_text() + "\n# a comment changes the bytes\n")
    assert _imported(_imports_of(ws, "install", "-e", "cpu"), "tomli")  # checked again …
    assert not _imported(_imports_of(ws, "install", "-e", "cpu"), "tomli")  # … and vouched for
    ws.lock.write_text(ws.lock.read_text() + "\n")
    assert _imported(_imports_of(ws, "install", "-e", "cpu"), "rattler")  # lock changed
    (ws.root / ".pixi" / "envs" / "cpu" / "conda-meta" / "pyxi").unlink()
    changed = ws.pyxi("install", "-e", "cpu")
    assert "installed" in changed.stderr and "already" not in changed.stderr  # no stamp: reinstall
    # An environment never installed, and one whose host check needs rattler, take the full path.
    assert _imported(_imports_of(ws, "install", "-e", "default", env={"CONDA_OVERRIDE_CUDA": "12.6"}), "rattler")


def test_no_op_lock_reads_nothing_but_sees_every_change(make_workspace):
    """`pyxi lock` vouches for the manifest and lock it checked (or wrote): the next one with
    both unchanged is a no-op decided from hashes; any edit takes the full path again."""
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("lock")
    quiet = _imports_of(ws, "lock")
    assert "Lock file was already up to date" in quiet
    for heavy in ENGINES:
        assert not _imported(quiet, heavy), heavy
    manifest = ws.root / "pixi.toml"
    manifest.write_text(manifest.read_text() + "\n# a comment changes the bytes\n")
    assert _imported(_imports_of(ws, "lock"), "rattler")  # checked again …
    assert not _imported(_imports_of(ws, "lock", "--check"), "tomli")  # … and vouched for
    ws.lock.write_text(ws.lock.read_text() + "\n")  # other bytes, still fresh
    again = _imports_of(ws, "lock")
    assert _imported(again, "rattler") and "already up to date" in again


def test_frozen_install_does_not_vouch_for_a_stale_lock(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("install", "-e", "cpu")
    marker = ws.root / ".pixi" / "pyxi-verified.json"
    marker.unlink()
    manifest = ws.root / "pixi.toml"
    manifest.write_text(manifest.read_text() + "\n# changed\n")
    ws.pyxi("install", "--frozen", "-e", "cpu")
    assert not marker.exists()  # --frozen never checked the lock against the manifest
    assert _imported(_imports_of(ws, "install", "-e", "cpu"), "tomli")
