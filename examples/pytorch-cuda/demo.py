"""The offline example, end to end: build a local channel, lock, install, and run PyTorch in a
CPU and a GPU environment, then the same with CUDA declared per platform as pixi's current guide
does it (`per-platform/`) — the README's first command.

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
PER_PLATFORM = HERE / "per-platform"
PYXI = shutil.which("pyxi", path=str(Path(sys.executable).parent)) or "pyxi"
CHECK = "import torch; print('torch', torch.__version__, '| CUDA build:', torch.version.cuda, '| cuda available:', torch.cuda.is_available())"


def step(title: str, *args: str, env: dict[str, str] | None = None, expect: int = 0,
         cwd: Path = HERE) -> float:
    shown = shlex.join(args)
    prefix = " ".join(f"{k}={v}" for k, v in (env or {}).items())
    where = "" if cwd == HERE else f"(in {cwd.relative_to(HERE)}/) "
    print(f"\n── {title}\n{where}$ {prefix + ' ' if prefix else ''}pyxi {shown}", flush=True)
    started = time.perf_counter()
    code = subprocess.call([PYXI, *args], cwd=cwd, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - started
    if code != expect:
        sys.exit(f"demo failed: `pyxi {shown}` exited {code}, expected {expect}")
    return elapsed


NO_CUDA = {"CONDA_OVERRIDE_CUDA": ""}  # behave like a laptop without a GPU, even on a GPU host
CUDA = {"CONDA_OVERRIDE_CUDA": "12.6"}  # a driver for CUDA 12.6, simulated


def main() -> None:
    subprocess.check_call([sys.executable, str(HERE / "build_channel.py")])
    for workspace in (HERE, PER_PLATFORM):
        shutil.rmtree(workspace / ".pixi", ignore_errors=True)
        (workspace / "pixi.lock").unlink(missing_ok=True)
    environments()
    per_platform()


def environments() -> None:
    """The older layout: one environment per variant."""
    no_cuda = NO_CUDA

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


def per_platform() -> None:
    """pixi's current guide: one environment, CUDA declared per platform."""
    ws = PER_PLATFORM
    step("Per-platform CUDA: lock both linux-64 variants", "lock", cwd=ws)
    step("Without a driver the CPU platform is selected", "run", "python", "-c", CHECK, env=NO_CUDA, cwd=ws)
    step("With a driver the CUDA platform is selected", "run", "python", "-c", CHECK, env=CUDA, cwd=ws)
    step("`--platform` chooses the CPU variant anyway", "run", "--platform", "linux-64-cpu", "python", "-c", CHECK, env=CUDA, cwd=ws)


if __name__ == "__main__":
    main()
