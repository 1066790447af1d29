"""`pyxi workspace …` (old name: `pyxi project`): modify the workspace manifest through the
command line; the families of subcommands (`channel`, `platform`, …) as pixi 0.77 has them."""

from __future__ import annotations

import argparse
import importlib

DESCRIPTION = "Modify the workspace configuration file through the command line"
# pixi's order: (module, the function that registers one family of subcommands).
FAMILIES = (
    ("pyxi.cli.workspace_activation", "add_parser"),
    ("pyxi.cli.workspace_channel", "add_parser"),
    ("pyxi.cli.workspace_meta", "add_description"),
    ("pyxi.cli.workspace_platform", "add_parser"),
    ("pyxi.cli.workspace_meta", "add_version"),
    ("pyxi.cli.workspace_envs", "add_environment"),
    ("pyxi.cli.workspace_envs", "add_feature"),
    ("pyxi.cli.workspace_export", "add_parser"),
    ("pyxi.cli.workspace_meta", "add_name"),
    ("pyxi.cli.workspace_meta", "add_preview"),
    ("pyxi.cli.workspace_meta", "add_requires_pixi"),
    ("pyxi.cli.workspace_register", "add_parser"),
    ("pyxi.cli.workspace_sysreq", "add_parser"),  # deprecated, hidden
)

def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    sub = parser.add_subparsers(dest="workspace_action", metavar="COMMAND", required=True)
    for module, function in FAMILIES:
        getattr(importlib.import_module(module), function)(sub)


def execute(args: argparse.Namespace) -> int:
    return int(args.workspace_run(args))


def rewrite_argv(argv: list[str]) -> list[str]:
    from pyxi.cli.workspace_platform import intermixed

    return intermixed(argv)
