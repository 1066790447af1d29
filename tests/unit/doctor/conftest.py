"""A `workspace(text)` fixture: a Workspace from manifest text, as the doctor's checks take it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.manifest.parse import load_manifest
from pyxi.workspace.environment import Workspace, build_workspace


@pytest.fixture
def workspace(tmp_path: Path):
    def make(text: str, name: str = "pixi.toml") -> Workspace:
        (tmp_path / name).write_text(text)
        return build_workspace(load_manifest(tmp_path / name))

    return make
