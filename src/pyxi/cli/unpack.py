"""`pyxi unpack [FILE] [-o DIR] [-e NAME]`: create the environment of a pack in DIR/NAME,
offline, with activation scripts in DIR (pixi-unpack's layout and flags)."""

from __future__ import annotations

import argparse
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack_file", metavar="FILE", type=Path, nargs="?",
                        default=Path("environment.tar"),
                        help="the pack (.tar, self-extracting .sh, or an unpacked folder; "
                        "default: environment.tar)")
    parser.add_argument("-o", "--output-directory", metavar="DIR", type=Path, default=Path("."),
                        help="where to create the environment and activate.sh (default: here)")
    parser.add_argument("-e", "--env-name", metavar="NAME", default="env",
                        help="the environment's folder inside DIR (default: env)")


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import say
    from pyxi.cli.render import warn
    from pyxi.pack.unpack import unpack

    from .pack import count

    result = unpack(args.pack_file, args.output_directory, args.env_name)
    for message in result.warnings:
        warn(message)
    say(args, f"✔ Unpacked environment `{result.environment}` ({count(result.conda, 'conda package')}"
        f", {count(result.pypi, 'wheel')}): {result.prefix}")
    if result.scripts:
        say(args, f"  activate it with: . {result.scripts[0]}")
    return 0
