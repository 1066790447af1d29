"""`pyxi install [-e ENV | -a] [--locked|--frozen]`: lock if stale, then install environments."""

from __future__ import annotations

import argparse

from pyxi.cli.common import load, lock_usage, progress_for, say
from pyxi.cli.options import add_lock_usage


def configure(parser: argparse.ArgumentParser) -> None:
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-e", "--environment", metavar="ENV", action="append", help="environment(s) to install (default: `default`)")
    target.add_argument("-a", "--all", action="store_true", help="install every environment")
    add_lock_usage(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.render import warn
    from pyxi.sync.install import ensure_installed
    from pyxi.sync.lock import ensure_lock

    workspace = load(args)
    progress = progress_for(args)
    lock, _ = ensure_lock(workspace, lock_usage(args), progress)
    if args.all:
        environments = list(workspace.environments.values())
    else:
        environments = [workspace.environment(name) for name in (args.environment or [None])]
    for env in environments:
        result = ensure_installed(workspace, env, lock, progress)
        for message in result.warnings:
            warn(message)
        state = "installed" if result.changed else "already up to date"
        say(args, f"✔ Environment `{env.name}` {state}: {env.prefix}")
    return 0
