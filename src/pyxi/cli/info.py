"""`pyxi info [--extended] [--json]`: this machine (platform, virtual packages), the cache, the workspace."""

from __future__ import annotations

import argparse

from pyxi.cli.options import add_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--extended", action="store_true", help="show cache and environment size")
    add_json(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import print_json
    from pyxi.sync.info import collect_info, format_info

    data = collect_info(args.manifest_path, args.extended)
    data["global_info"] = _global_info()
    if args.json:
        print_json(data)
    else:
        print(format_info(data))
    return 0


def _global_info() -> dict[str, str]:
    """pixi's `global_info`: where `pyxi global` keeps its commands, environments and manifest."""
    from pyxi.global_.paths import discover

    paths = discover()
    return {"bin_dir": str(paths.bin_dir), "env_dir": str(paths.envs_dir),
            "manifest": str(paths.manifest)}
