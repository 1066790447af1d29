"""`pyxi workspace channel add|list|remove`."""

from __future__ import annotations

import argparse

from pyxi.cli.workspace_common import (
    Subparsers,
    actions,
    add_feature_or_environment,
    add_update_options,
    command,
    manifest,
    outcome,
    settings,
    where,
)


def add_parser(subparsers: Subparsers) -> None:
    group = command(subparsers, "channel", "Commands to manage workspace channels")
    sub = actions(group, "channel_action")
    for name, alias, summary, run in (
        ("add", "a", "Adds a channel to the manifest and updates the lock file", _add),
        ("remove", "rm", "Remove channel(s) from the manifest and updates the lock file", _remove),
    ):
        parser = command(sub, name, summary, run, aliases=(alias,))
        parser.add_argument("channels", nargs="+", metavar="CHANNEL", help="The channel name or URL")
        parser.add_argument("--priority", type=int, metavar="PRIORITY", help="Specify the channel priority")
        parser.add_argument("--prepend", action="store_true",
                            help="Add the channel(s) to the beginning of the channels list, making "
                            "them the highest priority")
        add_feature_or_environment(parser, "modify")
        add_update_options(parser)
    listing = command(sub, "list", "List the channels in the manifest", _list, aliases=("ls",))
    listing.add_argument("--urls", action="store_true",
                         help="Whether to display the channel's names or urls")


def _add(args: argparse.Namespace) -> int:
    from pyxi.sync import workspace_channels

    return outcome(args, workspace_channels.add(
        manifest(args), args.channels, args.priority, args.prepend, where(args), settings(args)))


def _remove(args: argparse.Namespace) -> int:
    from pyxi.sync import workspace_channels

    return outcome(args, workspace_channels.remove(
        manifest(args), args.channels, args.priority, where(args), settings(args)))


def _list(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load
    from pyxi.cli.workspace_common import print_lines

    workspace = load(args)
    lines = []
    for env in workspace.environments.values():
        lines.append(f"Environment: {env.name}")
        shown = env.channels if args.urls else env.channel_names
        lines += [f"- {channel}" for channel in shown]
    return print_lines(lines)
