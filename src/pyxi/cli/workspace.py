"""`pyxi workspace …`: commands about the workspace as a whole. For now only `export`
(`cli/workspace_export.py`); the other subcommands fold in beside it."""

from __future__ import annotations

import argparse

from pyxi.cli.workspace_export import add_export_parser, execute_export


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="workspace_action", metavar="ACTION", required=True)
    add_export_parser(sub)


def execute(args: argparse.Namespace) -> int:
    return execute_export(args)
