"""`pyxi config list|get|set|unset|append|prepend|edit [--local|--global|--system]`: pixi's
configuration files (`pyxi.config`), read in pixi's order and changed one key at a time.

Without a flag, inside a workspace the workspace's `.pixi/config.toml` is changed (and `list`
shows everything merged); outside one, the user's file (`$PIXI_HOME/config.toml` unless an
earlier one exists, as pixi picks it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pyxi.diagnostics import PyxiError

ACTIONS = ("edit", "list", "get", "prepend", "append", "set", "unset")


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="config_action", metavar="ACTION", required=True)
    edit = sub.add_parser("edit", aliases=["e"], help="Edit the configuration file")
    edit.add_argument("editor", nargs="?", help="the editor (default: $EDITOR, else nano/notepad)")
    listing = sub.add_parser("list", aliases=["ls", "l"], help="List configuration values")
    listing.add_argument("key", nargs="?", help="only this key (default: all)")
    listing.add_argument("--json", action="store_true", help="output in JSON format")
    get = sub.add_parser("get", help="Print the value of one key (dotted: `shell.change-ps1`)")
    get.add_argument("key")
    for name, verb in (("prepend", "Prepend"), ("append", "Append")):
        pend = sub.add_parser(name, help=f"{verb} a value to a list configuration key")
        pend.add_argument("key")
        pend.add_argument("value")
    setter = sub.add_parser("set", help="Set a configuration value")
    setter.add_argument("key")
    setter.add_argument("value", nargs="?", help="the value (the key is unset when omitted)")
    unset = sub.add_parser("unset", help="Unset a configuration value")
    unset.add_argument("key")
    for child in (edit, listing, get, *sub.choices.values()):
        _add_scope(child)


def _add_scope(parser: argparse.ArgumentParser) -> None:
    if "--local" in parser._option_string_actions:
        return
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("-l", "--local", action="store_true", help="the workspace's configuration")
    scope.add_argument("-g", "--global", dest="global_", action="store_true",
                       help="the user's configuration")
    scope.add_argument("-s", "--system", action="store_true", help="the system configuration")


def execute(args: argparse.Namespace) -> int:
    action = {"e": "edit", "ls": "list", "l": "list"}.get(args.config_action, args.config_action)
    if action == "list":
        return _list(args)
    if action == "get":
        return _get(args)
    if action == "edit":
        return _edit(args)
    from pyxi.config.edit import add_to_list, set_key

    path = write_path(args)
    if action in ("append", "prepend"):
        add_to_list(path, args.key, args.value, first=action == "prepend")
    else:
        set_key(path, args.key, args.value if action == "set" else None)
    if not args.quiet:
        print(f"✔ Updated config at {path}", file=sys.stderr)
    return 0


def _root(args: argparse.Namespace) -> Path | None:
    """The workspace the configuration is for; `--local` needs one."""
    from pyxi.manifest.discover import find_manifest

    try:
        return find_manifest(Path.cwd(), args.manifest_path).parent
    except PyxiError as error:
        if args.local:
            raise PyxiError("--local can only be used inside a pixi workspace, but none was "
                            f"found: {error.message}", help=error.help) from None
        return None


def write_path(args: argparse.Namespace) -> Path:
    from pyxi.config.paths import global_write_path, local_config_path, system_config_path

    if args.system:
        return system_config_path()
    root = None if args.global_ else _root(args)
    return local_config_path(root) if root is not None else global_write_path()


def _loaded(args: argparse.Namespace) -> dict[str, Any]:
    from pyxi.config.load import load_config
    from pyxi.config.paths import system_config_path

    if args.system:
        return load_config(None, config_file=system_config_path()).data
    root = None if args.global_ else _root(args)
    return load_config(root).data


def _list(args: argparse.Namespace) -> int:
    import json

    import tomlkit

    data = _loaded(args)
    if args.key:
        from pyxi.config.schema import KEYS

        top = sorted(k for k in KEYS if "." not in k and k not in ("change-ps1", "force-activate"))
        if args.key not in top:
            raise PyxiError(f"unknown key `{args.key}`", help=f"key must be one of: {', '.join(top)}")
        data = {args.key: data[args.key]} if args.key in data else {}
    if not data:
        print("Configuration not set", file=sys.stderr)
    print(json.dumps(data, indent=2) if args.json else tomlkit.dumps(data).rstrip("\n"))
    return 0


def _get(args: argparse.Namespace) -> int:
    import json

    from pyxi.config.model import Config
    from pyxi.config.schema import kind_of

    if kind_of(tuple(args.key.split("."))) is None:
        from pyxi.config.edit import unknown_key

        raise unknown_key(args.key)
    value = Config(_loaded(args)).get(args.key)
    if value is None:
        print(f"`{args.key}` is not set", file=sys.stderr)
        return 1
    print(value if isinstance(value, str) else json.dumps(value))
    return 0


def _edit(args: argparse.Namespace) -> int:
    import os
    import shlex
    import subprocess

    path = write_path(args)
    path.parent.mkdir(parents=True, exist_ok=True)
    editor = args.editor or os.environ.get("EDITOR") or ("notepad" if os.name == "nt" else "nano")
    try:
        return subprocess.call([*shlex.split(editor), str(path)])
    except FileNotFoundError:
        raise PyxiError(f"the editor `{editor}` was not found",
                        help="set $EDITOR, or name the editor: pyxi config edit EDITOR") from None
