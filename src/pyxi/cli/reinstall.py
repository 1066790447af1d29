"""`pyxi reinstall [PACKAGE…] [-e ENV…|-a] [-p PLATFORM]`: install an environment again from
pixi.lock (updating the lock first if it is stale), or only some of its packages."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pyxi.cli.options import add_environments_or_all, add_lock_usage, add_platform

if TYPE_CHECKING:
    from pyxi.lockfile.model import LockFile


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "packages", nargs="*", metavar="PACKAGE",
        help="a package to install again (conda or PyPI; default: the whole environment)",
    )
    add_environments_or_all(parser, "re-install")
    add_platform(parser, "to re-install for")
    add_lock_usage(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load, preparer, say

    workspace = load(args)
    environments = preparer(args, workspace)
    lock = environments.lock()
    names = (list(workspace.environments) if args.all
             else args.environment or [None])
    for name in names:
        env = workspace.environment(name)
        if args.packages:
            _check_locked(lock, env.name, args.packages)
        environments.install(env, frozenset(args.packages))
        what = ", ".join(f"`{p}`" for p in args.packages)
        say(args, f"✔ {what} re-installed in environment `{env.name}`: {env.prefix}"
            if args.packages else f"✔ Environment `{env.name}` re-installed: {env.prefix}")
    environments.vouch()
    return 0


def _check_locked(lock: LockFile, environment: str, packages: list[str]) -> None:
    """Every named package is locked for the environment (on some platform)."""
    from pyxi.diagnostics import PyxiError
    from pyxi.names import normalize_pypi_name

    data = lock.environments.get(environment)
    platforms = list(data.packages) if data else []
    locked = {normalize_pypi_name(p.name) for platform in platforms
              for p in lock.packages_for(environment, platform)}
    unknown = [p for p in packages if normalize_pypi_name(p) not in locked]
    if unknown:
        raise PyxiError(
            f"{', '.join(f'`{p}`' for p in unknown)} not in environment `{environment}` of "
            "pixi.lock", help="`pyxi list` shows the packages of the environment",
        )
