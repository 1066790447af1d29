"""Running a planned task chain: each step in its activated environment, through a real shell
(bash, else sh; cmd.exe on Windows), stopping at the first failure with its exit code.

Variables, lowest to highest priority: the caller's environment (or a minimal one with
`clean-env`), activation (packages' scripts, `[activation] scripts`, `[activation] env`),
then the task's `env`. Steps with `inputs`/`outputs` are skipped when their fingerprint has
not changed since their last successful run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from pyxi.datamodel import model
from pyxi.env.activate import Activation
from pyxi.env.process import call_command, exec_command, shell_argv
from pyxi.env.tasks_cache import CacheEntry, cache_entry, unmatched_globs
from pyxi.env.tasks_step import RenderedStep, TaskStep
from pyxi.workspace.environment import Environment

_CLEAN_KEEP = ("HOME", "USER", "LOGNAME", "SHELL", "TERM", "LANG", "LC_ALL", "TMPDIR", "DISPLAY")
_CLEAN_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
_VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)")


@model
class Prepared:
    """An environment made ready to run in (locked, installed, activation computed)."""

    activation: Activation
    environment_hash: str


@model
class TaskRunner:
    root: Path
    manifest_path: Path
    prepare: Callable[[Environment], Prepared]
    announce: Callable[[str], None]
    clean_env: bool = False
    dry_run: bool = False

    def run(self, steps: list[TaskStep]) -> int:
        # Every template is rendered before anything runs: a template error stops the chain
        # before its first step, not after minutes of work.
        rendered = [step.render(str(self.manifest_path)) for step in steps]
        prepared: dict[str, Prepared] = {}
        for index, (step, fields) in enumerate(zip(steps, rendered)):
            env_name = step.environment.name
            if env_name not in prepared:
                prepared[env_name] = self.prepare(step.environment)
            code = self._run_step(step, fields, prepared[env_name], last=index == len(steps) - 1)
            if code != 0:
                return code
        return 0

    def _run_step(
        self, step: TaskStep, fields: RenderedStep, prepared: Prepared, last: bool
    ) -> int:
        command = fields.command
        label = f"{step.task.name} in {step.environment.name}"
        if command is None:
            return 0  # an alias: its dependencies already ran
        described = f": ({step.task.description})" if step.task.description else ""
        self.announce(f"✨ pyxi task ({label}): {command}{described}")
        if self.dry_run:
            return 0
        cache = self._cache(step, command, fields, prepared)
        if cache is not None and cache.is_hit():
            shown = f" with args {', '.join(step.args.values())}" if step.args else ""
            self.announce(f"Task '{step.task.name}'{shown} can be skipped (cache hit) 🚀")
            return 0
        variables = self._variables(step, fields, prepared)
        cwd = self.root / step.task.cwd if step.task.cwd else self.root  # pixi: not templated
        argv = shell_argv(command)
        if last and cache is None and not step.task.outputs and not step.task.inputs:
            return exec_command(argv, variables, cwd)
        code = call_command(argv, variables, cwd)
        if code == 0 and (entry := self._cache(step, command, fields, prepared)) is not None:
            entry.save()
        for warning in unmatched_globs(self.root, step.task.name, fields.inputs, fields.outputs):
            self.announce(f"warning: {warning}")
        return code

    def _cache(
        self, step: TaskStep, command: str, fields: RenderedStep, prepared: Prepared
    ) -> CacheEntry | None:
        return cache_entry(
            self.root, step.environment.name, step.task.name, command, fields.inputs,
            fields.outputs, prepared.environment_hash, step.args,
        )  # fmt: skip

    def _variables(
        self, step: TaskStep, fields: RenderedStep, prepared: Prepared
    ) -> dict[str, str]:
        clean = self.clean_env or step.task.clean_env
        base = clean_base() if clean and os.name == "posix" else dict(os.environ)
        variables = prepared.activation.apply(base)
        variables["INIT_CWD"] = os.getcwd()
        for name, value in fields.env:
            variables[name] = _expand(value, variables)
        return variables


def clean_base() -> dict[str, str]:
    base = {k: os.environ[k] for k in _CLEAN_KEEP if k in os.environ}
    base["PATH"] = _CLEAN_PATH
    return base


def _expand(value: str, env: dict[str, str]) -> str:
    return _VARIABLE.sub(lambda m: env.get(m.group(1) or m.group(2), ""), value)
