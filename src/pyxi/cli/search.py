"""`pyxi search SPEC [-c CH] [-p PLATFORM] [-l N] [-n N] [--json]`: find packages by name,
glob (`'py*'`) or spec (`'numpy >=2'`). Channels and platforms come from the workspace when
there is one, else conda-forge and every platform (as pixi)."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("package", metavar="SPEC", help="a name, a glob such as 'py*', or a spec")
    parser.add_argument(
        "-c",
        "--channel",
        action="append",
        default=[],
        metavar="CHANNEL",
        help="channel to search (repeatable; default: the workspace's, else conda-forge)",
    )
    parser.add_argument(
        "-p", "--platform", metavar="PLATFORM", help="search this platform (and noarch)"
    )
    parser.add_argument(
        "-l", "--limit", type=int, default=5, help="versions shown per package (negative: all)"
    )
    parser.add_argument(
        "-n", "--limit-packages", type=int, default=5, help="packages shown (negative: all)"
    )
    parser.add_argument("--json", action="store_true", help="pixi's JSON: the records by platform")


def _limit(value: int) -> int | None:
    return None if value < 0 else value


def execute(args: argparse.Namespace) -> int:
    from pyxi.cache import cache_dir
    from pyxi.cli.common import print_json, say
    from pyxi.conda.search import find_records, package_names
    from pyxi.global_.search import as_json, render, search
    from pyxi.global_.search_scope import search_scope

    channels, subdirs = search_scope(args.channel, args.platform, args.manifest_path)
    say(args, "Using channels: " + ", ".join(_short(c) for c in channels))
    cache = cache_dir()
    result = search(
        args.package,
        lambda specs: find_records(channels, subdirs, specs, cache),
        lambda: package_names(channels, subdirs, cache),
        None if args.json else _limit(args.limit_packages),
    )  # fmt: skip
    if args.json:
        print_json(as_json(result))
    else:
        print(render(result, _limit(args.limit_packages), _limit(args.limit)))
    return 0


def _short(url: str) -> str:
    from pyxi.workspace.channels import display_channel

    return display_channel(url)
