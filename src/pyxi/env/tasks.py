"""Running manifest tasks: dependencies first, in order, stopping at the first failure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pyxi.diagnostics import PyxiError
from pyxi.env.process import call_command, exec_command, shell_argv
from pyxi.manifest.model import PlatformSpec, Task
from pyxi.workspace.environment import Environment


def find_task(env: Environment, platform: PlatformSpec, name: str) -> Task | None:
    return env.tasks(platform).get(name)


def no_command_error(env: Environment) -> PyxiError:
    names = sorted(n for n in env.tasks(None) if not n.startswith("_"))
    listing = ", ".join(names) if names else "(none)"
    return PyxiError(
        "`pyxi run` needs a command or a task name",
        help=f"tasks of environment `{env.name}`: {listing}; or e.g. `pyxi run python --version`",
        exit_code=2,
    )


def _order(env: Environment, platform: PlatformSpec, task: Task) -> list[Task]:
    tasks = env.tasks(platform)
    ordered: list[Task] = []
    visiting: set[str] = set()

    def visit(current: Task) -> None:
        if current in ordered:
            return
        if current.name in visiting:
            raise PyxiError(f"task `{current.name}` depends on itself (a `depends-on` cycle)")
        visiting.add(current.name)
        for dependency in current.depends_on:
            target = tasks.get(dependency.task)
            if target is None:
                raise PyxiError(
                    f"task `{current.name}` depends on `{dependency.task}`, which is not a task of environment `{env.name}`"
                )
            visit(target)
        visiting.discard(current.name)
        ordered.append(current)

    visit(task)
    return ordered


def _argv(task: Task, extra: Sequence[str]) -> list[str] | None:
    if task.cmd is None:
        return None
    command = task.cmd if isinstance(task.cmd, str) else " ".join(task.cmd)
    return shell_argv(command, extra)


def run_task(
    env: Environment,
    platform: PlatformSpec,
    task: Task,
    extra: Sequence[str],
    variables: dict[str, str],
    root: Path,
) -> int:
    chain = _order(env, platform, task)
    for index, step in enumerate(chain):
        last = index == len(chain) - 1
        argv = _argv(step, extra if last else ())
        if argv is None:
            continue
        step_env = dict(variables)
        step_env.update(dict(step.env))
        cwd = root / step.cwd if step.cwd else root
        if last:
            return exec_command(argv, step_env, cwd)
        code = call_command(argv, step_env, cwd)
        if code != 0:
            return code
    return 0
