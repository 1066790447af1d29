"""`pyxi global remove -e ENV PKG…`: remove dependencies (and the commands they exposed)."""

from __future__ import annotations

import argparse

from pyxi.cli.global_.common import add_environment_flag


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packages", nargs="+", metavar="PACKAGE", help="the packages to remove")
    add_environment_flag(parser, required=False)


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.global_.common import fail, load, report
    from pyxi.diagnostics import PyxiError
    from pyxi.global_.attempt import attempt
    from pyxi.global_.edits import remove_packages
    from pyxi.manifest.edit_spec import parse_conda_spec

    if args.environment is None:
        raise PyxiError(
            "`--environment` is required",
            help=f"`pyxi global uninstall {' '.join(args.packages)}` removes whole environments",
        )
    names = [parse_conda_spec(text).name.lower() for text in args.packages]
    project = load(args)
    name = args.environment.lower()
    project.env(name)
    changes, error = attempt(project, name, lambda: remove_packages(project, name, names))
    if changes is not None:
        report(args, changes)
    return fail(args, "remove packages from", [(name, error)] if error else [])
