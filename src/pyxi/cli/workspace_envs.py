"""`pyxi workspace environment add|list|remove` and `pyxi workspace feature list|remove`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pyxi.cli.workspace_common import (
    Subparsers,
    actions,
    command,
    manifest,
    outcome,
    print_lines,
    settings,
)

if TYPE_CHECKING:
    from pyxi.manifest.model import Feature


def add_environment(subparsers: Subparsers) -> None:
    group = command(subparsers, "environment", "Commands to manage workspace environments")
    sub = actions(group, "environment_action")
    add = command(sub, "add", "Adds an environment to the manifest file", _env_add, aliases=("a",))
    add.add_argument("name", metavar="NAME", help="The name of the environment to add")
    add.add_argument("-f", "--feature", dest="features", action="append", metavar="FEATURE",
                     help="Features to add to the environment (repeatable)")
    add.add_argument("--solve-group", metavar="SOLVE_GROUP",
                     help="The solve-group to add the environment to")
    add.add_argument("--no-default-feature", action="store_true",
                     help="Don't include the default feature in the environment")
    add.add_argument("--force", action="store_true",
                     help="Update the manifest even if the environment already exists")
    command(sub, "list", "List the environments in the manifest file", _env_list, aliases=("ls",))
    remove = command(sub, "remove", "Remove an environment from the manifest file", _env_remove,
                     aliases=("rm",))
    remove.add_argument("name", metavar="NAME", help="The name of the environment to remove")


def add_feature(subparsers: Subparsers) -> None:
    group = command(subparsers, "feature", "Commands to manage workspace features")
    sub = actions(group, "feature_action")
    listing = command(sub, "list", "List the features in the manifest file", _feature_list,
                      aliases=("ls",))
    listing.add_argument("--machine-readable", action="store_true", help=argparse.SUPPRESS)
    remove = command(sub, "remove", "Remove a feature from the manifest file", _feature_remove,
                     aliases=("rm",))
    remove.add_argument("feature", metavar="FEATURE", help="The name of the feature to remove")


def _env_add(args: argparse.Namespace) -> int:
    from pyxi.sync.workspace_envs import add_environment

    return outcome(args, add_environment(manifest(args), args.name, args.features, args.solve_group,
                                         args.no_default_feature, args.force, settings(args)))


def _env_remove(args: argparse.Namespace) -> int:
    from pyxi.sync.workspace_envs import remove_environment_named

    return outcome(args, remove_environment_named(manifest(args), args.name, settings(args)))


def _env_list(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load

    workspace = load(args)
    lines = ["Environments:"]
    for env in workspace.environments.values():
        lines += [f"- {env.name}:", f"    features: {', '.join(env.feature_names)}"]
        if env.solve_group:
            lines.append(f"    solve_group: {env.solve_group}")
    return print_lines(lines)


def _feature_list(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load

    features = load(args).manifest.features
    if args.machine_readable:
        return print_lines(" ".join(features))
    lines = ["Features:"]
    for feature in features.values():
        details = feature_details(feature)
        lines.append(f"- {feature.name}" + (":" if details else ""))
        lines += details
    return print_lines(lines)


def feature_details(feature: Feature) -> list[str]:
    """The indented `dependencies:`, `pypi-dependencies:` and `tasks:` lines of a feature."""
    tables = feature.default
    details = []
    for label, names in (("dependencies", tables.dependencies), ("pypi-dependencies", tables.pypi_dependencies),
                         ("tasks", tables.tasks)):
        if names:
            details.append(f"    {label}: {', '.join(names)}")
    return details


def _feature_remove(args: argparse.Namespace) -> int:
    from pyxi.sync.workspace_envs import remove_feature

    return outcome(args, remove_feature(manifest(args), args.feature, _confirm, settings(args)))


def _confirm(question: str) -> bool:
    """Ask on the terminal; without one, the answer is no (pixi cannot ask either)."""
    import sys

    if not sys.stdin.isatty():
        print(f"{question} [y/N] (no terminal to answer: not removed)", file=sys.stderr)
        return False
    answer = input(f"{question} [y/N] ")
    return answer.strip().lower() in ("y", "yes")
