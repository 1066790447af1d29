"""`pyxi global uninstall ENV…`: remove environments, their exposed commands and completions."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("environments", nargs="+", metavar="ENV", help="the environments to remove")


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.global_.common import fail, load, report
    from pyxi.diagnostics import PyxiError

    project = load(args)
    failures: list[tuple[str, PyxiError]] = []
    for name in args.environments:
        name = name.lower()
        try:
            changes = project.remove_env(name)
        except PyxiError as error:  # checked before anything is touched
            failures.append((name, error))
            continue
        project.save()
        report(args, changes)
    return fail(args, "remove", failures)
