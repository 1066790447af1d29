"""pixi's registry of named workspaces (`$PIXI_HOME/workspaces.toml`, `[named-workspaces]`:
name → workspace folder), read for `-w/--workspace NAME`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyxi.diagnostics import PyxiError

from .paths import pixi_home

REGISTRY_FILE = "workspaces.toml"


def named_workspaces() -> dict[str, Path]:
    import tomli

    path = pixi_home() / REGISTRY_FILE
    try:
        data = tomli.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomli.TOMLDecodeError) as error:
        raise PyxiError(f"cannot read the workspace registry {path}: {error}",
                        help="fix or remove the file") from None
    table = data.get("named-workspaces", {})
    return {str(k): Path(v) for k, v in table.items() if isinstance(v, str)} if isinstance(
        table, dict) else {}


def workspace_path(name: str) -> Path:
    """The folder registered under `name`; an error naming the known ones otherwise."""
    known = named_workspaces()
    if name not in known:
        listed = ", ".join(sorted(known)) or "none"
        raise PyxiError(f"could not find workspace '{name}'",
                        help=f"registered workspaces: {listed} (register one with "
                        "`pixi workspace register`)")
    path = known[name]
    if not path.exists():
        raise PyxiError(f"the workspace '{name}' is registered at {path}, which does not exist",
                        help=f"register it again, or remove it: pixi workspace register remove {name}")
    return path


def prune_registry() -> list[str]:
    """Remove the registered workspaces whose folder is gone; their names."""
    gone = sorted(name for name, folder in named_workspaces().items() if not folder.exists())
    if gone:
        def drop(table: Any) -> None:
            for name in gone:
                del table[name]

        _edit_registry(drop)
    return gone


def register_workspace(name: str, folder: Path, force: bool = False) -> bool:
    """Record `name` → `folder`; False (nothing written) when the name is taken and not `force`."""
    if name in named_workspaces() and not force:
        return False
    _edit_registry(lambda table: table.__setitem__(name, str(folder)))
    return True


def unregister_workspace(name: str) -> None:
    if name not in named_workspaces():
        raise PyxiError(f"Workspace '{name}' is not found.",
                        help="see the registered ones with `pixi workspace register list`")
    _edit_registry(lambda table: table.__delitem__(name))


def _edit_registry(change: Callable[[Any], None]) -> None:
    import tomlkit

    from pyxi.atomic import atomic_write

    path = pixi_home() / REGISTRY_FILE
    doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.is_file() else tomlkit.document()
    if "named-workspaces" not in doc:
        doc["named-workspaces"] = tomlkit.table()
    change(doc["named-workspaces"])
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tomlkit.dumps(doc).encode("utf-8"))
