"""The tasks of a manifest (`[tasks]`, `[feature.X.tasks]`, `[target.P.tasks]`), as parsed:
commands, their arguments, `depends-on` and the places each field is written (for errors)."""

from __future__ import annotations

from dataclasses import field

from pyxi.datamodel import model
from pyxi.diagnostics import Location


@model(frozen=True)
class TaskArg:
    """A named argument a task takes, with its default and allowed values."""

    name: str
    default: str | None = None
    choices: tuple[str, ...] | None = None


@model(frozen=True)
class DependencyArg:
    """One argument a `depends-on` entry passes: positional (`"v"`) or named (`{ name = "v" }`).
    The value is a MiniJinja template, rendered with the depending task's arguments."""

    value: str
    name: str | None = None


@model(frozen=True)
class TaskDependency:
    """A task another task depends on, with the arguments and environment it runs with."""

    task: str
    args: tuple[DependencyArg, ...] = ()
    environment: str | None = None
    location: Location | None = field(default=None, compare=False)


@model(frozen=True)
class Task:
    """A `[tasks]` entry. `cmd` is None for an alias (only `depends-on`)."""

    name: str
    cmd: str | tuple[str, ...] | None = None
    depends_on: tuple[TaskDependency, ...] = ()
    cwd: str | None = None
    env: tuple[tuple[str, str], ...] = ()
    description: str | None = None
    args: tuple[TaskArg, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    clean_env: bool = False
    default_environment: str | None = None
    location: Location | None = None
    # Where each templated string is written: "cmd", "env.NAME", "inputs.0", "outputs.0".
    spots: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)

    def where(self, key: str) -> Location | None:
        """The location of one templated field (for render errors), else the task's own."""
        return self.spots.get(key, self.location)
