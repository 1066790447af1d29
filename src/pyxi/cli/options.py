"""Flags shared by several commands, declared once."""

from __future__ import annotations

import argparse


def global_options(for_command: bool = False) -> argparse.ArgumentParser:
    """The global flags, accepted before and after the command name. The command's copy has no
    defaults of its own, so `pyxi -q install` keeps the `-q` given before the command."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if for_command else value

    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("global options")
    group.add_argument(
        "--manifest-path",
        metavar="PATH",
        default=default(None),
        help="pixi.toml / pyproject.toml, or the folder holding it (default: search upwards from the current folder)",
    )
    group.add_argument("-v", "--verbose", action="count", default=default(0), help="more output (tracebacks on internal errors)")
    group.add_argument("-q", "--quiet", action="count", default=default(0), help="less output (no progress)")
    group.add_argument("--color", choices=("auto", "always", "never"), default=default("auto"), help="when to use colors")
    return parent


def add_lock_usage(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--locked", action="store_true", help="fail if pixi.lock is not up to date with the manifest (env: PIXI_LOCKED)")
    group.add_argument("--frozen", action="store_true", help="use pixi.lock as it is, without checking it against the manifest (env: PIXI_FROZEN)")


def add_environment(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-e", "--environment", metavar="ENV", help="the environment to use (default: `default`)")


def add_platform(parser: argparse.ArgumentParser, purpose: str = "to use") -> None:
    parser.add_argument(
        "-p", "--platform", metavar="PLATFORM",
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
