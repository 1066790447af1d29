"""Running the real `pyxi` console script in tests: one result type, one runner."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PYXI = str(Path(sys.executable).with_name("pyxi"))


@dataclass
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
        [PYXI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    result = Result(done.returncode, done.stdout, done.stderr)
    if expect is not None:
        assert result.returncode == expect, str(result)
    assert "Traceback" not in result.stderr, str(result)
    return result
