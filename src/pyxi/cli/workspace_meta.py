"""`pyxi workspace name|version|description|requires-pixi|preview …`: the single keys of the
workspace table."""

from __future__ import annotations

import argparse
from functools import partial
from typing import TYPE_CHECKING

from pyxi.cli.workspace_common import (
    Subparsers,
    actions,
    command,
    manifest,
    outcome,
    print_lines,
    report,
    settings,
)

if TYPE_CHECKING:
    from pyxi.conda.versions import Part


def add_description(subparsers: Subparsers) -> None:
    _add_simple(subparsers, "description", "The workspace description",
                'pyxi workspace description set "My awesome workspace"')


def add_name(subparsers: Subparsers) -> None:
    _add_simple(subparsers, "name", "The workspace name, please only use lowercase letters "
                "(a-z), digits (0-9), hyphens (-), and underscores (_)",
                'pyxi workspace name set "my-workspace"')


def _add_simple(subparsers: Subparsers, key: str, value_help: str, example: str) -> None:
    group = command(subparsers, key, f"Commands to manage workspace {key}")
    sub = actions(group, f"{key}_action")
    command(sub, "get", f"Get the workspace {key}", lambda args: _get(args, key))
    setter = command(sub, "set", f"Set the workspace {key}", lambda args: _set(args, key),
                     description=f"Set the workspace {key}. Example: `{example}`")
    setter.add_argument("value", metavar=key.upper(), help=value_help)


def add_version(subparsers: Subparsers) -> None:
    group = command(subparsers, "version", "Commands to manage workspace version")
    sub = actions(group, "version_action")
    command(sub, "get", "Get the workspace version", lambda args: _get(args, "version"))
    setter = command(sub, "set", "Set the workspace version", lambda args: _set(args, "version"))
    setter.add_argument("value", metavar="VERSION", help="The new workspace version")
    parts: tuple[Part, ...] = ("major", "minor", "patch")
    for part in parts:
        command(sub, part, f"Bump the workspace version to {part.upper()}", partial(_bump, part=part))


def add_requires_pixi(subparsers: Subparsers) -> None:
    group = command(subparsers, "requires-pixi", "Commands to manage the pixi minimum version "
                    "requirement")
    sub = actions(group, "requires_pixi_action")
    command(sub, "get", "Get the pixi minimum version requirement", _requires_get)
    setter = command(sub, "set", "Set the pixi minimum version requirement",
                     lambda args: _set(args, "requires-pixi"),
                     description="Set the pixi minimum version requirement. Example: "
                     "`pyxi workspace requires-pixi set 0.42`")
    setter.add_argument("value", metavar="VERSION", help="The required pixi version")
    command(sub, "unset", "Remove the pixi minimum version requirement", _requires_unset)
    command(sub, "verify", "Verify the pixi minimum version requirement", _requires_verify)


def add_preview(subparsers: Subparsers) -> None:
    group = command(subparsers, "preview", "Commands to manage workspace preview flags")
    sub = actions(group, "preview_action")
    add = command(sub, "add", "Add preview flag(s) to the workspace", lambda args: _preview(args, True))
    add.add_argument("flags", nargs="+", metavar="PREVIEW_FLAG", type=_preview_flag,
                     help="The preview flag(s) to add, e.g. `pixi-build`")
    command(sub, "list", "List the enabled preview flags", _preview_list)
    remove = command(sub, "remove", "Remove preview flag(s) from the workspace",
                     lambda args: _preview(args, False))
    remove.add_argument("flags", nargs="+", metavar="PREVIEW_FLAG", type=_preview_flag,
                        help="The preview flag(s) to remove, e.g. `pixi-build`")
    remove.add_argument("--force", action="store_true",
                        help="Remove the flag(s) even when the manifest no longer loads without them")


_LINES = {
    "name": "Updated workspace name to '{value}'.",
    "version": "Updated workspace version to '{value}'.",
    "description": "Updated workspace description to '{value}'.",
    "requires-pixi": "Updated workspace requires-pixi to '{value}'.",
}


def _get(args: argparse.Namespace, key: str) -> int:
    from pyxi.cli.common import load

    meta = load(args).manifest.workspace
    value = {"name": meta.name, "version": meta.version, "description": meta.description}[key]
    return print_lines([] if value is None else [value])


def _set(args: argparse.Namespace, key: str) -> int:
    from pyxi.sync.workspace_meta import set_meta

    return outcome(args, set_meta(manifest(args), key, args.value, settings(args), _LINES[key]))


def _bump(args: argparse.Namespace, part: Part) -> int:
    from pyxi.sync.workspace_meta import bump

    return outcome(args, bump(manifest(args), part, settings(args)))


def _requires_get(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load

    return print_lines(load(args).manifest.workspace.requires_pixi or "*")


def _requires_unset(args: argparse.Namespace) -> int:
    from pyxi.sync.workspace_meta import set_meta

    return outcome(args, set_meta(manifest(args), "requires-pixi", None, settings(args),
                                  "Removed workspace requires-pixi."))


def _requires_verify(args: argparse.Namespace) -> int:
    """Exit 4 when the pixi version pyxi matches does not satisfy `requires-pixi`, as pixi."""
    from pyxi.cli.common import load
    from pyxi.conda.versions import spec_matches
    from pyxi.consts import PIXI_VERSION
    from pyxi.diagnostics import PyxiError

    meta = load(args).manifest.workspace
    if meta.requires_pixi and not spec_matches(meta.requires_pixi, PIXI_VERSION):
        raise PyxiError(
            f"this workspace requires pixi '{meta.requires_pixi}', but pyxi matches pixi {PIXI_VERSION}",
            location=meta.location, exit_code=4,
            help="change `requires-pixi` with `pyxi workspace requires-pixi set`, or use a pixi "
            "that satisfies it")
    return 0


def _preview_flag(value: str) -> str:
    from pyxi.sync.workspace_meta import PREVIEW_FLAGS

    if value not in PREVIEW_FLAGS:
        raise argparse.ArgumentTypeError(
            f"invalid value '{value}' (possible values: {', '.join(PREVIEW_FLAGS)})")
    return value


def _preview(args: argparse.Namespace, add: bool) -> int:
    from pyxi.sync.workspace_meta import edit_preview

    return report(args, edit_preview(manifest(args), args.flags, add))


def _preview_list(args: argparse.Namespace) -> int:
    from pyxi.manifest.edit import ManifestEditor
    from pyxi.sync.workspace_meta import PREVIEW_FLAGS, preview_flags

    flags = preview_flags(ManifestEditor(manifest(args)))
    return print_lines(list(PREVIEW_FLAGS) if flags is True else [] if flags is False else flags)
