"""`pyxi remove NAME… [--pypi] [-f FEATURE] [-p PLATFORM…] [--no-install]`."""

from __future__ import annotations

import argparse

from pyxi.cli.add import add_edit_target, manifest_path, report
from pyxi.cli.common import progress_for


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("names", nargs="+", metavar="NAME", help="the packages to remove")
    add_edit_target(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.sync.add import Target, remove_packages

    target = Target(args.feature, args.platform or [])
    outcome = remove_packages(
        manifest_path(args), args.names, args.pypi, target, not args.no_install, progress_for(args)
    )
    report(args, outcome, "Removed")
    return 0
