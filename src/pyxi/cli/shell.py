"""`pyxi shell [-e ENV] [-p PLATFORM] [--locked|--frozen]`: the user's $SHELL with the environment
activated."""

from __future__ import annotations

import argparse

from pyxi.cli.options import add_environment, add_lock_usage, add_platform


def configure(parser: argparse.ArgumentParser) -> None:
    add_environment(parser)
    add_platform(parser, "to activate")
    add_lock_usage(parser)
    parser.add_argument(
        "--change-ps1", choices=("true", "false"),
        help="prefix the prompt with the environment's name (default: the configuration's "
        "`shell.change-ps1`, else true)",
    )


def execute(args: argparse.Namespace) -> int:
    import os

    from pyxi.cli.render import warn
    from pyxi.cli.shell_hook import activated, change_ps1
    from pyxi.env.process import wait_forwarding
    from pyxi.env.shell_hook import detect_shell, shell_command

    env, activation = activated(args)
    base = dict(os.environ)
    if base.get("PIXI_IN_SHELL") and base.get("CONDA_PREFIX") == str(env.prefix):
        warn(f"already in a shell of environment `{env.name}`; starting another one")
    shell = detect_shell(base)
    argv, variables, cleanup = shell_command(activation, shell, base, change_ps1(args))
    try:
        return wait_forwarding(argv, variables, shell=True)
    finally:
        cleanup()
