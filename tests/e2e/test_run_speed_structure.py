"""Structural speed facts (not timings): an up-to-date `run` imports no engine, a no-op
`install` does not solve."""

from __future__ import annotations

import subprocess
import sys


def _imports_of_run(ws, *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pyxi", "run", *args],
        cwd=ws.root, env=ws.base_env, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stderr


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
    assert " _yaml" in imports or " yaml" in imports
    again = _imports_of_run(ws, "-e", "cpu", "true")  # the stamp was refreshed
    assert " rattler" not in again
