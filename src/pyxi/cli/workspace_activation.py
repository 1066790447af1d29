"""`pyxi workspace activation script|env|list …`: the scripts that run and the variables that
are set when an environment is activated."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from pyxi.cli.workspace_common import (
    Subparsers,
    actions,
    command,
    manifest,
    nonempty,
    outcome,
    print_lines,
    settings,
)

if TYPE_CHECKING:
    from pyxi.sync.workspace_activation import Place
    from pyxi.workspace.environment import Workspace

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def add_parser(subparsers: Subparsers) -> None:
    group = command(subparsers, "activation", "Commands to manage the activation of environments: "
                    "the scripts that run and the environment variables that are set when an "
                    "environment is activated")
    sub = actions(group, "activation_action")
    script = actions(command(sub, "script", "Commands to manage the `activation.scripts` list",
                             aliases=("scripts",)), "script_action")
    for name, aliases, summary, run in (
        ("add", ("a",), "Add activation script(s) to the end of `activation.scripts`", _add),
        ("prepend", (), ("Add activation script(s) to the front of `activation.scripts`, moving "
         "them there when they are already present"), _prepend),
        ("remove", ("rm",), "Remove activation script(s) from `activation.scripts`", _remove),
    ):
        parser = command(script, name, summary, run, aliases=aliases)
        parser.add_argument("scripts", nargs="+", metavar="SCRIPT", type=nonempty("activation script path"),
                            help="The activation script path(s), relative to the workspace root")
        _location(parser, "The name of the feature to modify")
    _list_parser(script, "List the activation scripts in the manifest", "scripts")
    env = actions(command(sub, "env", "Commands to manage the `activation.env` table"), "env_action")
    setter = command(env, "set", "Set (add or overwrite) activation environment variable(s)",
                     _set, aliases=("add",))
    setter.add_argument("variables", nargs="+", metavar="KEY=VALUE", type=_assignment,
                        help="The environment variable(s) to set, as `KEY=VALUE` pairs")
    _location(setter, "The name of the feature to modify")
    unset = command(env, "remove", "Remove activation environment variable(s) by name", _unset,
                    aliases=("rm", "unset"))
    unset.add_argument("keys", nargs="+", metavar="KEY",
                       help="The name(s) of the environment variable(s) to remove")
    _location(unset, "The name of the feature to modify")
    _list_parser(env, "List the activation environment variables in the manifest", "env")
    _list_parser(sub, "List the activation scripts and environment variables in the manifest", "all")


def _location(parser: argparse.ArgumentParser, feature_help: str) -> None:
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-f", "--feature", type=nonempty("feature name"), help=feature_help)
    target.add_argument("-e", "--environment", help="The environment to modify. The activation is "
                        "written to the content defined inline on the environment")
    parser.add_argument("-t", "--target", help="The target selector to modify, e.g. `linux-64`, "
                        "`unix` or a glob like `cuda-*`")


def _list_parser(sub: Subparsers, summary: str, mode: str) -> None:
    parser = command(sub, "list", summary, lambda args: _list(args, mode), aliases=("ls",))
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-f", "--feature", type=nonempty("feature name"),
                        help="Only show the activation of this feature")
    target.add_argument("-e", "--environment",
                        help="Only show the activation of features included in this environment")
    parser.add_argument("-t", "--target", help="Only show the activation of this target selector, "
                        "e.g. `linux-64`, `unix` or a glob like `cuda-*`")


def _assignment(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected an assignment in the form KEY=VALUE, got '{text}'")
    key, value = text.split("=", 1)
    key = key.strip()
    if not key:
        raise argparse.ArgumentTypeError(f"the variable name is missing in '{text}'")
    if not _NAME.match(key):
        raise argparse.ArgumentTypeError(
            f"'{key}' is not a valid environment variable name; use letters, digits and "
            "underscores, not starting with a digit")
    return key, value


def _place(args: argparse.Namespace) -> Place:
    from pyxi.sync.workspace_activation import Place

    return Place(args.feature, args.environment, args.target)


def _add(args: argparse.Namespace, prepend: bool = False) -> int:
    from pyxi.cli.render import warn
    from pyxi.sync import workspace_activation

    code = outcome(args, workspace_activation.add(manifest(args), args.scripts, prepend, _place(args),
                                                  settings(args)))
    if not args.quiet:
        for message in _script_warnings(args):
            warn(message)
    return code


def _prepend(args: argparse.Namespace) -> int:
    return _add(args, prepend=True)


def _remove(args: argparse.Namespace) -> int:
    from pyxi.sync import workspace_activation

    return outcome(args, workspace_activation.remove(manifest(args), args.scripts, _place(args),
                                                     settings(args)))


def _set(args: argparse.Namespace) -> int:
    from pyxi.sync import workspace_activation

    return outcome(args, workspace_activation.set_variables(
        manifest(args), args.variables, _place(args), settings(args)))


def _unset(args: argparse.Namespace) -> int:
    from pyxi.sync import workspace_activation

    return outcome(args, workspace_activation.remove_variables(
        manifest(args), args.keys, _place(args), settings(args)))


def _script_warnings(args: argparse.Namespace) -> list[str]:
    root = manifest(args).parent
    warnings = []
    for script in args.scripts:
        if not (root / script).is_file():
            warnings.append(f"The activation script '{script}' does not exist (yet); it is "
                            "resolved relative to the workspace root")
    return warnings


def _list(args: argparse.Namespace, mode: str) -> int:
    from pyxi.cli.common import load

    workspace = load(args)
    lines = []
    for owner, target, scripts, env in _entries(workspace, args):
        if (mode == "scripts" and not scripts) or (mode == "env" and not env):
            continue
        lines.append(owner + (f" Target: {target}" if target else ""))
        if mode != "env" and scripts:
            lines += ["  scripts:", *(f"    - {script}" for script in scripts)]
        if mode != "scripts" and env:
            lines += ["  env:", *(f'    {key} = "{value}"' for key, value in env)]
    if not lines:
        what = {"all": "activation scripts or environment variables", "scripts": "activation scripts",
                "env": "activation environment variables"}[mode]
        filtered = args.feature or args.environment or args.target
        lines.append(f"No {what} found {'for the given filter' if filtered else 'in the manifest'}.")
    return print_lines(lines)


def _entries(workspace: Workspace,
             args: argparse.Namespace) -> list[tuple[str, str | None, tuple[str, ...], tuple[tuple[str, str], ...]]]:
    from pyxi.diagnostics import PyxiError

    manifest_ = workspace.manifest
    wanted: list[str] | None = None
    if args.feature is not None:
        if args.feature not in manifest_.features:
            raise PyxiError(f"the feature '{args.feature}' does not exist")
        wanted = [args.feature]
    elif args.environment is not None:
        decl = manifest_.environments.get(args.environment)
        if decl is None:
            raise PyxiError(f"the environment '{args.environment}' does not exist")
        wanted = [*decl.features, *([] if decl.no_default_feature else ["default"])]
    owners = [(f"Feature: {f.name}", f) for f in manifest_.features.values()
              if wanted is None or f.name in wanted]
    if args.feature is None:  # an environment's own (inline) activation
        owners += [(f"Environment: {name}", decl.inline) for name, decl in manifest_.environments.items()
                   if decl.inline is not None and args.environment in (None, name)]
    entries = []
    for owner, feature in owners:
        for target, tables in [(None, feature.default), *feature.targets]:
            activation = tables.activation
            if activation is None or (args.target is not None and target != args.target):
                continue
            if activation.scripts or activation.env:
                entries.append((owner, target, activation.scripts, activation.env))
    return entries
