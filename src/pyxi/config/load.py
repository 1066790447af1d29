"""Reading every config file in pixi's order into one `Config`, and the one the running
command uses (`activate` by the command line, `active` everywhere below it)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from .model import Config
from .paths import global_config_paths, local_config_path, system_config_path
from .read import ConfigFileError, read_layer

logger = logging.getLogger("pyxi.config")


def config_paths(root: Path | None, no_config: bool = False,
                 config_file: Path | None = None) -> list[Path]:
    """The files read, lowest priority first: `--no-config` skips the system and user files,
    `--config-file` replaces them; the workspace's `.pixi/config.toml` always comes last."""
    if config_file is not None:
        paths = [config_file]
    elif no_config:
        paths = []
    else:
        paths = [system_config_path(), *global_config_paths()]
    if root is not None:
        paths.append(local_config_path(root))
    return list(dict.fromkeys(paths))


def load_config(root: Path | None, no_config: bool = False, config_file: Path | None = None,
                overrides: dict[str, Any] | None = None) -> Config:
    """Every file merged (a file that cannot be used is reported and skipped, as pixi does),
    then `overrides` (the command line's settings) on top."""
    config = Config()
    if config_file is not None and not config_file.is_file():
        logger.warning(f"the config file {config_file} (--config-file / PIXI_CONFIG_FILE) "
                       "does not exist: using the defaults")
    for path in config_paths(root, no_config, config_file):
        try:
            layer = read_layer(path)
        except ConfigFileError as error:
            where = f" at {error.location}" if error.location else ""
            logger.warning(f"{error.message}{where}; the file is ignored")
            continue
        if layer is None:
            continue
        if layer.ignored:
            logger.warning(f"Ignoring '{', '.join(layer.ignored)}' in {path}")
        logger.debug(f"config: read {path}")
        config = config.over(layer.data, path)
    return config.over(overrides or {})


_active: list[Config] = []


def activate(config: Config) -> None:
    """Make `config` the one `active()` returns for the rest of this process."""
    _active[:] = [config]


def active() -> Config:
    """The configuration of the running command; outside the command line (a library call, a
    test), the user's files alone."""
    if not _active:
        _active.append(load_config(None))
    return _active[0]
