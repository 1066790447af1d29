"""Finding the workspace manifest, in pixi's order.

1. `--manifest-path` (a file, or a folder holding one of the two files);
2. `pixi.toml` in the start folder, then `pyproject.toml` with `[tool.pixi]` there;
3. the same in each parent folder, nearest first;
4. `$PIXI_PROJECT_MANIFEST` (set inside `pixi shell`/`run`). Inside a shell of another
   workspace, the local manifest wins, with a warning naming both.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pyxi.consts import ENV_IN_SHELL, ENV_PROJECT_MANIFEST, PIXI_TOML, PYPROJECT_TOML
from pyxi.diagnostics import ManifestError

_HELP = "run `pyxi init` to create a workspace, or pass `--manifest-path`"


def find_manifest(start: Path, manifest_path: str | None = None) -> Path:
    """The manifest pyxi should use when run in `start`."""
    if manifest_path is not None:
        return _explicit(start, Path(manifest_path))
    for folder in (start, *start.parents):
        found = manifest_in(folder)
        if found is not None:
            _warn_if_other_shell(found)
            return found
    from_env = _from_shell_env()
    if from_env is not None:
        return from_env
    raise ManifestError(
        f"could not find {PIXI_TOML} or {PYPROJECT_TOML} with [tool.pixi] at or above {start}",
        help=_HELP,
    )


def manifest_in(folder: Path) -> Path | None:
    """`pixi.toml`, else a `pyproject.toml` that has `[tool.pixi]`, in `folder`."""
    pixi = folder / PIXI_TOML
    if pixi.is_file():
        return pixi
    pyproject = folder / PYPROJECT_TOML
    if pyproject.is_file() and has_pixi_table(pyproject):
        return pyproject
    return None


def has_pixi_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml configures pixi. Cheap: parses only when the text mentions it."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return False
    if "tool.pixi" not in text and "[tool]" not in text:
        return False
    import tomli

    try:
        data = tomli.loads(text)
    except (tomli.TOMLDecodeError, RecursionError):
        # A broken file that mentions tool.pixi is meant for us: let the parser report it.
        return "tool.pixi" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and "pixi" in tool


def _explicit(start: Path, given: Path) -> Path:
    path = given if given.is_absolute() else start / given
    if path.is_dir():
        found = manifest_in(path)
        if found is None:
            raise ManifestError(
                f"could not find {PIXI_TOML} or {PYPROJECT_TOML} with [tool.pixi] in {path}",
                help=_HELP,
            )
        return found
    if not path.is_file():
        raise ManifestError(f"manifest `{given}` does not exist", help=_HELP)
    return path


def _warn_if_other_shell(found: Path) -> None:
    value = os.environ.get(ENV_PROJECT_MANIFEST)
    if not value or not os.environ.get(ENV_IN_SHELL) or Path(value) == found:
        return
    sys.stderr.write(
        f"warning: using the local manifest {found} rather than {value} from "
        f"`{ENV_PROJECT_MANIFEST}`\n"
    )


def _from_shell_env() -> Path | None:
    value = os.environ.get(ENV_PROJECT_MANIFEST)
    if not value:
        return None
    path = Path(value)
    return path if path.is_file() else None
