"""`pyxi install [-e ENV | -a] [-p PLATFORM] [--locked|--frozen]`: lock if stale, then install
environments (for the platform selected for this machine, or PLATFORM).

A no-op install is decided first from hashes and stamps (`sync/noop.py`), before the manifest
parser, the lock reader or rattler are imported.
"""

from __future__ import annotations

import argparse

from pyxi.cli.options import add_lock_usage, add_platform


def configure(parser: argparse.ArgumentParser) -> None:
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-e", "--environment", metavar="ENV", action="append", help="environment(s) to install (default: `default`)")
    target.add_argument("-a", "--all", action="store_true", help="install every environment")
    add_platform(parser, "to install for")
    add_lock_usage(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.sync.noop import noop_install
    from pyxi.sync.usage import LockUsage

    usage = LockUsage.from_flags(args.locked, args.frozen)  # a bad PIXI_FROZEN is an error first
    if noop_install(args.manifest_path, args.environment, args.all, bool(args.quiet), args.color,
                    args.platform):
        return 0

    from pyxi.cli.common import (
        load,
        progress_for,
        remember_task_names,
        say,
        vouch_for_lock,
    )
    from pyxi.cli.render import warn
    from pyxi.sync.install import ensure_installed
    from pyxi.sync.lock import ensure_lock

    workspace = load(args)
    remember_task_names(workspace)
    progress = progress_for(args)
    lock, _ = ensure_lock(workspace, usage, progress)
    if args.all:
        environments = list(workspace.environments.values())
    else:
        environments = [workspace.environment(name) for name in (args.environment or [None])]
    for env in environments:
        result = ensure_installed(
            workspace, env, lock, progress, lock_checked=usage is not LockUsage.FROZEN,
            requested_platform=args.platform,
        )
        for message in result.warnings:
            warn(message)
        state = "installed" if result.changed else "already up to date"
        say(args, f"✔ Environment `{env.name}` {state}: {env.prefix}")
    if usage is not LockUsage.FROZEN:
        vouch_for_lock(workspace)
    return 0
