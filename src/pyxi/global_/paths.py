"""Where pixi keeps its global state, and so where pyxi keeps it too.

`$PIXI_HOME` (default `~/.pixi`) holds `manifests/pixi-global.toml`, the environments in
`envs/NAME`, the exposed commands in `bin/` (with their trampoline settings in
`bin/trampoline_configuration/NAME.json`) and shell completions in `completions/`. The
manifest may instead live in the user's config folder (`pixi/manifests/`): the first existing
one wins, in pixi's order.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pyxi.datamodel import model

HOME_VARIABLE = "PIXI_HOME"
MANIFEST_NAME = "pixi-global.toml"
MANIFESTS_DIR = "manifests"
TRAMPOLINE_DIR = "trampoline_configuration"
TRAMPOLINE_BIN = "trampoline_bin"  # pixi's compiled trampoline, hard-linked per command


@model(frozen=True)
class GlobalPaths:
    home: Path
    manifest: Path

    @property
    def bin_dir(self) -> Path:
        return self.home / "bin"

    @property
    def envs_dir(self) -> Path:
        return self.home / "envs"

    @property
    def completions_dir(self) -> Path:
        return self.home / "completions"

    @property
    def trampoline_dir(self) -> Path:
        return self.bin_dir / TRAMPOLINE_DIR

    def env_prefix(self, name: str) -> Path:
        return self.envs_dir / name

    def exposed_path(self, exposed_name: str) -> Path:
        suffix = ".exe" if os.name == "nt" else ""
        return self.bin_dir / f"{exposed_name}{suffix}"

    def trampoline_config(self, exposed_name: str) -> Path:
        return self.trampoline_dir / f"{exposed_name}.json"


def pixi_home() -> Path:
    value = os.environ.get(HOME_VARIABLE)
    return Path(value).expanduser().absolute() if value else Path.home() / ".pixi"


def _config_dir() -> Path:
    if os.name == "nt":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def discover() -> GlobalPaths:
    """The global paths of this user: an existing manifest in pixi's priority order, else the
    one in `$PIXI_HOME/manifests` (created when first written)."""
    home = pixi_home()
    candidates = [home / MANIFESTS_DIR, _config_dir() / "pixi" / MANIFESTS_DIR]
    for folder in candidates:
        if (folder / MANIFEST_NAME).is_file():
            return GlobalPaths(home, folder / MANIFEST_NAME)
    return GlobalPaths(home, candidates[0] / MANIFEST_NAME)
