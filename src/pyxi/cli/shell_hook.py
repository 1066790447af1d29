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
        "--change-ps1", choices=("true", "false"), default="true",
        help="prefix the prompt with the environment's name (default: true)",
    )
    add_json(parser)


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
    sys.stdout.write(hook_script(activation, shell, base, args.change_ps1 == "true"))
    return 0
