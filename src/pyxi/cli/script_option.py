"""`-s/--script PATH` (pixi's scripts as manifests): a Python script with a PEP 723 block is
the workspace of `run`, `lock`, `add`, `remove`, `tree`, `list` and the `workspace channel`,
`platform` and `export` edits. One table says which commands take it and which of their
options a script cannot mean (it is one implicit default environment, without features or
tasks); `apply_script` turns the flag into the manifest path, or the error pixi gives.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pyxi.diagnostics import PyxiError

# command words → options refused with --script
_ENV = ("--environment",)
_FEATURE = ("--feature",)
SCRIPT_COMMANDS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("run",): ("--environment", "--skip-deps"),
    ("lock",): (),
    ("add",): ("--feature", "--environment", "--host", "--build"),
    ("remove",): ("--feature", "--environment", "--host", "--build"),
    ("tree",): _ENV,
    ("list",): _ENV,
    ("workspace", "channel"): (),  # (as a group option too: `channel --script X add …`)
    ("workspace", "platform"): (),
    **{("workspace", "channel", verb): _FEATURE for verb in ("add", "remove", "list")},
    **{("workspace", "platform", verb): _FEATURE
       for verb in ("add", "remove", "list", "edit", "move")},
    **{("workspace", "export", kind): _ENV for kind in ("conda-environment", "conda-explicit-spec")},
}
_HELP = "a script has one implicit default run environment and no Pixi task graph"


def add_script_option(parser: argparse.ArgumentParser, command: str) -> None:
    """`-s/--script` on every parser of `command`'s tree that takes it."""
    for words, refused in SCRIPT_COMMANDS.items():
        sub = _subparser(parser, words[1:]) if words[0] == command else None
        if sub is None:
            continue
        free = [flag for flag in ("-s", "--script") if flag not in sub._option_string_actions]
        sub.add_argument(*free, dest="script", metavar="SCRIPT", default=argparse.SUPPRESS,
                         help="a Python script with PEP 723 metadata to use as the workspace "
                         "(its `# /// script` block)")
        given = [(flag, action.dest, action.default) for flag in refused
                 if (action := sub._option_string_actions.get(flag)) is not None]
        sub.set_defaults(script_refuses=given, script_command=" ".join(words))


def _subparser(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> argparse.ArgumentParser | None:
    for word in words:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        found = next((a.choices[word] for a in actions if word in a.choices), None)
        if found is None:
            return None
        parser = found
    return parser


def apply_script(args: argparse.Namespace) -> None:
    """`--script PATH`: checked, then used as the manifest path."""
    script = getattr(args, "script", None)
    if not script or not hasattr(args, "script_command"):  # (`init --script` is init's own)
        return
    command = getattr(args, "script_command", "run")
    for flag, dest, default in getattr(args, "script_refuses", []):
        if getattr(args, dest, default) not in (default, None, False, []):
            raise PyxiError(f"`pixi {command} --script` does not support {flag}", help=_HELP)
    if args.manifest_path is not None:
        raise PyxiError("the argument '--script' cannot be used with '--manifest-path'",
                        help="name the script or the manifest, not both", exit_code=2)
    from pyxi.cli.run_script import check_transient, is_transient

    if not is_transient(script):
        args.manifest_path = str(checked_script(Path(script)))
        _check_lock_exists(args, command, Path(args.manifest_path))
    elif command == "run":
        check_transient(args)
    else:
        raise PyxiError(f"`pixi {command} --script` takes the path of a local script",
                        help="only `pixi run --script` runs a script from a URL or stdin")


def _check_lock_exists(args: argparse.Namespace, command: str, script: Path) -> None:
    """`--frozen`/`--locked` need the lock beside the script (`lock` itself writes it)."""
    from pyxi.manifest.script_path import lock_path_beside

    flag = next((f for f in ("frozen", "locked") if getattr(args, f, False)), None)
    if flag and command != "lock" and not lock_path_beside(script).exists():
        raise PyxiError(f"no lock file exists for the script, but `--{flag}` was requested",
                        help=f"create one with `pixi lock --script {script}`")


def checked_script(given: Path) -> Path:
    """The script's absolute path, when it is a Python file with a PEP 723 block."""
    from pyxi.manifest.script import read_block
    from pyxi.manifest.script_path import is_script

    path = given.absolute()
    if not is_script(path):
        raise PyxiError(f"{path} is not a Python script",
                        help="`-s`/`--script` expects the path of a Python file, ending in "
                        "`.py` or `.pyw`")
    if not path.is_file():
        raise PyxiError(f"the script {path} does not exist",
                        help="create it with `pixi init --script PATH`")
    read_block(path)
    return path
