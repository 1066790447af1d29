"""Running the real `pyxi` console script in tests: one result type, one runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pyxi.datamodel import model

PYXI = str(Path(sys.executable).with_name("pyxi"))


# Settings of the caller that would change what a test's pyxi does.
_LEAKY = ("PIXI_FROZEN", "PIXI_LOCKED", "PIXI_IN_SHELL", "PIXI_PROJECT_MANIFEST", "CONDA_PREFIX",
          "PYXI_WORKSPACE_LOCK", "PYXI_TEST_PAUSE_AT")


def isolated_env(cache_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for a test's `pyxi`: its own package cache, no progress or colour, and
    (`CONDA_OVERRIDE_CUDA` empty) no CUDA driver, whatever the host has."""
    env = {k: v for k, v in os.environ.items() if k not in _LEAKY}
    env.update(PIXI_CACHE_DIR=str(cache_dir), PYXI_NO_PROGRESS="1", CONDA_OVERRIDE_CUDA="",
               NO_COLOR="1", **extra)
    return env


@model
class Result:
    returncode: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.returncode}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def run_pyxi(
    args: tuple[str, ...] | list[str],
    cwd: Path,
    env: dict[str, str],
    expect: int | None = 0,
    timeout: float = 300,
) -> Result:
    """`pyxi ARGS` in `cwd`; asserts the exit code (unless `expect` is None) and that no
    traceback reached the user."""
    done = subprocess.run(
        [PYXI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
        check=False,
    )
    result = Result(done.returncode, done.stdout, done.stderr)
    if expect is not None:
        assert result.returncode == expect, str(result)
    assert "Traceback" not in result.stderr, str(result)
    return result
