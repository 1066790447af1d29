"""Build ./channel, the local conda-forge-shaped channel this example's pixi.toml uses.

Run: `python examples/pytorch-cuda/build_channel.py` (with pyxi importable). The channel holds
PyTorch 2.5.1 CPU and CUDA 12.4/12.6 builds for linux-64, win-64 and osx-arm64; on linux-64 the
`python` package wraps the interpreter running this script, so build the channel with the
Python you want the example's environments to use.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

try:
    from pyxi.testing.pytorch_world import build_conda_forge_world
except ImportError:  # running from a source checkout without pyxi installed
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    from pyxi.testing.pytorch_world import build_conda_forge_world


def main() -> None:
    target = HERE / "channel"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    channel = build_conda_forge_world(target)
    elapsed = time.perf_counter() - started
    print(f"built {channel.url} ({', '.join(channel.subdirs())}) in {elapsed:.1f}s")


if __name__ == "__main__":
    main()
