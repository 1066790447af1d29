"""`pyxi update [PKG…] [-e ENV…] [-p PLATFORM…] [--dry-run] [--json]`.

Re-locks only what is asked; every other locked package stays. Prints `name old -> new` per
environment and platform (the JSON structure is documented in `pyxi.sync.update`).
"""

from __future__ import annotations

import argparse

from pyxi.cli.common import load, print_json, progress_for, say
from pyxi.cli.options import add_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packages", nargs="*", metavar="PKG", help="packages to update (default: all)")
    parser.add_argument("-e", "--environment", action="append", metavar="ENV", help="environment(s) to update (default: all)")
    parser.add_argument("-p", "--platform", action="append", metavar="PLATFORM", help="platform(s) to update (default: all)")
    parser.add_argument("-n", "--dry-run", action="store_true", help="show what would change, write nothing")
    add_json(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.lockfile.write import write_lock
    from pyxi.sync.update import update_lock_file

    workspace = load(args)
    new, diff, _ = update_lock_file(
        workspace, args.packages, args.environment or [], args.platform or [], progress_for(args)
    )
    if not args.dry_run:
        write_lock(workspace.lock_path, new)
    if args.json:
        print_json(diff.to_json(workspace))
        return 0
    for line in diff.lines():
        print(line)
    if diff.is_empty:
        say(args, "✔ Lock file was already up to date")
    elif not args.dry_run:
        say(args, "✔ Lock file updated: pixi.lock")
    return 0
