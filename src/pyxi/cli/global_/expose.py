"""`pyxi global expose add -e ENV E=X…` / `pyxi global expose remove E…`."""

from __future__ import annotations

import argparse

from pyxi.cli.global_.common import add_environment_flag
from pyxi.cli.options import global_options


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="expose_command", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add", help="expose commands of an environment", parents=[global_options(True)]
    )
    add.add_argument(
        "mappings",
        nargs="+",
        metavar="MAPPING",
        help="EXPOSED=EXECUTABLE, or EXECUTABLE (exposed under its file name)",
    )
    add_environment_flag(add, required=True)
    remove = sub.add_parser(
        "remove", help="remove exposed commands", parents=[global_options(True)]
    )
    remove.add_argument("names", nargs="+", metavar="EXPOSED_NAME", help="the exposed names")


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.global_.common import fail, load, report
    from pyxi.global_.attempt import attempt
    from pyxi.global_.edits import expose_add, expose_owner, expose_remove
    from pyxi.global_.model import parse_mapping

    project = load(args)
    if args.expose_command == "add":
        name = args.environment.lower()
        mappings = [parse_mapping(m) for m in args.mappings]
        project.env(name)
        changes, error = attempt(project, name, lambda: expose_add(project, name, mappings))
        if changes is not None:
            report(args, changes)
        return fail(args, "expose commands of", [(name, error)] if error else [])
    for exposed in args.names:
        owner = expose_owner(project, exposed)
        changes, error = attempt(project, owner, lambda: expose_remove(project, exposed))  # noqa: B023
        if error is not None:
            raise error
        if changes is not None:
            report(args, changes)
    return 0
