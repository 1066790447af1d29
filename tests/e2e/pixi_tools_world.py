"""The real tools built around pixi, installed from PyPI, and a small workspace to point them at.

The tools go into one venv per set of pinned versions and Python, under
`~/.cache/pyxi-tests/tools/` (`$XDG_CACHE_HOME` honoured), built once and reused by later runs
(offline too). Building it needs pypi.org; when that is unreachable and no venv is cached, the
tests that need the tools skip.

Versions: pixi-diff-to-markdown declares `Requires-Python >=3.12` in every release (>=3.13
since 0.2.6) but 0.2.5 is plain Python 3.11 code, so it is installed with
`--ignore-requires-python` on the test interpreter (CI has only the system Python, 3.11, and no
network to fetch another). The other three install on 3.11 as they are (pixi-policy and
pixi-sbom are Rust binaries in wheels; pixi-kernel is pure Python).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from workflow_world import build_channel, publish_newer

from pyxi.testing.channel import LocalChannel
from pyxi.testing.pypi_index import make_wheel, write_simple_index

TOOLS = ("pixi-diff-to-markdown==0.2.5", "pixi-kernel==0.7.1", "pixi-policy==0.3.0",
         "pixi-sbom==1.15.0")
PROBE_URL = "https://pypi.org/simple/pixi-kernel/"


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pyxi-tests" / "tools"


def pypi_reachable(timeout: float = 5.0) -> bool:
    try:
        with urllib.request.urlopen(PROBE_URL, timeout=timeout) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One builder at a time (pytest-xdist workers share the cache)."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def tools_venv() -> Path | None:
    """The venv with the tools (its `bin` folder), building it if needed; None when it is not
    cached and PyPI cannot be reached."""
    key = hashlib.sha256(f"{sys.executable}|{sys.version}|{TOOLS}".encode()).hexdigest()[:16]
    venv = _cache_root() / key
    ready = venv / "pyxi-tools-ready"
    with _locked(_cache_root() / f"{key}.lock"):
        if ready.is_file():
            return venv / "bin"
        if not pypi_reachable():
            return None
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                        "--disable-pip-version-check", "--ignore-requires-python", *TOOLS],
                       check=True, timeout=600)
        ready.write_text("\n".join(TOOLS) + "\n")
    return venv / "bin"


def tiny_wheels(root: Path, versions: tuple[str, ...]) -> Path:
    """A local PyPI index serving `tinyplug` in these versions; returns its simple/ folder."""
    wheels = [make_wheel(root / "wheels", "tinyplug", v, ("py3", "none", "any"),
                         files={"tinyplug/__init__.py": f"VERSION = {v!r}\n"}) for v in versions]
    return write_simple_index(root / "pypi", wheels)


def tools_workspace(root: Path, conda_forge_url: str) -> tuple[Path, LocalChannel]:
    """A workspace with conda packages (python, gamma → alpha) and a PyPI one (tinyplug)."""
    channel = build_channel(root / "wf-channel")
    index = tiny_wheels(root, ("1.0",))
    workspace = root / "ws"
    workspace.mkdir(parents=True)
    (workspace / "pixi.toml").write_text(
        '[workspace]\nname = "tools-demo"\nversion = "1.2.3"\n'
        f'channels = ["{conda_forge_url}", "{channel.url}"]\nplatforms = ["linux-64"]\n\n'
        '[dependencies]\npython = "3.11.*"\ngamma = "*"\n\n'
        '[pypi-dependencies]\ntinyplug = "*"\n\n'
        f'[pypi-options]\nindex-url = "{index.as_uri()}"\n'
    )
    return workspace, channel


def publish_newer_everything(root: Path, channel: LocalChannel) -> None:
    """alpha 2.6.0 on the conda channel, tinyplug 1.1 on the index."""
    publish_newer(channel)
    tiny_wheels(root, ("1.0", "1.1"))
