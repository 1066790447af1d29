"""Reuse the end-to-end harness (`make_workspace`, the local conda and PyPI worlds)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "pyxi_e2e_conftest", Path(__file__).resolve().parents[1] / "e2e" / "conftest.py")
assert _spec and _spec.loader
_e2e = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _e2e
_spec.loader.exec_module(_e2e)

base_env = _e2e.base_env
pypi_world = _e2e.pypi_world
make_workspace = _e2e.make_workspace
