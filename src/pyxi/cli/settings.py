"""What the global options (`cli/global_options.py`) and their `PIXI_*` variables mean, decided
once after parsing: logging, colours, progress, the workspace to use, `--as-is`, and the
configuration every layer below reads (`pyxi.config.active()`)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from pyxi.diagnostics import PyxiError
from pyxi.envflags import env_flag

NO_PROGRESS_VARIABLES = ("PIXI_NO_PROGRESS", "PYXI_NO_PROGRESS")


def apply_settings(args: argparse.Namespace) -> None:
    """Resolve the global options in `args` (in place) and activate the configuration."""
    from pyxi.cli.logs import setup_logging
    from pyxi.cli.script_option import apply_script

    args.color = _color(args.color)
    setup_logging(args.verbose, args.quiet, args.color)
    apply_script(args)
    if args.workspace is not None:
        if args.manifest_path is not None:
            raise PyxiError("the argument '--manifest-path' cannot be used with '--workspace'",
                            help="name the workspace or its manifest, not both", exit_code=2)
        from pyxi.config.registry import workspace_path

        args.manifest_path = str(workspace_path(args.workspace))
    if args.as_is:
        args.frozen, args.no_install = True, True
    args.no_install = bool(args.no_install) or env_flag("PIXI_NO_INSTALL")
    args.no_progress = bool(args.no_progress) or any(
        env_flag(name) for name in NO_PROGRESS_VARIABLES)
    _activate_config(args)


def _color(given: str) -> str:
    """`--color`/`PIXI_COLOR`, then `FORCE_COLOR` and `NO_COLOR`, which win over both."""
    from pyxi.quickargs import CHOICES, COLOR_VARIABLE

    if given not in CHOICES["color"]:
        raise PyxiError(f"invalid value '{given}' for {COLOR_VARIABLE} (or --color)",
                        help=f"use one of: {', '.join(CHOICES['color'])}", exit_code=2)
    if os.environ.get("FORCE_COLOR"):
        return "always"
    if os.environ.get("NO_COLOR"):
        return "never"
    return given


def _activate_config(args: argparse.Namespace) -> None:
    from pyxi.config.load import activate, load_config

    config_file = args.config_file or os.environ.get("PIXI_CONFIG_FILE") or None
    config = load_config(
        _workspace_root(args.manifest_path),
        no_config=bool(args.no_config) or env_flag("PIXI_NO_CONFIG"),
        config_file=Path(config_file).expanduser() if config_file else None,
        overrides=command_line_config(args),
    )
    args.offline = config.offline
    activate(config)


def _workspace_root(manifest_path: str | None) -> Path | None:
    """The workspace whose `.pixi/config.toml` counts, when there is one (a command outside
    any workspace reads the user's files only)."""
    from pyxi.manifest.discover import find_manifest

    try:
        return find_manifest(Path.cwd(), manifest_path).parent
    except (PyxiError, OSError):
        return None


def command_line_config(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the command line gives (flags, else their variables), as config keys: the
    top layer of the configuration, as in pixi."""
    layer: dict[str, Any] = {}
    offline = args.offline if args.offline is not None else _optional_flag("PIXI_OFFLINE")
    if offline is not None:
        layer["offline"] = offline
    if args.tls_no_verify:
        layer["tls-no-verify"] = True
    tls_roots = args.tls_root_certs or os.environ.get("PIXI_TLS_ROOT_CERTS")
    if tls_roots:
        layer["tls-root-certs"] = tls_roots
    if args.auth_file:
        layer["authentication-override-file"] = args.auth_file
    concurrency = {key: value for key, value in (("solves", args.concurrent_solves),
                                                  ("downloads", args.concurrent_downloads))
                   if value is not None}
    if concurrency:
        layer["concurrency"] = concurrency
    if args.pinning_strategy:
        layer["pinning-strategy"] = args.pinning_strategy
    if args.pypi_keyring_provider:
        layer["pypi-config"] = {"keyring-provider": args.pypi_keyring_provider}
    if args.run_post_link_scripts:
        layer["run-post-link-scripts"] = "insecure"
    if args.use_environment_activation_cache:
        layer["experimental"] = {"use-environment-activation-cache": True}
    for kind in ("symbolic", "hard", "ref"):
        if getattr(args, f"no_{kind}_links") or env_flag(f"PIXI_NO_{kind.upper()}_LINKS"):
            layer[f"allow-{kind}-links"] = False
    return layer


def _optional_flag(name: str) -> bool | None:
    return env_flag(name) if os.environ.get(name, "").strip() else None
