"""`pyxi global list [REGEX] [-e ENV] [--json]`: the environments with their dependencies and
exposed commands (`-e ENV`: that environment's installed packages)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pyxi.cli.global_.common import add_environment_flag
from pyxi.cli.options import add_json

if TYPE_CHECKING:
    from pyxi.global_.project import GlobalProject


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "regex", nargs="?", help="only environments (with -e: packages) matching this"
    )
    add_environment_flag(parser, required=False)
    parser.add_argument(
        "--sort-by",
        choices=("name", "size"),
        default="name",
        help="order of the packages (with -e)",
    )
    add_json(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import print_json
    from pyxi.cli.global_.common import load
    from pyxi.cli.render import warn
    from pyxi.diagnostics import PyxiError
    from pyxi.global_.listing import NOTHING_FOUND, environments_json, environments_tree, selected

    project = load(args)
    envs = project.manifest.envs
    only = [args.environment.lower()] if args.environment else None
    if only and only[0] not in envs:
        raise PyxiError(
            f"environment {only[0]} not found", help="`pyxi global list` shows the environments"
        )
    if args.json:
        print_json(environments_json(project.paths, selected(envs, args.regex, only)))
        return 0
    if only:
        return _one(args, project, only[0])
    for name, env in envs.items():
        if not env.dependencies:
            warn(f"Environment {name} doesn't contain dependencies. Skipping.")
    listed = selected(envs, args.regex, None)
    if not listed:
        print(NOTHING_FOUND)
        return 0
    if not all(project.in_sync(env.name) for env in listed):
        warn("The environments are not in sync with the manifest, to sync run\n\tpyxi global sync")
    print(f"Global environments as specified in '{project.paths.manifest}'")
    print(environments_tree(project.paths, listed, {}))
    return 0


def _one(args: argparse.Namespace, project: GlobalProject, name: str) -> int:
    from pyxi.cli.render import warn
    from pyxi.global_.listing import environment_details, environment_packages
    from pyxi.sync.listing import format_packages

    env = project.env(name)
    if not project.in_sync(name):
        warn(
            f"The environment {name} is not in sync with the manifest, to sync run\n\tpyxi global sync"
        )
    rows = environment_packages(project.paths, env, args.regex)
    if args.sort_by == "size":
        rows.sort(key=lambda row: row["size_bytes"])
    filtered = f" filtered by regex `{args.regex}`" if args.regex else ""
    print(f"The {name} environment has {len(rows)} packages{filtered}:")
    print(format_packages(rows))
    print("\n".join(environment_details(env)))
    return 0
