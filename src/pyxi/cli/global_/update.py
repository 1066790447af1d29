"""`pyxi global update [ENV…]`: re-solve environments to the newest versions their specs
allow (all of them, and remove the ones the manifest no longer has, without ENV)."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "environments", nargs="*", metavar="ENV", help="the environments (default: all)"
    )


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.global_.common import fail, load, report
    from pyxi.diagnostics import PyxiError
    from pyxi.global_.attempt import attempt
    from pyxi.global_.edits import update_environment

    if args.global_command == "upgrade":
        raise PyxiError(
            "`pyxi global upgrade` was removed, as in pixi",
            help="`pyxi global update [ENV…]` updates environments",
        )
    project = load(args)
    names = list(dict.fromkeys(n.lower() for n in args.environments))
    if not names:
        report(args, project.prune_old_envs())
        names = list(project.manifest.envs)
    failures = []
    for name in names:
        project.env(name)
        changes, error = attempt(project, name, lambda: update_environment(project, name))  # noqa: B023
        if error is not None:
            failures.append((name, error))
        elif changes is not None:
            report(args, changes)
    return fail(args, "update", failures)
