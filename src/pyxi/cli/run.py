"""`pyxi run [-e ENV] [-p PLATFORM] [--locked|--frozen] [-x] [--skip-deps] [--templated] [-n] [--clean-env] [--]
CMD_OR_TASK [ARGS…]`."""

from __future__ import annotations

import argparse
import sys

from pyxi.cli.options import add_environment, add_lock_usage, add_platform


def configure(parser: argparse.ArgumentParser) -> None:
    add_environment(parser)
    add_platform(parser, "to run on")
    add_lock_usage(parser)
    parser.add_argument("-x", "--executable", action="store_true", help="run the words as a command even if a task has that name")
    parser.add_argument("--skip-deps", action="store_true", help="run the task without its `depends-on` tasks")
    parser.add_argument(
        "--templated",
        action="store_true",
        help="render a command's words as MiniJinja templates, e.g. `{{ pixi.platform }}` "
        "(manifest tasks are always rendered)",
    )
    parser.add_argument("-n", "--dry-run", action="store_true", help="print the tasks that would run, run nothing")
    parser.add_argument("--clean-env", action="store_true", help="run with only the activation's variables (unix)")
    parser.add_argument(
        "argv",
        nargs=argparse.REMAINDER,
        metavar="CMD_OR_TASK [ARGS…]",
        help="a task of the manifest, or any command; it runs with the environment activated "
        "and pyxi exits with its exit code",
    )


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load, remember_task_names
    from pyxi.sync.usage import LockUsage

    argv = list(args.argv)
    if argv and argv[0] == "--":
        argv = argv[1:]
    # The unchanged-workspace shortcut already ran in pyxi.__main__ (env/quickrun.py).
    workspace = load(args)
    remember_task_names(workspace)
    if not argv or not argv[0].strip():  # nothing, or an empty word (`pyxi run ""`)
        from pyxi.env.tasks import no_command_error

        raise no_command_error(workspace.environment(args.environment))
    runner = _Runner(args, workspace, LockUsage.from_flags(args.locked, args.frozen))
    return runner.run(argv)


class _Runner:
    def __init__(self, args: argparse.Namespace, workspace, usage) -> None:  # type: ignore[no-untyped-def]
        from pyxi.cli.common import progress_for

        self.args = args
        self.workspace = workspace
        self.usage = usage
        self.progress = progress_for(args)
        self._lock = None

    def platform_for(self, env):  # type: ignore[no-untyped-def]
        """The environment's platform here, or None when it has none (for task lookup)."""
        from pyxi.conda.host import host_virtual_packages
        from pyxi.diagnostics import PyxiError
        from pyxi.env.host_platform import select_platform

        host_virtual_packages()  # a bad CONDA_OVERRIDE_* is an error of its own
        try:
            return select_platform(env, self.args.platform)
        except PyxiError:
            return None

    def run(self, argv: list[str]) -> int:
        from pyxi.env.tasks import choose_environment

        env = None
        if not self.args.executable:
            env = choose_environment(self.workspace, argv[0], self.args.environment, self.platform_for)
        if env is None:
            return self._command(argv)
        return self._task(env, argv)

    def _task(self, env, argv: list[str]) -> int:  # type: ignore[no-untyped-def]
        from pyxi.env.host_platform import select_platform
        from pyxi.env.tasks import plan_task
        from pyxi.env.tasks_run import TaskRunner

        select_platform(env, self.args.platform)  # why the task's environment cannot run here

        steps = plan_task(
            self.workspace, env, argv[0], argv[1:], self.platform_for, self.args.skip_deps
        )
        runner = TaskRunner(
            root=self.workspace.root,
            manifest_path=self.workspace.manifest.path,
            prepare=self.prepare,
            announce=self._announce,
            clean_env=self.args.clean_env,
            dry_run=self.args.dry_run,
        )
        return runner.run(steps)

    def _announce(self, message: str) -> None:
        if not self.args.quiet:
            print(message, file=sys.stderr, flush=True)

    def _command(self, argv: list[str]) -> int:
        import os

        from pyxi.env.process import exec_command
        from pyxi.env.tasks_run import clean_base

        env = self.workspace.environment(self.args.environment)
        if self.args.templated:
            argv = self._rendered(env, argv)
        prepared = self.prepare(env)
        base = clean_base() if self.args.clean_env and os.name == "posix" else dict(os.environ)
        variables = prepared.activation.apply(base)
        variables["INIT_CWD"] = os.getcwd()
        if self.args.dry_run:
            self._announce(" ".join(argv))
            return 0
        return exec_command(argv, variables)

    def _rendered(self, env, argv: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
        """`--templated`: each word rendered with the `pixi` object (pixi renders the words of
        an ad-hoc command only when asked: `{{` is common in shell code)."""
        from pyxi.env.tasks_render import pixi_context, render

        pixi = pixi_context(self.platform_for(env), env.name, str(self.workspace.manifest.path))
        return [render(word, {"pixi": pixi}, "the command") for word in argv]

    def prepare(self, env):  # type: ignore[no-untyped-def]
        from pyxi.cli.render import warn
        from pyxi.env.stamp import read_stamp
        from pyxi.env.tasks_run import Prepared
        from pyxi.sync.activation import activation_for
        from pyxi.sync.install import ensure_installed
        from pyxi.sync.lock import ensure_lock
        from pyxi.sync.usage import LockUsage

        checked = self.usage is not LockUsage.FROZEN
        if self._lock is None:
            self._lock, _ = ensure_lock(self.workspace, self.usage, self.progress)
        result = ensure_installed(
            self.workspace, env, self._lock, self.progress, lock_checked=checked,
            requested_platform=self.args.platform,
        )
        if checked:
            from pyxi.cli.common import vouch_for_lock

            vouch_for_lock(self.workspace)
        # The workspace lock guards locking and installing only: the user's command (which may
        # run pyxi itself) must neither hold it nor inherit the holder marker.
        from pyxi.sync.workspace_lock import release_all

        release_all()
        for message in result.warnings:
            warn(message)
        stamp = read_stamp(env.prefix)
        activation = activation_for(self.workspace, env, result.platform)
        return Prepared(activation, stamp.environment_hash if stamp else "")
