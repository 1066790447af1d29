"""Edits to a script's PEP 723 block with the editor of `pyproject.toml`: the block is read as
the document `[project]` + its TOML (so `dependencies` and `requires-python` are `[project]`'s
and the pixi tables sit under `[tool.pixi]`, as pixi presents it), edited with tomlkit, and
written back into the script with `# ` before each line, all else byte for byte."""

from __future__ import annotations

from pathlib import Path

import tomlkit

from pyxi.diagnostics import Location, ManifestError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.script import read_block
from pyxi.manifest.script_path import is_script

_HEADER = "[project]\n"


class ScriptEditor(ManifestEditor):
    def __init__(self, path: Path) -> None:  # (not the base's: it would parse the script)
        self.path = path
        self.original = path.read_bytes()
        _, self.block = read_block(path)
        try:
            self.doc = tomlkit.parse(_HEADER + self.block.metadata)
        except Exception as error:
            raise ManifestError(f"cannot edit {path.name}: {error}", location=Location(path),
                                help="fix the TOML of its `# /// script` block") from error
        self.is_pyproject = True

    def text(self) -> str:
        toml = tomlkit.dumps(self.doc).removeprefix(_HEADER)
        return self.block.render(toml)


def editor_for(path: Path) -> ManifestEditor:
    """The editor of a manifest: a script's block, or the TOML file."""
    return ScriptEditor(path) if is_script(path) else ManifestEditor(path)
