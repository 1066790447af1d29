"""`pyxi global shortcut add -e ENV PKG…` / `remove PKG…`: the `shortcuts` of the manifest.

pyxi records them as pixi does but creates no menu entries (pixi's menuinst is not available
to pyxi); a package can only be listed when it ships a menu document (`Menu/*.json`).
"""

from __future__ import annotations

import argparse

from pyxi.cli.global_.common import add_environment_flag
from pyxi.cli.options import global_options

NOT_CREATED = "menu entries (shortcuts) are not created by pyxi: `pixi global sync` creates them"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="shortcut_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add shortcuts of packages", parents=[global_options(True)])
    add.add_argument("packages", nargs="+", metavar="PACKAGE")
    add_environment_flag(add, required=True)
    remove = sub.add_parser("remove", help="remove shortcuts", parents=[global_options(True)])
    remove.add_argument("packages", nargs="+", metavar="SHORTCUT")


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.global_.common import load
    from pyxi.cli.render import warn
    from pyxi.global_.shortcuts import add_shortcuts, remove_shortcuts

    project = load(args)
    names = [p.lower() for p in args.packages]
    if args.shortcut_command == "add":
        add_shortcuts(project, args.environment.lower(), names)
        warn(NOT_CREATED)
    else:
        remove_shortcuts(project, names)
    project.save()
    return 0
