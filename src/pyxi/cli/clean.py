"""`pyxi clean [-e ENV]`: remove installed environments (`.pixi/envs/NAME`), nothing else."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pyxi.cli.common import load, say


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-e", "--environment", metavar="ENV", help="remove only this environment (default: all, and the task cache)")


def execute(args: argparse.Namespace) -> int:
    from pyxi import consts

    workspace = load(args)
    pixi_dir = workspace.root / consts.PIXI_DIR
    if args.environment:
        targets = [workspace.environment(args.environment).prefix]
    else:
        targets = [pixi_dir / consts.ENVS_DIR, pixi_dir / "solve-group-envs", pixi_dir / "task-cache"]
    removed = [_remove(path) for path in targets if path.exists() or path.is_symlink()]
    if not removed:
        say(args, "✔ Nothing to remove")
    for message in removed:
        say(args, f"✔ {message}")
    return 0


def _remove(path: Path) -> str:
    """A link (an environment kept elsewhere) is removed, not what it points to (as pixi
    does): that folder may hold more than pyxi put there."""
    import shutil

    if path.is_symlink():
        target = os.path.realpath(path)
        path.unlink()
        return f"Removed the link {path} (the folder it pointed to, {target}, is left as it is)"
    shutil.rmtree(path)
    return f"Removed {path}"
