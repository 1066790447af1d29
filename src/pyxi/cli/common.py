"""Small helpers every command module shares: settings from flags, warnings, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from pyxi.progress import Progress
from pyxi.sync.usage import LockUsage

if TYPE_CHECKING:
    from pyxi.sync.prepare import Preparer
    from pyxi.workspace.environment import Workspace


def progress_for(args: argparse.Namespace) -> Progress:
    """Bars and spinners on a terminal, unless `-q` or `--no-progress` (`PIXI_NO_PROGRESS`);
    `-q` also hides the output of builds."""
    quiet = bool(getattr(args, "quiet", 0))
    if quiet or getattr(args, "no_progress", False):
        return Progress(enabled=False, quiet=quiet)
    return Progress()


def lock_usage(args: argparse.Namespace) -> LockUsage:
    return LockUsage.from_flags(getattr(args, "locked", False), getattr(args, "frozen", False))


def load(args: argparse.Namespace) -> Workspace:
    """The workspace for these flags, with the manifest's warnings printed."""
    from pyxi.cli.render import warn
    from pyxi.sync.lock import load_workspace

    workspace = load_workspace(args.manifest_path)
    if not args.quiet:
        for message in workspace.manifest.warnings:
            warn(message)
    return workspace


def preparer(args: argparse.Namespace, workspace: Workspace) -> Preparer:
    """What makes environments ready for these flags (`--locked`/`--frozen`, `--platform`)."""
    from pyxi.cli.render import warn
    from pyxi.sync.prepare import Preparer

    return Preparer(workspace, lock_usage(args), progress_for(args), warn,
                    getattr(args, "platform", None), not getattr(args, "no_install", False))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2)
    sys.stdout.write("\n")


def say(args: argparse.Namespace, message: str) -> None:
    """A one-line result on stderr (stdout stays clean for the command's own output)."""
    if not args.quiet:
        print(message, file=sys.stderr)
