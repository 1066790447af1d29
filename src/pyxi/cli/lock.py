"""`pyxi lock [--check]`: bring pixi.lock up to date with the manifest, nothing else."""

from __future__ import annotations

import argparse

from pyxi.cli.common import load, progress_for, say


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if pixi.lock is not up to date, without writing it",
    )


def execute(args: argparse.Namespace) -> int:
    from pyxi.sync.lock import ensure_lock, vouch_for_lock
    from pyxi.sync.noop import LOCK_UP_TO_DATE
    from pyxi.sync.usage import LockUsage

    workspace = load(args)
    usage = LockUsage.LOCKED if args.check else LockUsage.UPDATE
    _, changed = ensure_lock(workspace, usage, progress_for(args))
    vouch_for_lock(workspace)  # the next `lock` (or no-op `install`) trusts these bytes
    say(args, "✔ Lock file updated: pixi.lock" if changed else LOCK_UP_TO_DATE)
    return 0
