"""`pyxi install [-e ENV | -a] [-p PLATFORM] [--locked|--frozen]`: lock if stale, then install
environments (for the platform selected for this machine, or PLATFORM).

A no-op install is decided first from hashes and stamps (`sync/noop.py`), before the manifest
parser, the lock reader or rattler are imported.
"""

from __future__ import annotations

import argparse

from pyxi.cli.options import add_environments_or_all, add_lock_usage, add_platform


def configure(parser: argparse.ArgumentParser) -> None:
    add_environments_or_all(parser, "install")
    add_platform(parser, "to install for")
    add_lock_usage(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load, preparer, say
    from pyxi.sync.install import InstallResult
    from pyxi.sync.noop import noop_install
    from pyxi.sync.usage import LockUsage

    LockUsage.from_flags(args.locked, args.frozen)  # a bad PIXI_FROZEN is an error first
    if noop_install(args.manifest_path, args.environment, args.all, bool(args.quiet), args.color,
                    args.platform):
        return 0

    def done(result: InstallResult) -> None:
        state = "installed" if result.changed else "already up to date"
        say(args, f"✔ Environment `{result.environment.name}` {state}: {result.environment.prefix}")

    names = None if args.all else (args.environment or [None])
    preparer(args, load(args)).install_all(names, done)
    return 0
