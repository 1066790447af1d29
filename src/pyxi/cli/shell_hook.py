"""`pyxi shell-hook [-e ENV] [-p PLATFORM] [-s SHELL] [--json] [--change-ps1 true|false]
[--locked|--frozen]`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pyxi.cli.options import add_environment, add_json, add_lock_usage, add_platform

if TYPE_CHECKING:
    from pyxi.env.activate import Activation
    from pyxi.workspace.environment import Environment


def configure(parser: argparse.ArgumentParser) -> None:
    from pyxi.env.shell_hook import SHELLS

    add_environment(parser)
    add_platform(parser, "to activate")
    add_lock_usage(parser)
    parser.add_argument("-s", "--shell", choices=SHELLS, help="the shell to write for (default: from $SHELL)")
    parser.add_argument(
        "--change-ps1", choices=("true", "false"),
        help="prefix the prompt with the environment's name (default: the configuration's "
        "`shell.change-ps1`, else true)",
    )
    add_json(parser)


def change_ps1(args: argparse.Namespace) -> bool:
    """`--change-ps1`, else the configuration's `shell.change-ps1` (default: true)."""
    if args.change_ps1 is not None:
        return bool(args.change_ps1 == "true")
    from pyxi.config.load import active

    return active().change_ps1


def activated(args: argparse.Namespace) -> tuple[Environment, Activation]:
    """(environment, activation) for these flags: locked and installed first, as `run` does."""
    from pyxi.cli.common import load, preparer

    workspace = load(args)
    env = workspace.environment(args.environment)
    return env, preparer(args, workspace).prepare(env).activation


def execute(args: argparse.Namespace) -> int:
    import os
    import sys

    from pyxi.env.shell_hook import detect_shell, hook_json, hook_script

    _, activation = activated(args)
    base = dict(os.environ)
    if args.json:
        sys.stdout.write(hook_json(activation, base) + "\n")
        return 0
    shell = args.shell or detect_shell(base)
    sys.stdout.write(hook_script(activation, shell, base, change_ps1(args)))
    return 0
