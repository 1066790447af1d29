"""A Python script as a workspace (pixi's `--script`): its PEP 723 `# /// script` block, read
with `pyproject.toml`'s meaning (`dependencies` and `requires-python` are `[project]`'s, the
pixi tables live under `[tool.pixi]`).

A script is one implicit default environment: the metadata may hold only what runs it
(dependencies, channels, platforms, activation, …), never features, tasks or packages. The
TOML is parsed from a copy of the script whose other lines are blank and whose opening
`# /// script` line reads `[project]`, so every error names the script and its own line. The
lock goes beside the script (`NAME.py.pixi.lock`), as pixi writes it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pyxi.datamodel import model
from pyxi.diagnostics import Location, ManifestError
from pyxi.manifest.errors import Source
from pyxi.manifest.keyindex import KeyIndex, KeyPath
from pyxi.manifest.model import Manifest
from pyxi.manifest.platform_names import current_subdir
from pyxi.manifest.toml_text import load_toml

OPENING = "# /// script"
CLOSING = "# ///"
SINGLE_ENVIRONMENT = "a script has one implicit default run environment and no Pixi task graph"
_BOM = "\ufeff"
_ROOT = ("dependencies", "requires-python", "tool")
_PIXI = ("activation", "constraints", "dependencies", "pypi-dependencies", "system-requirements",
         "target", "workspace")
_WORKSPACE = ("channel-priority", "channels", "platforms", "preview", "pypi-options",
              "requires-pixi", "solve-strategy")
_TARGET = ("activation", "constraints", "dependencies", "pypi-dependencies")
_METADATA_LINE = re.compile(r"#(?: (.*))?")


@model(frozen=True)
class ScriptBlock:
    """A script split around its metadata block: `prelude` (up to the opening line), the TOML
    `metadata` (the `# ` taken off each line), `postlude` (after the closing line)."""

    prelude: str
    metadata: str
    postlude: str
    newline: str
    opening_line: int  # 1-based

    def render(self, metadata: str) -> str:
        """The script with `metadata` (TOML text) as its block, all else byte for byte."""
        lines = [OPENING, *(f"# {line}" if line else "#" for line in metadata.splitlines()),
                 CLOSING]
        return self.prelude + "".join(line + self.newline for line in lines) + self.postlude


def find_block(text: str, path: Path) -> ScriptBlock | None:
    """The `# /// script` block of `text`; None when it has none."""
    lines = [line for line in re.split(r"(?<=\n)", text) if line]  # only \n ends a line
    start = next((i for i, line in enumerate(lines)
                  if line.rstrip("\r\n").removeprefix(_BOM if i == 0 else "") == OPENING), None)
    if start is None:
        return None
    body: list[str] = []
    for line in lines[start + 1:]:
        match = _METADATA_LINE.fullmatch(line.rstrip("\r\n"))
        if match is None:
            break
        body.append(match.group(1) or "")
    if CLOSING.removeprefix("# ") not in body:
        raise ManifestError(f"the `{OPENING}` block of {path.name} has no closing `{CLOSING}` line",
                            location=Location(path, start + 1),
                            help=f"end the metadata with a `{CLOSING}` line")
    end = len(body) - 1 - body[::-1].index("///")
    after = start + 2 + end
    if any(line.rstrip("\r\n") == OPENING for line in lines[after:]):
        raise ManifestError(f"{path.name} has more than one `{OPENING}` block",
                            location=Location(path, start + 1), help="merge them into one")
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = _BOM if lines[start].startswith(_BOM) else ""
    return ScriptBlock("".join(lines[:start]) + bom, "".join(f"{line}\n" for line in body[:end]),
                       "".join(lines[after:]), newline, start + 1)


def read_block(path: Path) -> tuple[str, ScriptBlock]:
    """The script's text and block; an error (with pixi's hint) when it has none."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise ManifestError(f"cannot read {path}: {error.strerror or error}") from error
    except UnicodeDecodeError:
        raise ManifestError(f"{path.name} is not UTF-8 text", location=Location(path)) from None
    return text, require_block(text, path)


def require_block(text: str, path: Path) -> ScriptBlock:
    block = find_block(text, path)
    if block is None:
        raise ManifestError(f"{path} does not contain a PEP 723 metadata block",
                            help=f"add one with `pixi init --script {path}`")
    return block


def parse_script(text: str, path: Path, name: str | None = None) -> Manifest:
    """The workspace a script's metadata describes (kind `script`), named after the script."""
    from pyxi.manifest.parse import parse_pyproject_data

    block = require_block(text, path)
    aligned = "\n" * (block.opening_line - 1) + "[project]\n" + block.metadata
    data = load_toml(aligned, path)
    index = KeyIndex.build(aligned)
    _check_subset(Source(path, index), data)
    project = {**data.pop("project"), "name": name or path.stem}
    data["project"] = project
    workspace = data.setdefault("tool", {}).setdefault("pixi", {}).setdefault("workspace", {})
    implicit = frozenset(key for key in ("channels", "platforms") if key not in workspace)
    workspace.setdefault("channels", [])
    workspace.setdefault("platforms", [current_subdir()])
    manifest = parse_pyproject_data(data, Source(path, index, ("tool", "pixi")))
    manifest.kind = "script"
    manifest.implicit = implicit
    return manifest


def _check_subset(src: Source, data: dict[str, Any]) -> None:
    found = _unsupported(data["project"], ("project",), _ROOT)
    found += [(key,) for key in data if key not in ("project", "tool")]
    tool = data.get("tool")
    pixi = tool.get("pixi") if isinstance(tool, dict) else None
    if isinstance(pixi, dict):
        found += _unsupported(pixi, ("tool", "pixi"), _PIXI)
        found += _unsupported(pixi.get("workspace"), ("tool", "pixi", "workspace"), _WORKSPACE)
        targets = pixi.get("target")
        for selector, target in (targets.items() if isinstance(targets, dict) else ()):
            found += _unsupported(target, ("tool", "pixi", "target", selector), _TARGET)
    if found:
        names = ", ".join(sorted(".".join(path[path[0] == "project":]) for path in found))
        first = min(found, key=lambda path: src.index.line(path) or 0)
        src.error(f"PEP 723 scripts do not support: {names}", first,
                  help=SINGLE_ENVIRONMENT[0].upper() + SINGLE_ENVIRONMENT[1:])


def _unsupported(table: object, path: KeyPath, allowed: tuple[str, ...]) -> list[KeyPath]:
    if not isinstance(table, dict):
        return []
    return [(*path, key) for key in table if key not in allowed]
