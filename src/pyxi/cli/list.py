"""`pyxi list [-e ENV] [-p PLATFORM] [--json]`: the locked packages of one environment."""

from __future__ import annotations

import argparse

from pyxi.cli.options import add_environment, add_json, add_lock_usage, add_platform


def configure(parser: argparse.ArgumentParser) -> None:
    add_environment(parser)
    add_platform(parser, "to list")
    add_json(parser)
    add_lock_usage(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load, lock_usage, print_json, progress_for
    from pyxi.sync.listing import format_packages, list_packages
    from pyxi.sync.lock import ensure_lock

    workspace = load(args)
    env = workspace.environment(args.environment)
    lock, _ = ensure_lock(workspace, lock_usage(args), progress_for(args))
    rows = list_packages(workspace, env, lock, args.platform)
    if args.json:
        print_json(rows)
    else:
        print(format_packages(rows))
    return 0
