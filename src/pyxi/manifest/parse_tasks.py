"""`[tasks]`: a command string, a list command, an alias or a task table."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from pyxi.diagnostics import Location
from pyxi.manifest.errors import (
    Source,
    check_keys,
    opt_str,
    str_pairs,
    want_bool,
    want_list,
    want_str,
    want_str_list,
    want_table,
    wrong_type,
)
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.task_model import DependencyArg, Task, TaskArg, TaskDependency

_TASK_KEYS = (
    "cmd", "depends-on", "depends_on", "cwd", "env", "description", "args", "inputs", "outputs",
    "clean-env", "default-environment",
)  # fmt: skip
_ARG_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DEPRECATED_DEPENDS_ON = "The `depends_on` field is deprecated. Use `depends-on` instead."


def parse_tasks(src: Source, value: object, path: KeyPath) -> dict[str, Task]:
    table = want_table(src, value, path)
    return {name: parse_task(src, name, body, path + (name,)) for name, body in table.items()}


def parse_task(src: Source, name: str, body: object, path: KeyPath) -> Task:
    loc = src.loc(path)
    if isinstance(body, str):
        return Task(name, cmd=body, location=loc)
    if isinstance(body, list) and body and all(isinstance(item, dict) for item in body):
        # pixi's shorthand alias: `all = [{ task = "build" }, { task = "test" }]`
        return Task(name, depends_on=_depends_on(src, body, path), location=loc)
    if isinstance(body, list):
        return Task(name, cmd=want_str_list(src, body, path), location=loc)
    if not isinstance(body, dict):
        wrong_type(src, body, "a command string, a list of strings or a task table", path)
    check_keys(src, body, path, _TASK_KEYS)
    task = Task(
        name,
        cmd=_cmd(src, body.get("cmd"), path + ("cmd",)),
        depends_on=_depends_on_field(src, body, path),
        cwd=opt_str(src, body, "cwd", path),
        env=str_pairs(src, body.get("env", {}), path + ("env",)),
        description=opt_str(src, body, "description", path),
        args=_args(src, body.get("args", []), path + ("args",)),
        inputs=want_str_list(src, body.get("inputs", []), path + ("inputs",)),
        outputs=want_str_list(src, body.get("outputs", []), path + ("outputs",)),
        clean_env=want_bool(src, body.get("clean-env", False), path + ("clean-env",)),
        default_environment=opt_str(src, body, "default-environment", path),
        location=loc,
    )
    return replace(task, spots=_template_spots(src, task, path))


def _template_spots(src: Source, task: Task, path: KeyPath) -> dict[str, Location]:
    """The location of every templated string of the task, for render errors."""
    keys = [("cmd",)] + [("env", name) for name, _ in task.env]
    keys += [("inputs", str(i)) for i in range(len(task.inputs))]
    keys += [("outputs", str(i)) for i in range(len(task.outputs))]
    return {".".join(key): src.loc(path + key) for key in keys}


def _cmd(src: Source, value: object, path: KeyPath) -> str | tuple[str, ...] | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        return want_str_list(src, value, path)
    wrong_type(src, value, "a string or a list of strings", path)


def _depends_on_field(
    src: Source, body: dict[str, Any], path: KeyPath
) -> tuple[TaskDependency, ...]:
    if "depends_on" in body:
        if "depends-on" in body:
            src.error("use either `depends-on` or `depends_on`, not both", path + ("depends_on",))
        src.warn(_DEPRECATED_DEPENDS_ON, path + ("depends_on",))
        return _depends_on(src, body["depends_on"], path + ("depends_on",))
    return _depends_on(src, body.get("depends-on", []), path + ("depends-on",))


def _depends_on(src: Source, value: object, path: KeyPath) -> tuple[TaskDependency, ...]:
    if isinstance(value, str):
        return (TaskDependency(value, location=src.loc(path)),)
    items = want_list(src, value, path)
    return tuple(_dependency(src, item, path + (str(i),)) for i, item in enumerate(items))


def _dependency(src: Source, item: object, path: KeyPath) -> TaskDependency:
    if isinstance(item, str):
        return TaskDependency(item, location=src.loc(path))
    table = want_table(src, item, path)
    check_keys(src, table, path, ("task", "args", "environment"))
    if "task" not in table:
        src.error("a task dependency table needs `task`", path)
    return TaskDependency(
        task=want_str(src, table["task"], path + ("task",)),
        args=_dependency_args(src, table.get("args", []), path + ("args",)),
        environment=opt_str(src, table, "environment", path),
        location=src.loc(path),
    )


def _dependency_args(src: Source, value: object, path: KeyPath) -> tuple[DependencyArg, ...]:
    """`args = ["positional", { name = "value" }]` (pixi's only spelling: an array)."""
    if isinstance(value, dict):
        src.error(
            "expected an array of arguments, found a table",
            path,
            help="write `args = [\"value\"]` for positional and `args = [{ name = \"value\" }]` "
            "for named arguments",
        )
    return tuple(
        _dependency_arg(src, item, path + (str(i),))
        for i, item in enumerate(want_list(src, value, path))
    )


def _dependency_arg(src: Source, item: object, path: KeyPath) -> DependencyArg:
    if isinstance(item, str):
        return DependencyArg(item)
    if not isinstance(item, dict) or len(item) != 1:
        src.error(
            "a `depends-on` argument is a string or a table with one key, `{ name = \"value\" }`",
            path,
        )
    ((name, value),) = item.items()
    return DependencyArg(want_str(src, value, path + (name,)), name)


def _args(src: Source, value: object, path: KeyPath) -> tuple[TaskArg, ...]:
    args = tuple(
        _arg(src, item, path + (str(i),)) for i, item in enumerate(want_list(src, value, path))
    )
    seen_default = False
    for i, arg in enumerate(args):
        if arg.default is None and seen_default:
            src.error(
                "default value required after previous arguments with defaults: task "
                f"argument `{arg.name}` has none",
                path + (str(i),),
                help="arguments with defaults must come after all arguments without",
            )
        seen_default = seen_default or arg.default is not None
    return args


def _arg(src: Source, item: object, path: KeyPath) -> TaskArg:
    if isinstance(item, str):
        return TaskArg(_arg_name(src, item, path))
    table = want_table(src, item, path)
    check_keys(src, table, path, ("arg", "default", "choices"))
    if "arg" not in table:
        src.error("a task argument table needs `arg`", path)
    choices = table.get("choices")
    arg = TaskArg(
        name=_arg_name(src, want_str(src, table["arg"], path + ("arg",)), path + ("arg",)),
        default=opt_str(src, table, "default", path),
        choices=None if choices is None else want_str_list(src, choices, path + ("choices",)),
    )
    if arg.default is not None and arg.choices is not None and arg.default not in arg.choices:
        src.error(
            f"the default `{arg.default}` of task argument `{arg.name}` is not one of its choices",
            path + ("default",),
            help="choose the default from: " + ", ".join(arg.choices),
        )
    return arg


def _arg_name(src: Source, name: str, path: KeyPath) -> str:
    if not _ARG_NAME.match(name):
        bad = next((c for c in name if not (c.isalnum() or c == "_")), None)
        src.error(
            f"'{name}' is not a valid argument name since it contains the character '{bad}'"
            if bad else f"invalid task argument name `{name}`",
            path,
            help="use letters, digits and `_`, not starting with a digit",
        )
    return name
