"""One planned task run, and its templated fields rendered for that run.

The templated fields are pixi's: `cmd` (a list `cmd` word by word, each rendered word quoted
again), the `env` values, `inputs` and `outputs`. They are rendered with the step's argument
values and the `pixi` object of its environment and platform.
"""

from __future__ import annotations

import shlex
from dataclasses import field
from typing import Any

from pyxi.datamodel import model
from pyxi.env.tasks_render import pixi_context, render
from pyxi.manifest.model import PlatformSpec
from pyxi.manifest.task_model import Task
from pyxi.workspace.environment import Environment


@model(frozen=True)
class RenderedStep:
    """A step's templated fields after rendering; `command` is None for an alias."""

    command: str | None
    env: tuple[tuple[str, str], ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()


@model
class TaskStep:
    """One task to run: in which environment, with which argument values and extra words."""

    task: Task
    environment: Environment
    platform: PlatformSpec
    args: dict[str, str] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)

    def values(self, manifest_path: str) -> dict[str, Any]:
        """The template context: the argument values and the `pixi` object."""
        pixi = pixi_context(self.platform, self.environment.name, manifest_path)
        return {**self.args, "pixi": pixi}

    def render(self, manifest_path: str) -> RenderedStep:
        values = self.values(manifest_path)
        task = self.task
        return RenderedStep(
            command=self._command(values),
            env=tuple((k, self._render(v, values, f"env.{k}")) for k, v in task.env),
            inputs=tuple(self._render(p, values, f"inputs.{i}") for i, p in enumerate(task.inputs)),
            outputs=tuple(
                self._render(p, values, f"outputs.{i}") for i, p in enumerate(task.outputs)
            ),
        )

    def _command(self, values: dict[str, Any]) -> str | None:
        """The shell command line, rendered, with extra words quoted and appended."""
        cmd = self.task.cmd
        if cmd is None:
            return None
        if isinstance(cmd, str):
            text = self._render(cmd, values, "cmd")
        else:
            text = " ".join(_quote_word(self._render(w, values, "cmd")) for w in cmd)
        return text + "".join(" " + shlex.quote(word) for word in self.extra)

    def _render(self, text: str, values: dict[str, Any], key: str) -> str:
        head, _, index = key.partition(".")
        shown = f"{head}[{index}]" if index.isdigit() else key
        site = f"the `{shown}` of task `{self.task.name}`"
        return render(text, values, site, self.task.where(key))


def _quote_word(word: str) -> str:
    return shlex.quote(word) if any(c.isspace() for c in word) or not word else word
