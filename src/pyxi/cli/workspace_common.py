"""What the `pyxi workspace …` subcommands share: nested parsers that accept the global
options at every level (`pyxi workspace --manifest-path X platform add …`, as pixi's tests
write it), the flags that choose where an edit goes and whether it re-locks and installs, and
the `✔ …` report lines."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from pyxi.cli.options import add_lock_usage, global_options

if TYPE_CHECKING:
    from pyxi.sync.workspace_edit import Edited, EditSettings, Where

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Run = Callable[[argparse.Namespace], int]


def command(subparsers: Subparsers, name: str, summary: str, run: Run | None = None,
            aliases: tuple[str, ...] = (), description: str | None = None,
            hidden: bool = False) -> argparse.ArgumentParser:
    """One level of the tree (`channel`, `channel add`, …) with the global options."""
    parents = [global_options(for_command=True)]
    if hidden:  # without `help`, argparse does not list it
        parser = subparsers.add_parser(name, aliases=list(aliases),
                                       description=description or summary, parents=parents)
    else:
        parser = subparsers.add_parser(name, aliases=list(aliases), help=summary,
                                       description=description or summary, parents=parents)
    if run is not None:
        parser.set_defaults(workspace_run=run)
    return parser


def actions(parser: argparse.ArgumentParser, dest: str) -> Subparsers:
    return parser.add_subparsers(dest=dest, metavar="COMMAND", required=True)


def add_no_install(parser: argparse.ArgumentParser, what: str = "only update the lock file") -> None:
    parser.add_argument("--no-install", action="store_true",
                        help=f"Don't modify the environment, {what} (env: PIXI_NO_INSTALL)")


def add_update_options(parser: argparse.ArgumentParser) -> None:
    """`--no-install`, `--frozen`, `--locked`: pixi's "update options"."""
    add_no_install(parser)
    add_lock_usage(parser)


def add_feature_or_environment(parser: argparse.ArgumentParser, what: str) -> None:
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-f", "--feature", metavar="FEATURE", type=nonempty("feature name"),
                        help=f"The name of the feature to {what}")
    target.add_argument("-e", "--environment", metavar="ENVIRONMENT",
                        help="The environment to modify: the change is written to the content "
                        "defined inline on the environment")


def nonempty(what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not value.strip():
            raise argparse.ArgumentTypeError(f"the {what} may not be empty")
        return value

    return check


def manifest(args: argparse.Namespace) -> Path:
    from pyxi.manifest.discover import find_manifest

    return find_manifest(Path.cwd(), args.manifest_path)


def where(args: argparse.Namespace) -> Where:
    from pyxi.sync.workspace_edit import Where

    return Where(getattr(args, "feature", None), getattr(args, "environment", None))


def settings(args: argparse.Namespace, relock: bool = True) -> EditSettings:
    from pyxi.cli.common import lock_usage, progress_for
    from pyxi.envflags import env_flag
    from pyxi.sync.workspace_edit import EditSettings

    no_install = getattr(args, "no_install", False) or env_flag("PIXI_NO_INSTALL")
    return EditSettings(lock_usage(args), not no_install, relock, progress_for(args))


def report(args: argparse.Namespace, lines: list[str], edited: Edited | None = None) -> int:
    """`✔ line` for each result on stderr, then the warnings of the written manifest."""
    from pyxi.cli.common import say
    from pyxi.cli.render import warn

    for line in lines:
        say(args, f"✔ {line}")
    if edited is not None and not args.quiet:
        for message in edited.warnings:
            warn(message)
    return 0


def outcome(args: argparse.Namespace, result: tuple[list[str], Edited]) -> int:
    return report(args, *result)


def print_lines(lines: list[str] | str) -> int:
    import sys

    text = lines if isinstance(lines, str) else "\n".join(lines)
    if text:
        sys.stdout.write(text + "\n")
    return 0
