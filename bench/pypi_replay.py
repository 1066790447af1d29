"""The PyPI half of `pyxi lock`, and the very `uv` runs it makes, replayed on their own.

`record_uv_runs(call)` runs `call()` (pyxi's PyPI step) while noting every `uv` command pyxi
starts, with a copy of its working folder (pyxi removes its scratch folders afterwards);
`start_all(runs)` is the baseline: the same commands, in copies of the same folders, with the
same environment, all started at once and awaited.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class UvRun:
    args: list[str]
    cwd: Path
    env: dict[str, str]


def record_uv_runs(call: Callable[[], object], keep: Path) -> list[UvRun]:
    import threading

    from pyxi.pypi import resolve
    from pyxi.pypi.uv import find_uv, uv_environment

    original = resolve.run_uv
    runs: list[UvRun] = []
    guard = threading.Lock()

    def recording(args, *, cache_dir, cwd=None, env=None, check=True):  # type: ignore[no-untyped-def]
        with guard:
            copy = keep / f"run{len(runs)}"
            shutil.copytree(cwd, copy.with_suffix(".orig"), ignore=shutil.ignore_patterns(".owner"))
            moved = [str(a).replace(str(cwd), str(copy)) for a in args]
            runs.append(UvRun([str(find_uv()), *moved], copy, uv_environment(cache_dir, env)))
        return original(args, cache_dir=cache_dir, cwd=cwd, env=env, check=check)

    resolve.run_uv = recording
    try:
        call()
    finally:
        resolve.run_uv = original
    return runs


def reset(runs: list[UvRun]) -> None:
    """Every working folder as pyxi had it when uv started (uv overwrites its output, which
    the next run would read as preferences)."""
    for r in runs:
        shutil.rmtree(r.cwd, ignore_errors=True)
        shutil.copytree(r.cwd.with_suffix(".orig"), r.cwd)


def start_all(runs: list[UvRun]) -> Callable[[], None]:
    def run() -> None:
        started = [subprocess.Popen(r.args, cwd=r.cwd, env=r.env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE) for r in runs]
        for process, r in zip(started, runs):
            _, err = process.communicate()
            if process.returncode != 0:
                raise SystemExit(f"bench: {' '.join(r.args)} failed:\n{err.decode()[-3000:]}")

    return run
