"""`pyxi list [REGEX] [-e ENV] [-p PLATFORM] [-x] [--sort-by size|name|kind] [--fields F,…]
[--json]`: the locked packages of one environment (pixi's columns and JSON keys)."""

from __future__ import annotations

import argparse
import sys

from pyxi.cli.options import add_environment, add_json, add_lock_usage, add_platform
from pyxi.sync.listing import DEFAULT_FIELDS, FIELDS, SORT_KEYS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("regex", nargs="?", metavar="REGEX",
                        help="list only packages matching a regular expression")
    add_environment(parser)
    add_platform(parser, "to list")
    add_json(parser)
    parser.add_argument("--sort-by", choices=SORT_KEYS, default="name",
                        help="sorting strategy (default: name)")
    parser.add_argument("--fields", action="append", metavar="FIELDS",
                        help="which fields to display and in what order (comma-separated; "
                        f"default: {', '.join(DEFAULT_FIELDS)}; available: "
                        f"{', '.join(sorted(FIELDS))})")
    parser.add_argument("-x", "--explicit", action="store_true",
                        help="only list packages that are explicitly defined in the workspace")
    add_lock_usage(parser)


def fields(args: argparse.Namespace) -> tuple[str, ...]:
    if not args.fields:
        return DEFAULT_FIELDS
    chosen = tuple(f.strip() for text in args.fields for f in text.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FIELDS]
    if unknown:
        from pyxi.diagnostics import PyxiError

        raise PyxiError(f"invalid value '{unknown[0]}' for '--fields'",
                        help=f"possible values: {', '.join(sorted(FIELDS))}", exit_code=2)
    return chosen


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load, lock_usage, print_json, progress_for
    from pyxi.diagnostics import PyxiError
    from pyxi.env.host_platform import select_platform
    from pyxi.sync.listing import format_packages, list_packages, select_rows
    from pyxi.sync.lock import ensure_lock

    columns = fields(args)
    workspace = load(args)
    env = workspace.environment(args.environment)
    lock, _ = ensure_lock(workspace, lock_usage(args), progress_for(args))
    rows = select_rows(list_packages(workspace, env, lock, args.platform), args.regex,
                       args.explicit, args.sort_by)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        platform = select_platform(env, args.platform, to_run=False)
        raise PyxiError(f"No packages found in '{env.name}' environment for "
                        f"'{platform.name}' platform.")
    if env.name != "default" and not args.quiet:
        print(f"Environment: {env.name}", file=sys.stderr)
    print(format_packages(rows, columns))
    return 0
