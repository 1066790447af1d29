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
    from pyxi.sync.lock import ensure_lock, require_locked
    from pyxi.sync.usage import LockUsage

    workspace = load(args)
    usage = LockUsage.LOCKED if args.check else LockUsage.UPDATE
    lock, changed = ensure_lock(workspace, usage, progress_for(args))
    if changed:
        say(args, "✔ Lock file updated: pixi.lock")
    require_locked(workspace, lock)  # environments pyxi cannot solve (the rest is written)
    if not changed:
        say(args, "✔ Lock file was already up to date")
    return 0
