"""`pyxi run [-e ENV] [--locked|--frozen] [--] CMD_OR_TASK [ARGS…]`."""

from __future__ import annotations

import argparse
from pyxi.cli.options import add_environment, add_lock_usage


def configure(parser: argparse.ArgumentParser) -> None:
    add_environment(parser)
    add_lock_usage(parser)
    parser.add_argument(
        "argv",
        nargs=argparse.REMAINDER,
        metavar="CMD_OR_TASK [ARGS…]",
        help="a task of the manifest, or any command; it runs with the environment activated "
        "and pyxi exits with its exit code",
    )


def execute(args: argparse.Namespace) -> int:
    from pyxi.sync.usage import LockUsage

    argv = list(args.argv)
    if argv and argv[0] == "--":
        argv = argv[1:]
    # The unchanged-workspace shortcut already ran in pyxi.__main__ (env/quickrun.py).
    return _full_run(args, argv, LockUsage.from_flags(args.locked, args.frozen))


def _full_run(args: argparse.Namespace, argv: list[str], usage) -> int:  # type: ignore[no-untyped-def]
    import os

    from pyxi.cli.common import load, progress_for
    from pyxi.cli.render import warn
    from pyxi.env.process import exec_command
    from pyxi.env.tasks import find_task, run_task
    from pyxi.sync.activation import activation_for
    from pyxi.sync.install import ensure_installed
    from pyxi.sync.lock import ensure_lock

    workspace = load(args)
    env = workspace.environment(args.environment)
    if not argv:
        from pyxi.env.tasks import no_command_error

        raise no_command_error(env)
    progress = progress_for(args)
    lock, _ = ensure_lock(workspace, usage, progress)
    result = ensure_installed(workspace, env, lock, progress)
    for message in result.warnings:
        warn(message)
    activation = activation_for(workspace, env, result.platform)
    variables = activation.apply(dict(os.environ))
    variables["INIT_CWD"] = os.getcwd()
    task = find_task(env, result.platform, argv[0])
    if task is not None:
        return run_task(env, result.platform, task, argv[1:], variables, workspace.root)
    return exec_command(argv, variables)
