"""`pyxi clean [-e ENV] [--activation-cache] [--build] [--workspaces-registry]` and
`pyxi clean cache [--conda] [--pypi] [--repodata] [--mapping] [--exec] … [-y]`.

`clean` removes what the workspace's `.pixi` holds (environments, wherever
`detached-environments` put them, the task cache), or with `-e` one environment; `clean cache`
removes pyxi's (and pixi's) shared caches (`cli/clean_cache.py`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pyxi.cli.common import load, say


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-e", "--environment", metavar="ENV", help="remove only this environment (default: all, and the task cache)")
    parser.add_argument("--activation-cache", action="store_true", help="only remove the activation cache")
    parser.add_argument("--build", action="store_true", help="only remove the build cache (pyxi builds nothing: nothing to do)")
    parser.add_argument("--workspaces-registry", action="store_true", help="only remove registered workspaces whose folder is gone")
    sub = parser.add_subparsers(dest="clean_command", metavar="COMMAND")
    from pyxi.cli.clean_cache import configure_cache

    configure_cache(sub.add_parser("cache", help="Clean the caches on this machine that pixi and pyxi use"))


def execute(args: argparse.Namespace) -> int:
    if args.clean_command == "cache":
        from pyxi.cli.clean_cache import execute_cache

        return execute_cache(args)
    if args.workspaces_registry:
        return _prune_registry(args)
    from pyxi import consts
    from pyxi.quickstate import ACTIVATION

    workspace = load(args)
    pixi_dir = workspace.root / consts.PIXI_DIR
    chosen = [workspace.environment(args.environment)] if args.environment else list(
        workspace.environments.values())
    if args.activation_cache:
        targets = [env.prefix / ACTIVATION for env in chosen]
        targets += [] if args.environment else [pixi_dir / "activation-env-v0"]
    elif args.build:
        targets = [pixi_dir / "build"]
    elif args.environment:
        targets = [chosen[0].prefix]
    else:
        detached = {env.envs_dir for env in chosen if env.envs_dir is not None}
        targets = [pixi_dir / consts.ENVS_DIR, pixi_dir / "solve-group-envs",
                   pixi_dir / "task-cache", pixi_dir / "activation-env-v0",
                   *sorted(folder.parent for folder in detached)]
    removed = [remove(path) for path in targets if path.exists() or path.is_symlink()]
    if not removed:
        say(args, "✔ Nothing to remove")
    for message in removed:
        say(args, f"✔ {message}")
    return 0


def remove(path: Path) -> str:
    """A link (an environment kept elsewhere) is removed, not what it points to (as pixi
    does): that folder may hold more than pyxi put there."""
    import shutil

    from pyxi.cache import folder_size
    from pyxi.output import human_bytes

    if path.is_symlink():
        target = os.path.realpath(path)
        path.unlink()
        return f"Removed the link {path} (the folder it pointed to, {target}, is left as it is)"
    if path.is_dir():
        size = folder_size(path)
        shutil.rmtree(path)
    else:
        size = path.stat().st_size
        path.unlink()
    return f"Removed {path} ({human_bytes(size)})"


def _prune_registry(args: argparse.Namespace) -> int:
    from pyxi.config.registry import prune_registry

    for name in prune_registry():
        print(f"pruned workspace {name}", file=sys.stderr)
    return 0
