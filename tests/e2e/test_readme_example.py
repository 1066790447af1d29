"""README's first command: the offline example runs end to end (both layouts of the guide)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pytorch-cuda"


def test_offline_example_runs_end_to_end(tmp_path: Path) -> None:
    copy = tmp_path / "pytorch-cuda"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("channel", ".pixi", "pixi.lock"))
    env = {**os.environ, "PIXI_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1",
           "PYXI_NO_PROGRESS": "1"}
    done = subprocess.run([sys.executable, str(copy / "demo.py")], env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "torch 2.5.1 | CUDA build: None | cuda available: False" in out
    assert "torch 2.5.1 | CUDA build: 12.6 | cuda available: True" in out
    per_platform = out.split("Per-platform CUDA")[1]
    lines = [line for line in per_platform.splitlines() if line.startswith("torch ")]
    assert lines == [
        "torch 2.5.1 | CUDA build: None | cuda available: False",  # no driver: the CPU platform
        "torch 2.5.1 | CUDA build: 12.6 | cuda available: True",  # a driver: the CUDA platform
        "torch 2.5.1 | CUDA build: None | cuda available: False",  # --platform linux-64-cpu
    ]
    assert "Traceback" not in done.stderr
