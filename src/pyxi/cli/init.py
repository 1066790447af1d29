"""`pyxi init [PATH] [--format pixi|pyproject] [-c CHANNEL…] [-p PLATFORM…]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from pyxi.cli.common import say


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", help="the workspace folder (default: here)")
    parser.add_argument(
        "--format",
        choices=("pixi", "pyproject"),
        help="write pixi.toml, or [tool.pixi] tables in pyproject.toml (default: pyproject when "
        "the folder has one, else pixi)",
    )
    parser.add_argument(
        "-c", "--channel", action="append", metavar="CHANNEL",
        help="a channel of the workspace (repeatable; default: the configuration's "
        "`default-channels`, else conda-forge)",
    )
    parser.add_argument(
        "-p", "--platform", action="append", metavar="PLATFORM",
        help="a platform to lock for (repeatable; default: this machine's)",
    )


def execute(args: argparse.Namespace) -> int:
    from pyxi.config.load import active
    from pyxi.manifest.edit_init import init_workspace

    platforms = args.platform or [_host_platform()]
    channels = args.channel or active().default_channels
    manifest = init_workspace(Path(args.path), args.format or "auto", channels, platforms)
    from pyxi.manifest.edit_options import add_pypi_indexes

    config = active()
    add_pypi_indexes(manifest, config.pypi_index_url, config.pypi_extra_index_urls)
    say(args, f"✔ Created {manifest}")
    return 0


def _host_platform() -> str:
    from pyxi.conda.host import host_subdir

    return host_subdir()
