"""`pyxi global add -e ENV PKG… [--expose E=X]`: more packages in an existing environment
(their commands are not exposed unless `--expose` says so)."""

from __future__ import annotations

import argparse

from pyxi.cli.global_.common import add_environment_flag, add_expose_flag


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packages", nargs="+", metavar="PACKAGE", help="the packages to add")
    add_environment_flag(parser, required=True)
    add_expose_flag(parser, "also expose these commands (repeatable)")


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.global_.common import fail, load, report
    from pyxi.global_.attempt import attempt
    from pyxi.global_.edits import add_packages
    from pyxi.global_.model import parse_mapping
    from pyxi.global_.specs import parse_specs

    specs = parse_specs(args.packages)
    mappings = [parse_mapping(m) for m in args.expose]
    project = load(args)
    name = args.environment.lower()
    project.env(name)
    changes, error = attempt(project, name, lambda: add_packages(project, name, specs, mappings))
    if changes is not None:
        report(args, changes)
    return fail(args, "add packages to", [(name, error)] if error else [])
