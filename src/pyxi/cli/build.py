"""`pyxi build [--path PATH] [--output-dir DIR] [-t PLATFORM]`: build the workspace's package
(pixi-build) into a `.conda` file in DIR (default: the current folder)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pyxi.cli.common import load, progress_for, say


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--path", metavar="PATH",
                        help="the folder of the package, or its manifest (default: the workspace)")
    parser.add_argument("-o", "--output-dir", metavar="DIR", default=".",
                        help="where to write the .conda file (default: the current folder)")
    parser.add_argument("-t", "--target-platform", metavar="PLATFORM",
                        help="the platform to build for (default: this machine's)")
    # pixi's --frozen, --locked and --no-install come with the global options: the build
    # uses its own environments, so they change nothing here


def execute(args: argparse.Namespace) -> int:
    from pyxi.conda.host import host_subdir
    from pyxi.sync.build_package import build_package, package_folder

    workspace = load(args)
    folder = package_folder(args.path, workspace)
    subdir = args.target_platform or host_subdir()
    built, target = build_package(workspace, folder, Path(args.output_dir).resolve(), subdir,
                                  progress_for(args))
    reused = " (unchanged, from the build cache)" if built.reused else ""
    say(args, f"✔ Built {built.metadata.name} {built.metadata.version}: {target}{reused}")
    return 0
