"""`pyxi exec [-s SPEC…|-w SPEC…] [-c CH] [-p PLATFORM] [--force-reinstall] [--list[=REGEX]]
CMD [ARGS…]`: run a command in a temporary environment, cached by its specs.

Without `--spec` (or with `--with`), the package named like the command is installed too.
A cached environment is used without solving; only a new one (or `--force-reinstall`,
`--list`) solves. The command runs with the environment activated, as pixi runs it
(`PIXI_ENVIRONMENT_NAME=temp:SPECS`, and a prompt unless `--no-modify-ps1`).
"""

from __future__ import annotations

import argparse

from pyxi.cli.options import add_channel_flags

# Options of `exec` that take a value as the next word (to find where the command starts).
_VALUED = {
    "-s",
    "--spec",
    "-w",
    "--with",
    "-c",
    "--channel",
    "-p",
    "--platform",
    "--manifest-path",
    "--color",
}


def rewrite_argv(argv: list[str]) -> list[str]:
    """A bare `--list` never takes the next word (pixi's `--list=REGEX` needs the `=`)."""
    out = list(argv)
    start = out.index("exec") + 1
    i = start
    while i < len(out):
        word = out[i]
        if word == "--" or not word.startswith("-"):
            break
        if word == "--list":
            out[i] = "--list="
        i += 2 if word in _VALUED else 1
    return out


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-s",
        "--spec",
        action="append",
        default=[],
        metavar="SPEC",
        help="a package of the environment (repeatable); the command's own is then not guessed",
    )
    parser.add_argument(
        "-w",
        "--with",
        dest="with_",
        action="append",
        default=[],
        metavar="SPEC",
        help="a package besides the one named like the command (repeatable)",
    )
    add_channel_flags(parser)
    parser.add_argument(
        "--force-reinstall", action="store_true", help="solve and install the environment again"
    )
    parser.add_argument(
        "--list",
        nargs="?",
        const="",
        metavar="REGEX",
        help="list the environment's packages (`--list=REGEX`: those matching)",
    )
    parser.add_argument(
        "--no-modify-ps1", action="store_true", help="do not set PS1 for the command"
    )
    parser.add_argument(
        "argv", nargs=argparse.REMAINDER, metavar="CMD [ARGS…]", help="the command to run"
    )


def execute(args: argparse.Namespace) -> int:
    import os

    from pyxi.cache import cache_dir
    from pyxi.cli.common import progress_for
    from pyxi.env.process import exec_command
    from pyxi.global_.exec_env import ensure
    from pyxi.global_.exec_run import (
        check_command,
        command_environment,
        exec_request,
        listing,
        solver,
    )

    argv = list(args.argv)
    if argv[:1] == ["--"]:
        argv = argv[1:]
    request, names = exec_request(args.spec, args.with_, args.channel, args.platform, argv)
    cache = cache_dir()
    prefix, packages = ensure(
        request, cache, solver(request, cache, progress_for(args)), progress_for(args),
        reinstall=args.force_reinstall, fresh_solve=args.list is not None,
    )  # fmt: skip
    if args.list is not None and packages is not None:
        print(listing(packages, request, args.list or None))
    env = command_environment(
        prefix, names, modify_ps1=not args.no_modify_ps1, base=dict(os.environ)
    )
    check_command(argv, env, prefix)
    return exec_command(argv, env)
