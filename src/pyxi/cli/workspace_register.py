"""`pyxi workspace register [--name N] [--path P] [--force]` and its `list [--json]`,
`remove NAME`, `prune`: pixi's registry of named workspaces (`$PIXI_HOME/workspaces.toml`),
which `-w/--workspace NAME` reads on every command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pyxi.cli.workspace_common import Subparsers, command


def add_parser(subparsers: Subparsers) -> None:
    register = command(subparsers, "register", "Commands to manage the registry of workspaces. "
                       "Default command will add a new workspace", _register)
    register.add_argument("-n", "--name", help="Name of the workspace to register. Defaults to "
                          "the name of the current workspace")
    register.add_argument("-p", "--path", help="Path to register. Defaults to the path to the "
                          "current workspace")
    register.add_argument("-f", "--force", action="store_true", help="Overwrite the workspace "
                          "entry if the name of the workspace already exists in the registry")
    sub = register.add_subparsers(dest="register_action", metavar="COMMAND")
    listing = command(sub, "list", "List the registered workspaces", _list, aliases=("ls",))
    listing.add_argument("--json", action="store_true", help="Output in JSON format")
    remove = command(sub, "remove", "Remove a workspace from registry", _remove, aliases=("rm",))
    remove.add_argument("name", metavar="NAME", help="Name of the workspace to unregister")
    command(sub, "prune", "Prune disassociated workspaces from registry", _prune, aliases=("pr",))


def _register(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load
    from pyxi.config.registry import register_workspace

    if args.name and args.path:
        name, folder = args.name, Path(args.path).absolute()
    else:
        workspace = load(args)
        name, folder = args.name or workspace.name, Path(args.path or workspace.root).absolute()
    if not register_workspace(name, folder, args.force):
        print("❌ Workspace already exists. Use the `--force` flag to overwrite a named workspace.",
              file=sys.stderr)
        return 0
    print("✔ Workspace registered successfully.", file=sys.stderr)
    return 0


def _list(args: argparse.Namespace) -> int:
    import json

    from pyxi.config.registry import named_workspaces

    known = {name: str(folder) for name, folder in named_workspaces().items()}
    if args.json:
        print(json.dumps(known, indent=2))
    else:
        print("".join(f"{name} = {json.dumps(folder)}\n" for name, folder in known.items()))
    return 0


def _remove(args: argparse.Namespace) -> int:
    from pyxi.config.registry import unregister_workspace

    unregister_workspace(args.name)
    print(f"✔ Workspace '{args.name}' has been removed from the registry successfully.",
          file=sys.stderr)
    return 0


def _prune(args: argparse.Namespace) -> int:
    from pyxi.config.registry import prune_registry

    for name in prune_registry():
        print(f"removed workspace {name}", file=sys.stderr)
    print("✔ Workspace registry pruned", file=sys.stderr)
    return 0
