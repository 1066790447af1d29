"""Installing on a terminal draws the download and link bars from rattler's callbacks; piped,
no callback is asked for at all (each one takes the GIL from rattler's threads). Both ways the
environment comes out the same."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

from pyxi.testing.cli import PYXI

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def _on_a_terminal(args: list[str], cwd, env: dict[str, str]) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal: (exit code, what it drew there)."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    drawn = bytearray()
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        drawn += chunk
    os.close(controller)
    return process.wait(timeout=300), drawn.decode(errors="replace")


def test_install_with_bars_and_piped_link_the_same_packages(make_workspace):
    text = ('[workspace]\nname = "bars"\nchannels = ["conda-forge"]\nplatforms = ["linux-64"]\n'
            '[dependencies]\npython = "*"\n')
    shown, piped = make_workspace(text), make_workspace(text)
    env = {k: v for k, v in shown.base_env.items() if k not in ("PYXI_NO_PROGRESS", "PIXI_NO_PROGRESS")}

    code, drawn = _on_a_terminal([PYXI, "install"], shown.root, env)
    assert code == 0, drawn
    # the link bar, fed by rattler's callbacks: every package counted ("1/1", "5/5", …)
    assert re.search(r"Linking default\s+\S+\s+([1-9][0-9]*)/\1\b", drawn), drawn
    piped.pyxi("install")

    def linked(ws) -> set[str]:
        return {p.name for p in (ws.root / ".pixi" / "envs" / "default" / "conda-meta").glob("*.json")}

    assert linked(shown) == linked(piped) and any(name.startswith("python-") for name in linked(shown))
