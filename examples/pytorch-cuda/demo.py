"""The offline example, end to end: build a local channel, lock, install, and run PyTorch in a
CPU and a GPU environment — the README's first command.

    python examples/pytorch-cuda/demo.py

No conda channel is needed: `build_channel.py` writes a conda-forge-shaped channel of real (tiny)
packages to ./channel, and the workspace's `channels = ["./channel"]` points at it. The GPU
environment is locked here whatever this machine has; running it needs a CUDA driver, which
`CONDA_OVERRIDE_CUDA` stands in for on a machine without one.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYXI = shutil.which("pyxi", path=str(Path(sys.executable).parent)) or "pyxi"
CHECK = "import torch; print('torch', torch.__version__, '| CUDA build:', torch.version.cuda, '| cuda available:', torch.cuda.is_available())"


def step(title: str, *args: str, env: dict[str, str] | None = None, expect: int = 0) -> float:
    shown = shlex.join(args)
    prefix = " ".join(f"{k}={v}" for k, v in (env or {}).items())
    print(f"\n── {title}\n$ {prefix + ' ' if prefix else ''}pyxi {shown}", flush=True)
    started = time.perf_counter()
    code = subprocess.call([PYXI, *args], cwd=HERE, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - started
    if code != expect:
        sys.exit(f"demo failed: `pyxi {shown}` exited {code}, expected {expect}")
    return elapsed


def main() -> None:
    subprocess.check_call([sys.executable, str(HERE / "build_channel.py")])
    shutil.rmtree(HERE / ".pixi", ignore_errors=True)
    (HERE / "pixi.lock").unlink(missing_ok=True)
    no_cuda = {"CONDA_OVERRIDE_CUDA": ""}  # behave like a laptop without a GPU, even on a GPU host

    lock = step("Lock every environment for linux-64 and win-64 (no GPU needed)", "lock")
    step("The CPU environment", "list", "-e", "cpu")
    step("The GPU environment: CUDA 12.6 builds, pinned by cuda-version", "list", "-e", "gpu")
    first = step("Run in the CPU environment (installs it first)", "run", "-e", "cpu", "python", "-c", CHECK)
    step("The GPU environment is refused on a machine without CUDA", "run", "-e", "gpu", "python", "-c", CHECK, env=no_cuda, expect=1)
    step("… and runs where a driver is present (simulated)", "run", "-e", "gpu", "python", "-c", CHECK, env={"CONDA_OVERRIDE_CUDA": "12.6"})
    step("What pyxi sees on this machine", "info", env={"CONDA_OVERRIDE_CUDA": "12.6"})
    noop = step("A second install changes nothing", "install", "-e", "cpu")
    run = step("Running again is (nearly) free", "run", "-e", "cpu", "true")
    print(
        f"\nlock {lock:.2f}s · first run incl. install {first:.2f}s · no-op install {noop:.2f}s · "
        f"run true {run:.3f}s"
    )


if __name__ == "__main__":
    main()
