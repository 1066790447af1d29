"""Manifest tasks: which environment runs a task, and the ordered chain of steps to run.

A task name without `-e` is looked for in the `default` environment first (as pixi does): found
there, it runs in its `default-environment` when that environment runs here and has it, else
in `default` unless another environment defines the name differently. Otherwise it is looked
up in every environment: found in one, it runs there; found in several, a candidate whose
definition names itself as `default-environment`, or the environment of the pixi shell we are
in (`PIXI_ENVIRONMENT_NAME`), decides; else the name is ambiguous and the error names the
environments. `depends-on` entries run first, in order,
each once (a dependency may name its own environment and arguments).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pyxi.diagnostics import PyxiError
from pyxi.env.tasks_args import bind_args, bind_dependency_args
from pyxi.env.tasks_render import render
from pyxi.env.tasks_step import TaskStep
from pyxi.manifest.model import PlatformSpec
from pyxi.manifest.task_model import Task, TaskDependency
from pyxi.workspace.environment import Environment, Workspace
from pyxi.workspace.targets import applicable_tables

PlatformFor = Callable[[Environment], "PlatformSpec | None"]


def no_command_error(env: Environment) -> PyxiError:
    names = sorted(n for n in env.tasks(None) if not n.startswith("_"))
    listing = ", ".join(names) if names else "(none)"
    return PyxiError(
        "`pyxi run` needs a command or a task name",
        help=f"tasks of environment `{env.name}`: {listing}; or e.g. `pyxi run python --version`",
        exit_code=2,
    )


def available_tasks(workspace: Workspace, explicit: str | None) -> str:
    """What `pixi run` with nothing prints: the tasks of the environment (of every environment
    when none is named), and the `platform add` hint when no environment can run here."""
    from pyxi.env.host_platform import runs_here

    chosen = [workspace.environment(explicit)] if explicit else workspace.environments.values()
    names = sorted({n for env in chosen for n in env.tasks(None) if not n.startswith("_")})
    lines = ["Available tasks:", *(f"\t{name}" for name in names)] if names else ["No tasks."]
    if not any(runs_here(env) for env in workspace.environments.values()):
        from pyxi.conda.host import host_subdir

        here = host_subdir()
        hint = (f"help: this platform ({here}) is not supported by the workspace; add it with "
                f"`pyxi workspace platform add {here}`")
        lines += ["", hint]
    return "\n".join(lines)


def choose_environment(
    workspace: Workspace, name: str, explicit: str | None, platform_for: PlatformFor
) -> Environment | None:
    """The environment that runs task `name`, or None when `name` is not a task (a command)."""
    if explicit:
        env = workspace.environment(explicit)
        platform = platform_for(env)
        return env if name in env.tasks(platform) else None
    chosen = _through_default(workspace, name, platform_for)
    if chosen is not None:
        return chosen
    found = [
        env for env in workspace.environments.values() if name in env.tasks(platform_for(env))
    ]
    if len(found) <= 1:
        return found[0] if found else None
    return _disambiguate(found, name, platform_for)


def _through_default(workspace: Workspace, name: str, platform_for: PlatformFor) -> Environment | None:
    """pixi's first look, in the `default` environment: a task found there runs in its
    `default-environment` when that one runs here and has it, else in `default` itself unless
    another environment that runs here defines the name differently."""
    default = workspace.environments.get("default")
    task = default.tasks(platform_for(default)).get(name) if default else None
    if default is None or task is None:
        return None
    preferred = workspace.environments.get(task.default_environment or "")
    here = platform_for(preferred) if preferred is not None else None
    if preferred is not None and here is not None and name in preferred.tasks(here):
        return preferred
    others = [env for env in workspace.environments.values()
              if env is not default and platform_for(env) is not None]
    if all(env.tasks(platform_for(env)).get(name, task) is task for env in others):
        return default
    return None


def _disambiguate(found: list[Environment], name: str, platform_for: PlatformFor) -> Environment:
    for env in found:  # a candidate whose own definition names it as its environment
        if env.tasks(platform_for(env))[name].default_environment == env.name:
            return env
    by_name = {env.name: env for env in found}
    shell_env = os.environ.get("PIXI_ENVIRONMENT_NAME") if os.environ.get("PIXI_IN_SHELL") else None
    if shell_env in by_name:
        return by_name[shell_env]
    names = ", ".join(f"`{env}`" for env in by_name)
    raise PyxiError(
        f"task `{name}` is ambiguous: it is defined in the environments {names}",
        help=f"choose one with `-e`, e.g. `pyxi run -e {found[0].name} {name}`",
    )


def plan_task(
    workspace: Workspace,
    env: Environment,
    name: str,
    words: Sequence[str],
    platform_for: PlatformFor,
    skip_deps: bool = False,
) -> list[TaskStep]:
    """Every step to run for `pyxi run NAME WORDS…`, dependencies first, each once."""
    planner = _Planner(workspace, platform_for)
    task = _task(env, platform_for, name)
    args, extra = bind_args(task, words)
    root = TaskStep(task, env, _platform(env, platform_for), args, extra)
    if skip_deps:
        return [root]
    planner.visit(root)
    return planner.steps


def _platform(env: Environment, platform_for: PlatformFor) -> PlatformSpec:
    platform = platform_for(env)
    if platform is None:
        raise PyxiError(f"environment `{env.name}` cannot run on this machine's platform")
    return platform


def _task(env: Environment, platform_for: PlatformFor, name: str) -> Task:
    task = env.tasks(platform_for(env)).get(name)
    if task is None:
        raise PyxiError(f"`{name}` is not a task of environment `{env.name}`")
    return task


_StepKey = tuple[str, str, tuple[tuple[str, str], ...], tuple[str, ...]]
_Path = list[tuple[TaskStep, Iterator[TaskDependency]]]  # steps being visited, and what is left


def _step_key(step: TaskStep) -> _StepKey:
    return (step.task.name, step.environment.name, tuple(sorted(step.args.items())), tuple(step.extra))


class _Planner:
    def __init__(self, workspace: Workspace, platform_for: PlatformFor) -> None:
        self.workspace = workspace
        self.platform_for = platform_for
        self.manifest_path = str(Path(workspace.manifest.path))
        self.steps: list[TaskStep] = []
        self.seen: set[_StepKey] = set()
        self.on_path: set[str] = set()  # names of the steps being visited (a cycle meets one)

    def visit(self, root: TaskStep) -> None:
        """Dependencies first, depth first, each step once; iterative (no deep Python stack)."""
        path: _Path = []
        self._enter(root, path)
        while path:
            step, dependencies = path[-1]
            dependency = next(dependencies, None)
            if dependency is None:
                path.pop()
                self.on_path.discard(step.task.name)
                self.seen.add(_step_key(step))
                self.steps.append(step)
            else:
                self._enter(self._dependency_step(step, dependency), path)

    def _enter(self, step: TaskStep, path: _Path) -> None:
        if _step_key(step) in self.seen:
            return
        if step.task.name in self.on_path:
            chain = " -> ".join([*(entered.task.name for entered, _ in path), step.task.name])
            raise PyxiError(f"task `{step.task.name}` depends on itself: {chain}")
        self.on_path.add(step.task.name)
        path.append((step, iter(step.task.depends_on)))

    def _dependency_step(self, parent: TaskStep, dependency: TaskDependency) -> TaskStep:
        env = parent.environment
        if dependency.environment:
            env = self.workspace.environment(dependency.environment)
        task = env.tasks(self.platform_for(env)).get(dependency.task)
        if task is None:
            raise PyxiError(
                f"task `{parent.task.name}` depends on `{dependency.task}`, which is not a task "
                f"of environment `{env.name}`",
                location=dependency.location,
            )
        values = parent.values(self.manifest_path)
        site = f"the `depends-on` args of task `{parent.task.name}`"
        rendered = [
            replace(arg, value=render(arg.value, values, site, dependency.location))
            for arg in dependency.args
        ]
        args, extra = bind_dependency_args(task, parent.task.name, rendered, dependency.location)
        return TaskStep(task, env, _platform(env, self.platform_for), args, extra)


def task_json(task: Task) -> dict[str, object]:
    """One task as `pixi task list --json` shows it."""
    cmd = task.cmd if task.cmd is None or isinstance(task.cmd, str) else " ".join(task.cmd)
    return {
        "name": task.name,
        "cmd": cmd,
        "description": task.description,
        "depends_on": [_dependency_json(dependency) for dependency in task.depends_on],
        "args": [
            {"name": a.name, "default": a.default, "choices": list(a.choices) if a.choices else None}
            for a in task.args
        ] or None,
        "cwd": task.cwd,
        "default_environment": task.default_environment,
        "env": dict(task.env) or None,
        "clean_env": task.clean_env,
        "inputs": list(task.inputs) or None,
        "outputs": list(task.outputs) or None,
    }


def _dependency_json(dependency: TaskDependency) -> dict[str, object]:
    """pixi's `Dependency`: `{"task_name", "args": [{"Positional": v} | {"Named": [k, v]}] |
    null, "environment"}`."""
    args = [{"Named": [a.name, a.value]} if a.name else {"Positional": a.value}
            for a in dependency.args]
    return {"task_name": dependency.task, "args": args or None,
            "environment": dependency.environment}


def environment_tasks(env: Environment, platform: PlatformSpec | None) -> dict[str, Any]:
    """`{"environment", "tasks": [], "features": [{"name", "tasks": [...]}]}` (pixi §6.3): the
    environment's inline tasks under `tasks`, each feature's under its name; hidden tasks
    (`_name`) are left out, a name defined by an earlier feature wins."""
    seen: set[str] = set()
    inline: list[dict[str, object]] = []
    features = []
    for feature in env.features:
        tasks: dict[str, Task] = {}
        for table in applicable_tables(feature, platform):
            tasks.update(table.tasks)
        visible = [task_json(t) for n, t in tasks.items() if not n.startswith("_") and n not in seen]
        seen |= set(tasks)
        if feature.environment is not None:
            inline += visible
        elif visible:
            features.append({"name": feature.name, "tasks": visible})
    return {"environment": env.name, "tasks": inline, "features": features}
