"""The name pyxi was invoked under decides `--version`, `PIXI_EXE` and the program hints name."""

from __future__ import annotations

import os
import sys

import pytest

from pyxi import __version__, progname
from pyxi.consts import PIXI_VERSION


@pytest.mark.parametrize(("argv0", "name"), [
    ("/usr/local/bin/pixi", "pixi"), ("pixi", "pixi"), ("C:/tools/PIXI.EXE", "pixi"),
    ("/venv/bin/pyxi", "pyxi"), ("pixi-policy", "pyxi"), ("", "pyxi"),
])
def test_invoked_as_and_version(monkeypatch: pytest.MonkeyPatch, argv0: str, name: str) -> None:
    monkeypatch.setattr(sys, "argv", [argv0])
    assert progname.invoked_as() == name
    expected = f"pixi {PIXI_VERSION}" if name == "pixi" else f"pyxi {__version__} (pixi {PIXI_VERSION})"
    assert progname.version_text() == expected
    hint = "run `pyxi install` first"
    assert progname.as_invoked(hint) == hint.replace("pyxi", name)


def test_current_exe_is_absolute_and_keeps_a_symlinks_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["bin/pixi"])
    assert progname.current_exe() == os.path.join(os.getcwd(), "bin", "pixi")
    monkeypatch.setattr(sys, "argv", [])
    assert progname.current_exe() == "pyxi"
