"""What every `pyxi global` subcommand shares: the project, reporting, collected errors."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a subcommand runs, not when the parser is built
    from pyxi.diagnostics import PyxiError
    from pyxi.global_.project import GlobalProject
    from pyxi.global_.state import StateChanges


def load(args: argparse.Namespace) -> GlobalProject:
    from pyxi.cli.common import progress_for
    from pyxi.global_.project import GlobalProject

    return GlobalProject.load(progress_for(args))


def report(args: argparse.Namespace, changes: StateChanges) -> None:
    if args.quiet:
        return
    for line in changes.lines():
        print(line, file=sys.stderr)


def add_environment_flag(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument(
        "-e", "--environment", metavar="ENV", required=required,
        help="the global environment" + ("" if required else " (default: one per package)"),
    )  # fmt: skip


def add_expose_flag(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument(
        "--expose", action="append", default=[], metavar="EXPOSED=EXECUTABLE", help=help
    )


def fail(args: argparse.Namespace, verb: str, failures: list[tuple[str, PyxiError]]) -> int:
    """Print every failure but the one raised, then raise one error for the command."""
    from pyxi.cli.render import render_error, use_color
    from pyxi.global_.attempt import collected

    error = collected(verb, failures)
    if error is None:
        return 0
    if len(failures) > 1:
        color = use_color(args.color, sys.stderr)
        for _, each in failures:
            print(render_error(each, color), file=sys.stderr)
    raise error
