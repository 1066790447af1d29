"""`pyxi lock [--check] [--dry-run] [--json]`: bring pixi.lock up to date with the manifest,
nothing else, and show what changed (pixi's `+ name version` lines, on stderr).

`--check` updates the lock as pixi does, and exits 1 when it had to change; `--dry-run` solves
and writes nothing; `--json` prints the changes as `pyxi update --json` does.
"""

from __future__ import annotations

import argparse
import sys

from pyxi.cli.common import load, progress_for, say


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if pixi.lock was not up to date (it is updated)")
    parser.add_argument("--dry-run", action="store_true",
                        help="compute the new lock file, write nothing")
    parser.add_argument("--json", action="store_true", help="the changes as JSON")


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import print_json
    from pyxi.diagnostics import LockFileError
    from pyxi.sync.lock import ensure_lock, read_existing_lock, require_locked, vouch_for_lock
    from pyxi.sync.noop import LOCK_UP_TO_DATE
    from pyxi.sync.update import diff_locks
    from pyxi.sync.usage import LockUsage

    workspace = load(args)
    old = read_existing_lock(workspace)
    new, changed = ensure_lock(workspace, LockUsage.UPDATE, progress_for(args),
                               write=not args.dry_run, old=old)
    diff = diff_locks(old, new)
    if args.json:
        print_json(diff.to_json(workspace))
    elif changed:
        say(args, "ℹ Dry-run: lock file would be updated (not written to disk)" if args.dry_run
            else f"✔ Lock file updated: {workspace.lock_path.name}")
    lines = [] if args.json or args.quiet else diff.lines()
    if lines:
        print("\n".join(lines), file=sys.stderr)
    require_locked(workspace, new)  # environments pyxi cannot solve (the rest is written)
    if not args.dry_run and workspace.manifest.kind != "script":  # a script keeps no state
        vouch_for_lock(workspace)  # the next `lock` (or no-op `install`) trusts these bytes
    if not changed and not args.json:
        say(args, "ℹ Dry-run: lock file would not change" if args.dry_run else LOCK_UP_TO_DATE)
    if args.check and changed:
        raise LockFileError("lock file not up-to-date with the workspace",
                            help="it has been updated now; commit pixi.lock")
    return 0
