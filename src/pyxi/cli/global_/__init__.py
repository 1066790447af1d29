"""`pyxi global SUBCOMMAND`: tools installed for the user, outside any workspace.

(Submodules become names of this package once imported: `list` among them, so the builtin
`list` is not used here.)

Environments live in `$PIXI_HOME/envs` (default `~/.pixi`), their exposed commands in
`$PIXI_HOME/bin`, and the global manifest in `$PIXI_HOME/manifests/pixi-global.toml`: pixi's
files, so pixi and pyxi manage one installation.
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

from pyxi.cli.options import global_options

# name → (module, summary, aliases)
SUBCOMMANDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "add": ("add", "Add dependencies to a global environment", ("a",)),
    "edit": ("edit", "Open the global manifest in an editor", ()),
    "install": (
        "install",
        "Install packages into new global environments and expose their commands",
        ("i",),
    ),
    "uninstall": ("uninstall", "Remove global environments and their exposed commands", ()),
    "remove": ("remove", "Remove dependencies from a global environment", ("rm",)),
    "list": (
        "list",
        "List the global environments, their dependencies and exposed commands",
        ("ls",),
    ),
    "sync": ("sync", "Make the installation match the global manifest", ("s",)),
    "expose": ("expose", "Add or remove exposed commands", ("e",)),
    "shortcut": ("shortcut", "Add or remove the shortcuts (menu entries) of an environment", ()),
    "update": ("update", "Re-solve global environments to the newest allowed versions", ()),
    "upgrade": ("update", "Removed in pixi: use `update`", ()),
    "tree": ("tree", "Show the dependency tree of a global environment", ("t",)),
}
_ALIASES = {alias: name for name, (_, _, aliases) in SUBCOMMANDS.items() for alias in aliases}


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="global_command", metavar="SUBCOMMAND", required=True)
    for name, (module, summary, aliases) in SUBCOMMANDS.items():
        child = sub.add_parser(
            name, aliases=[*aliases], help=summary, description=summary,
            parents=[global_options(for_command=True)],
        )  # fmt: skip
        _module(module).configure(child)


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"pyxi.cli.global_.{name}")


def execute(args: argparse.Namespace) -> int:
    name = _ALIASES.get(args.global_command, args.global_command)
    return int(_module(SUBCOMMANDS[name][0]).execute(args))
