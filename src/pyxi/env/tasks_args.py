"""A task's declared `args`, filled from the command line or from a `depends-on` entry.

Values fill the arguments in order; a named value (`{ name = "v" }`, `depends-on` only) fills
its argument wherever it is declared; the rest come from defaults. A task without declared
`args` takes every word as an extra word appended to its command (a named `depends-on` value
as `name=value`), as pixi does.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyxi.diagnostics import Location, PyxiError
from pyxi.manifest.task_model import DependencyArg, Task


def bind_args(task: Task, words: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """(argument values, extra words) for `pyxi run TASK WORDS…`. With declared `args`, words
    fill the arguments in order and words after `--` are passed through."""
    if not task.args:
        return {}, list(words)
    words = list(words)
    extra: list[str] = []
    if "--" in words:
        cut = words.index("--")
        words, extra = words[:cut], words[cut + 1 :]
    if len(words) > len(task.args):
        raise PyxiError(  # pixi's wording first, then the detail
            f"task '{task.name}' received more arguments than expected: it takes "
            f"{len(task.args)} ({_declared(task)}), got {len(words)}",
            help="put words meant for the command after `--`",
        )
    usage = f"run `pyxi run {task.name} " + " ".join(f"<{a.name}>" for a in task.args) + "`"
    return _fill(task, words, {}, _Where(f"task `{task.name}`", None, usage)), extra


def bind_dependency_args(
    task: Task, parent: str, args: Sequence[DependencyArg], location: Location | None
) -> tuple[dict[str, str], list[str]]:
    """(argument values, extra words) for `task` run as a `depends-on` of task `parent`."""
    if not task.args:
        return {}, [a.value if a.name is None else f"{a.name}={a.value}" for a in args]
    where = _Where(
        f"task `{task.name}` (in the `depends-on` of task `{parent}`)",
        location,
        'pass values in that `depends-on` entry: `args = ["value", { name = "value" }]`',
    )
    positional: list[str] = []
    named: dict[str, str] = {}
    for arg in args:
        if arg.name is None and named:
            raise where.error(
                f"{where.subject}: positional argument `{arg.value}` comes after a named one",
                "put the positional arguments first",
            )
        if arg.name is None:
            positional.append(arg.value)
        elif any(a.name == arg.name for a in task.args):
            named[arg.name] = arg.value
        else:
            raise where.error(
                f"argument '{arg.name}' does not exist: {where.subject} has no such argument",
                f"its arguments are: {_declared(task)}",
            )
    if len(positional) > len(task.args):
        raise where.error(
            f"{where.subject} received more arguments than expected: it takes "
            f"{len(task.args)} ({_declared(task)}), got {len(positional)}",
            "remove the extra values",
        )
    return _fill(task, positional, named, where), []


class _Where:
    """Where values came from (a manifest line, or the command line), and how to fix them."""

    def __init__(self, subject: str, location: Location | None, fix: str) -> None:
        self.subject = subject
        self.location = location
        self.fix = fix

    def error(self, message: str, help: str | None = None) -> PyxiError:
        return PyxiError(message, location=self.location, help=help or self.fix)


def _fill(
    task: Task, positional: Sequence[str], named: dict[str, str], where: _Where
) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, arg in enumerate(task.args):
        value = named.get(arg.name, positional[index] if index < len(positional) else arg.default)
        if value is None:
            raise where.error(f"no value provided for argument '{arg.name}' of {where.subject}")
        if arg.choices is not None and value not in arg.choices:
            raise where.error(
                f"`{value}` is not a valid value for argument `{arg.name}` of {where.subject}",
                "choose one of: " + ", ".join(arg.choices),
            )
        values[arg.name] = value
    return values


def _declared(task: Task) -> str:
    return ", ".join(arg.name for arg in task.args)
