"""`pyxi upgrade [PACKAGES…] [-f FEATURE | -e ENV] [--exclude PKG…] [--json] [-n]`.

Checks if there are newer versions of the dependencies and upgrades them in the lock file and
the manifest: each spec loses its version, the solver takes the newest, and the spec gets
pixi's semver pin of it (`>=0.2.0,<0.3`). `update` moves packages inside the specs; `upgrade`
moves the specs. The changes go to stderr as pixi prints them (`--json`: stdout).
"""

from __future__ import annotations

import argparse

from pyxi.cli.common import print_json, progress_for, say
from pyxi.cli.options import add_json, add_lock_usage


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packages", nargs="*", metavar="PACKAGES", help="The packages to upgrade")
    parser.add_argument("-f", "--feature", metavar="FEATURE", help="The feature to update")
    parser.add_argument("-e", "--environment", metavar="ENVIRONMENT",
                        help="The environment whose inline dependencies should be updated")
    parser.add_argument("--exclude", action="append", metavar="EXCLUDE", default=[],
                        help="The packages which should be excluded (repeatable)")
    add_json(parser)
    parser.add_argument("-n", "--dry-run", action="store_true",
                        help="Only show the changes that would be made, without actually updating "
                        "the manifest, lock file, or environment")
    parser.add_argument("--no-install", action="store_true",
                        help="Don't modify the environment, only modify the lock file (env: PIXI_NO_INSTALL)")
    add_lock_usage(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.add import manifest_path, options_of
    from pyxi.cli.render import warn
    from pyxi.sync.upgrade import UpgradeRequest, upgrade

    _check_flags(args)
    options = options_of(args)
    if not options.relock:
        warn("using `--frozen` or `--locked` will not make any changes and does not display "
             "results. You probably meant: `--dry-run`")
    request = UpgradeRequest(args.packages, args.exclude, args.feature, args.environment,
                             args.dry_run, options)
    outcome = upgrade(manifest_path(args), request, progress_for(args))
    if args.json:
        print_json(outcome.diff.to_json(outcome.workspace))
        return 0
    for line in outcome.diff.pixi_lines():
        say(args, line)
    if outcome.inherited:
        say(args, "i Dependencies inheriting from `[workspace.dependencies]` were left unchanged: "
                  + ", ".join(outcome.inherited))
        say(args, "  Update the corresponding `[workspace.dependencies]` entries to upgrade them")
    if outcome.diff.is_empty and options.relock:
        say(args, "✔ All packages are already up-to-date")
    for message in outcome.warnings:
        warn(message)
    return 0


def _check_flags(args: argparse.Namespace) -> None:
    from pyxi.diagnostics import PyxiError

    if args.environment and args.feature:
        raise PyxiError("the argument '--environment <ENVIRONMENT>' cannot be used with "
                        "'--feature <FEATURE>'", exit_code=2)
    if args.exclude and args.packages:
        raise PyxiError("the argument '--exclude <EXCLUDE>' cannot be used with '[PACKAGES]...'",
                        help="name the packages to upgrade, or the ones to leave out", exit_code=2)
