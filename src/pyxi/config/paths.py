"""Where pixi's configuration files are, lowest priority first (pixi's order, see
`docs/reference/pixi_configuration.md`): the system file, the user's config folders, the pixi
home, then the workspace's `.pixi/config.toml`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

CONFIG_FILE = "config.toml"
ENV_HOME = "PIXI_HOME"


def pixi_home() -> Path:
    """`$PIXI_HOME`, else `~/.pixi`."""
    value = os.environ.get(ENV_HOME)
    return Path(value).expanduser() if value else Path.home() / ".pixi"


def system_config_path() -> Path:
    if os.name == "nt":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "pixi" / CONFIG_FILE
    return Path("/etc/pixi") / CONFIG_FILE


def global_config_paths() -> list[Path]:
    """The user-level files, lowest priority first, without duplicates."""
    home = Path.home()
    found: list[Path] = []
    if os.name == "nt":
        appdata = os.environ.get("APPDATA")
        if appdata:
            found.append(Path(appdata) / "pixi" / CONFIG_FILE)
    else:
        found.append(home / ".config" / "pixi" / CONFIG_FILE)
        xdg = os.environ.get("XDG_CONFIG_HOME")
        if xdg:
            found.append(Path(xdg) / "pixi" / CONFIG_FILE)
        if sys.platform == "darwin":
            found.append(home / "Library" / "Application Support" / "pixi" / CONFIG_FILE)
    found.append(home / ".pixi" / CONFIG_FILE)
    found.append(pixi_home() / CONFIG_FILE)
    return list(dict.fromkeys(found))


def local_config_path(root: Path) -> Path:
    return root / ".pixi" / CONFIG_FILE


def global_write_path() -> Path:
    """Where `pyxi config set --global` writes: the first user-level file that exists (after
    the XDG ones, as pixi), else `$PIXI_HOME/config.toml`."""
    candidates = global_config_paths()
    for path in candidates[:-1]:
        if path.is_file():
            return path
    return candidates[-1]
