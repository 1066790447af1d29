"""The name pyxi was invoked under: `pixi` (a symlink or a copy of the entry point named so, for
tools that look for pixi on PATH or in `PIXI_EXE`) or `pyxi`. Standard library only: `--version`
and the fast paths read it."""

from __future__ import annotations

import os
import sys

from pyxi import __version__
from pyxi.consts import PIXI_VERSION

_PIXI_NAMES = ("pixi", "pixi.exe")


def invoked_as() -> str:
    """`pixi` when argv[0]'s file name is `pixi`/`pixi.exe`, else `pyxi`."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "pixi" if name.lower() in _PIXI_NAMES else "pyxi"


def version_text() -> str:
    """What `--version` prints: pixi's form (`pixi 0.77.0`, the pixi release whose behaviour pyxi
    matches) under the name pixi, which tools parse; pyxi's own version and that release
    otherwise."""
    if invoked_as() == "pixi":
        return f"pixi {PIXI_VERSION}"
    return f"pyxi {__version__} (pixi {PIXI_VERSION})"


def as_invoked(text: str) -> str:
    """A hint naming a command (`pyxi install`) names the program the user typed."""
    if invoked_as() == "pyxi":
        return text
    return text.replace("`pyxi ", "`pixi ").replace("'pyxi ", "'pixi ")


def current_exe() -> str:
    """`PIXI_EXE`: this program as invoked, made absolute (a `pixi` symlink stays one, so tools
    that run `$PIXI_EXE --version` get pixi's answer), as pixi gives its own path."""
    if not sys.argv or not sys.argv[0]:
        return "pyxi"
    return os.path.abspath(sys.argv[0])
