"""`pyxi add SPEC… [--pypi] [-f FEATURE] [-p PLATFORM…] [--no-install]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.cli.common import progress_for, say

if TYPE_CHECKING:
    from pyxi.sync.add import EditOutcome


def add_edit_target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pypi", action="store_true", help="PyPI packages (pypi-dependencies)")
    parser.add_argument("-f", "--feature", metavar="FEATURE", help="the feature to edit (default: the default feature)")
    parser.add_argument(
        "-p", "--platform", action="append", metavar="PLATFORM",
        help="edit [target.PLATFORM.*] instead of the table for every platform (repeatable)",
    )
    parser.add_argument("--no-install", action="store_true", help="update the manifest and pixi.lock only")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("specs", nargs="+", metavar="SPEC", help='packages, e.g. numpy "python>=3.12" conda-forge::scipy')
    add_edit_target(parser)


def manifest_path(args: argparse.Namespace) -> Path:
    from pyxi.manifest.discover import find_manifest

    return find_manifest(Path.cwd(), args.manifest_path)


def report(args: argparse.Namespace, outcome: EditOutcome, verb: str) -> None:
    from pyxi.cli.render import warn

    for name, value in outcome.written.items():
        shown = "" if value is None else f" {value}" if isinstance(value, str) else f" {dict(value)}"
        say(args, f"✔ {verb} {name}{shown}")
    for name in dict.fromkeys(outcome.inherited):
        say(args, f"✔ {name} inherits from `[workspace.dependencies]` and was left unchanged")
        say(args, f"  change its `[workspace.dependencies]` entry, or give a spec (`pyxi add "
            f'"{name}==1.0"`) to replace the inheritance')
    for message in outcome.warnings:
        warn(message)


def execute(args: argparse.Namespace) -> int:
    from pyxi.manifest.edit_spec import parse_conda_spec, parse_pypi_spec
    from pyxi.sync.add import Target, add_packages

    parse = parse_pypi_spec if args.pypi else parse_conda_spec
    specs = [parse(text) for text in args.specs]
    target = Target(args.feature, args.platform or [])
    outcome = add_packages(manifest_path(args), specs, target, not args.no_install, progress_for(args))
    report(args, outcome, "Added")
    return 0
