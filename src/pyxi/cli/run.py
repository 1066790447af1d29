"""`pyxi run [-e ENV] [-p PLATFORM] [--locked|--frozen] [-x] [--skip-deps] [--templated] [-n] [--clean-env] [--]
CMD_OR_TASK [ARGS…]`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from pyxi.cli.options import add_environment, add_lock_usage, add_platform

if TYPE_CHECKING:
    from pyxi.manifest.model import PlatformSpec
    from pyxi.sync.prepare import Preparer
    from pyxi.workspace.environment import Environment, Workspace


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
    from pyxi.cli.common import load, preparer

    argv = list(args.argv)
    if argv and argv[0] == "--":
        argv = argv[1:]
    if getattr(args, "script", None):  # `--script PATH ARGS…`: the script, by the env's python
        from pyxi.cli.run_script import is_transient, run_transient

        if is_transient(args.script):
            return run_transient(args, argv)
        argv, args.executable = ["python", args.manifest_path, *argv], True
    # The unchanged-workspace shortcut already ran in pyxi.__main__ (env/quickrun.py).
    workspace = load(args)
    environments = preparer(args, workspace)  # records the task names for that shortcut
    if not argv:  # as pixi: the tasks there are, and whether this machine is the problem
        from pyxi.env.tasks import available_tasks
        from pyxi.progname import as_invoked

        print(as_invoked(available_tasks(workspace, args.environment)), file=sys.stderr)
        return 0
    if not argv[0].strip():  # an empty word (`pyxi run ""`)
        from pyxi.env.tasks import no_command_error

        raise no_command_error(workspace.environment(args.environment))
    return _Runner(args, workspace, environments).run(argv)


class _Runner:
    def __init__(self, args: argparse.Namespace, workspace: Workspace, environments: Preparer) -> None:
        self.args = args
        self.workspace = workspace
        self.environments = environments

    def platform_for(self, env: Environment) -> PlatformSpec | None:
        """The environment's platform here, or None when it has none (for task lookup)."""
        from pyxi.conda.host import host_virtual_packages
        from pyxi.diagnostics import PyxiError
        from pyxi.env.host_platform import select_platform

        host_virtual_packages()  # a bad CONDA_OVERRIDE_* is an error of its own
        try:  # `--no-install`/`--as-is`: the environment as it is, wherever it may run
            return select_platform(env, self.args.platform, to_run=not self.args.no_install)
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

    def _task(self, env: Environment, argv: list[str]) -> int:
        from pyxi.env.host_platform import select_platform
        from pyxi.env.tasks import plan_task
        from pyxi.env.tasks_run import TaskRunner

        if not self.args.no_install:  # why the task's environment cannot run here
            select_platform(env, self.args.platform)

        steps = plan_task(
            self.workspace, env, argv[0], argv[1:], self.platform_for, self.args.skip_deps
        )
        runner = TaskRunner(
            root=self.workspace.root,
            manifest_path=self.workspace.manifest.path,
            prepare=self.environments.prepare,
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
        prepared = self.environments.prepare(env)
        base = clean_base() if self.args.clean_env and os.name == "posix" else dict(os.environ)
        variables = prepared.activation.apply(base)
        variables["INIT_CWD"] = os.getcwd()
        if self.args.dry_run:
            self._announce(" ".join(argv))
            return 0
        if not _findable(argv, variables):
            return self._not_found(env, argv[0])
        return exec_command(argv, variables)

    def _not_found(self, env: Environment, word: str) -> int:
        """Neither a task nor a command: exit 127, as pixi, with the tasks there are and the
        most similar one."""
        from pyxi.cli.external import most_similar
        from pyxi.env.process import COMMAND_NOT_FOUND

        tasks = sorted(n for n in env.tasks(self.platform_for(env)) if not n.startswith("_"))
        print(f"error: command not found: {word}", file=sys.stderr)
        similar = most_similar(word, tasks, threshold=0.7)
        if similar:
            print(f"  help: did you mean the task `{similar}`?", file=sys.stderr)
        if tasks:
            print("Available tasks:\n" + "\n".join(f"\t{t}" for t in tasks), file=sys.stderr)
        return COMMAND_NOT_FOUND

    def _rendered(self, env: Environment, argv: list[str]) -> list[str]:
        """`--templated`: each word rendered with the `pixi` object (pixi renders the words of
        an ad-hoc command only when asked: `{{` is common in shell code)."""
        from pyxi.env.tasks_render import pixi_context, render

        pixi = pixi_context(self.platform_for(env), env.name, str(self.workspace.manifest.path))
        return [render(word, {"pixi": pixi}, "the command") for word in argv]


def _findable(argv: list[str], variables: dict[str, str]) -> bool:
    """Whether the command can be started: a path, shell syntax (the shell decides), or a
    name on the activated PATH."""
    import shutil

    from pyxi.env.process import needs_shell

    if needs_shell(argv) or "/" in argv[0] or "\\" in argv[0]:
        return True
    return shutil.which(argv[0], path=variables.get("PATH")) is not None
