"""`pyxi clean [-e ENV]`: remove installed environments (`.pixi/envs/NAME`), nothing else."""

from __future__ import annotations

import argparse

from pyxi.cli.common import load, say


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-e", "--environment", metavar="ENV", help="remove only this environment (default: all, and the task cache)")


def execute(args: argparse.Namespace) -> int:
    import shutil

    from pyxi import consts

    workspace = load(args)
    pixi_dir = workspace.root / consts.PIXI_DIR
    if args.environment:
        targets = [workspace.environment(args.environment).prefix]
    else:
        targets = [pixi_dir / consts.ENVS_DIR, pixi_dir / "solve-group-envs", pixi_dir / "task-cache"]
    removed = [path for path in targets if path.exists()]
    for path in removed:
        shutil.rmtree(path)
    if not removed:
        say(args, "✔ Nothing to remove")
    for path in removed:
        say(args, f"✔ Removed {path}")
    return 0
