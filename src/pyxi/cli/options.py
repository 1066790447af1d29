"""Flags shared by several commands, declared once. The option strings of those that `run`'s
and `install`'s import-light paths read too come from their table (`quickargs.OPTIONS`)."""

from __future__ import annotations

import argparse

from pyxi.quickargs import OPTIONS


def global_options(for_command: bool = False) -> argparse.ArgumentParser:
    """The global flags (`cli/global_options.py`) as a parent parser for the `pyxi` parser.
    A command's parser gets them from `add_to_tree` after its own flags (so that a command may
    declare one itself): `for_command` gives an empty parent, kept for the commands that still
    name it."""
    from pyxi.cli.global_options import add_global_options

    parent = argparse.ArgumentParser(add_help=False)
    if not for_command:
        add_global_options(parent, top=True)
    return parent


def add_lock_usage(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(*OPTIONS["locked"], action="store_true", help="fail if pixi.lock is not up to date with the manifest (env: PIXI_LOCKED)")
    group.add_argument(*OPTIONS["frozen"], action="store_true", help="use pixi.lock as it is, without checking it against the manifest (env: PIXI_FROZEN)")


def add_environment(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(*OPTIONS["environment"], metavar="ENV", help="the environment to use (default: `default`)")


def add_environments_or_all(parser: argparse.ArgumentParser, verb: str) -> None:
    target = parser.add_mutually_exclusive_group()
    target.add_argument(*OPTIONS["environment"], metavar="ENV", action="append", help=f"environment(s) to {verb} (default: `default`)")
    target.add_argument(*OPTIONS["all"], action="store_true", help=f"{verb} every environment")


def add_platform(parser: argparse.ArgumentParser, purpose: str = "to use") -> None:
    parser.add_argument(
        *OPTIONS["platform"], metavar="PLATFORM",
        help=f"the platform {purpose}, by name (default: the one selected for this machine, "
        "see `pyxi info`)",
    )


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output (stable keys)")


def add_channel_flags(parser: argparse.ArgumentParser) -> None:
    """`-c/--channel` (repeatable) and `-p/--platform`, for commands outside workspaces."""
    parser.add_argument(
        "-c", "--channel", action="append", default=[], metavar="CHANNEL",
        help="channel name, URL or path (repeatable; default: conda-forge)",
    )  # fmt: skip
    parser.add_argument(
        "-p", "--platform", metavar="PLATFORM", help="solve for this platform (default: this machine's)"
    )
