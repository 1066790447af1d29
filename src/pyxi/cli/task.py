"""`pyxi task add|alias|remove|list`: edit or show the manifest's tasks.

`task list --json` has pixi's shape: a list of environments, each with the tasks of each of its
features (`name`, `cmd`, `description`, `depends_on`, `args`, `cwd`, `default_environment`,
`env`, `clean_env`, `inputs`, `outputs`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pyxi.cli.common import load, print_json, say

if TYPE_CHECKING:
    from pyxi.manifest.edit import ManifestEditor


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add (or replace) a task")
    add.add_argument("name")
    add.add_argument("cmd", nargs="+", help="the command (words are joined with spaces)")
    add.add_argument("--depends-on", nargs="+", default=[], metavar="TASK", help="tasks to run first")
    add.add_argument("--cwd", help="working folder, relative to the workspace")
    add.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="a variable for the task (repeatable)")
    add.add_argument("--description", help="shown by `pyxi task list`")
    add.add_argument("--clean-env", action="store_true", help="run with only the activation's variables")
    add.add_argument("--arg", action="append", default=[], dest="task_args", metavar="NAME",
                     help="an argument of the task, for `{{ NAME }}` in the command (repeatable)")
    add.add_argument("--default-environment", metavar="ENV", help="the environment it runs in by default")
    alias = sub.add_parser("alias", help="add a task that only runs other tasks")
    alias.add_argument("name")
    alias.add_argument("depends_on", nargs="+", metavar="TASK")
    remove = sub.add_parser("remove", aliases=["rm"], help="remove tasks")
    remove.add_argument("names", nargs="+", metavar="NAME")
    for command in (add, alias, remove):
        command.add_argument("-f", "--feature", metavar="FEATURE", help="the feature (default: the default feature)")
        command.add_argument("-p", "--platform", metavar="PLATFORM", help="edit [target.PLATFORM.tasks]")
        command.add_argument("-e", "--environment", metavar="ENV",
                             help="the environment's own tasks ([environments.ENV.tasks])")
    listing = sub.add_parser("list", aliases=["ls"], help="list the tasks")
    listing.add_argument("-e", "--environment", metavar="ENV", help="only this environment")
    listing.add_argument("--json", action="store_true", help="pixi's JSON structure")
    listing.add_argument("-s", "--summary", action="store_true", help="only the names, per environment")


def execute(args: argparse.Namespace) -> int:
    if args.action in ("list", "ls"):
        return _list(args)
    from pyxi.cli.add import manifest_path
    from pyxi.manifest.edit import ManifestEditor
    from pyxi.sync.workspace_lock import acquire

    path = manifest_path(args)
    acquire(path.parent)
    editor = ManifestEditor(path)
    with_editor = {"add": _add, "alias": _alias, "remove": _remove, "rm": _remove}[args.action]
    message = with_editor(args, editor)
    editor.save()
    try:
        load(args)  # the edited manifest must still be valid
    except Exception:
        editor.restore()
        raise
    if message:
        say(args, message)
    return 0


def _command_text(words: list[str]) -> str:
    import shlex

    if len(words) == 1:
        return words[0]
    return " ".join(shlex.quote(w) if any(c.isspace() for c in w) else w for w in words)


def _add(args: argparse.Namespace, editor: ManifestEditor) -> str:
    from pyxi.diagnostics import PyxiError

    command = _command_text(args.cmd)
    if not command.strip() and args.depends_on:  # as pixi: no command, only steps is an alias
        return _alias(args, editor)
    value: dict[str, object] = {"cmd": command}
    if args.depends_on:
        value["depends-on"] = list(args.depends_on)
    if args.cwd:
        value["cwd"] = args.cwd
    if args.env:
        pairs = [item.partition("=") for item in args.env]
        bad = [key for key, sep, _ in pairs if not sep or not key]
        if bad:
            raise PyxiError(f"`--env {bad[0]}` must be KEY=VALUE")
        value["env"] = {key: item for key, _, item in pairs}
    if args.description:
        value["description"] = args.description
    if args.clean_env:
        value["clean-env"] = True
    if args.task_args:
        value["args"] = list(args.task_args)
    if args.default_environment:
        value["default-environment"] = args.default_environment
    editor.set_task(args.name, value["cmd"] if len(value) == 1 else value, **_where(args))
    return f"✔ Added task `{args.name}`: {value['cmd']}"


def _alias(args: argparse.Namespace, editor: ManifestEditor) -> str:
    steps = [{"task": name} for name in args.depends_on]  # pixi writes `[{ task = "a" }, …]`
    editor.set_task(args.name, steps, **_where(args))
    return f"✔ Added alias `{args.name}`: " + ", ".join(args.depends_on)


def _where(args: argparse.Namespace) -> dict[str, str | None]:
    """`-f`, `-p` and `-e` as the editor takes them; `-e` cannot go with `-f` (pixi's rule)."""
    from pyxi.diagnostics import PyxiError

    if args.environment and args.feature:
        raise PyxiError("the argument '--environment <ENVIRONMENT>' cannot be used with '--feature'",
                        help="inline tasks belong to one environment: drop one of the flags", exit_code=2)
    return {"feature": args.feature, "platform": args.platform, "environment": args.environment}


def _remove(args: argparse.Namespace, editor: ManifestEditor) -> str:
    """pixi's way: a name that is not there is reported and skipped, the others go (exit 0)."""
    from pyxi.cli.render import warn

    removed = [name for name in args.names if editor.remove_task(name, **_where(args))]
    for name in args.names:
        if name not in removed:
            warn(f"task `{name}` does not exist for {_owner(args)}")
    if args.environment:  # its last inline task gone: the entry goes, as in pixi
        from pyxi.manifest.edit_inline import ENVIRONMENTS, drop_if_empty

        drop_if_empty(editor.find((*editor._base(), ENVIRONMENTS)), args.environment)
    return "✔ Removed task(s) " + ", ".join(f"`{n}`" for n in removed) if removed else ""


def _owner(args: argparse.Namespace) -> str:
    if args.environment:
        owner = f"environment '{args.environment}'"
    else:
        owner = f"feature '{args.feature}'" if args.feature else "the default feature"
    return owner + (f" on {args.platform}" if args.platform else "")


def _list(args: argparse.Namespace) -> int:
    from pyxi.conda.host import host_subdir
    from pyxi.env.tasks import environment_tasks

    workspace = load(args)
    envs = [workspace.environment(args.environment)] if args.environment else list(workspace.environments.values())
    data = [environment_tasks(env, env.platform(host_subdir())) for env in envs]
    if args.json:
        print_json(data)
        return 0
    for entry in data:
        tasks = [*entry["tasks"], *(t for feature in entry["features"] for t in feature["tasks"])]
        if args.summary:
            print(f"{entry['environment']}: " + " ".join(t["name"] for t in tasks))
            continue
        print(f"Tasks in environment `{entry['environment']}`:")
        for task in tasks:
            shown = " ".join(str(task["description"] or task["cmd"] or "").split())  # one row each
            print(f"  {task['name']:<20} {shown}".rstrip())
    return 0
