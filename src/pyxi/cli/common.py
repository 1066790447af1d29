"""Small helpers every command module shares: settings from flags, warnings, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from pyxi.progress import Progress
from pyxi.sync.usage import LockUsage


def progress_for(args: argparse.Namespace) -> Progress:
    return Progress(enabled=False) if args.quiet else Progress()


def lock_usage(args: argparse.Namespace) -> LockUsage:
    return LockUsage.from_flags(getattr(args, "locked", False), getattr(args, "frozen", False))


def load(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The workspace for these flags, with the manifest's warnings printed once."""
    from pyxi.cli.render import warn
    from pyxi.sync.lock import load_workspace

    workspace = load_workspace(args.manifest_path)
    if not args.quiet:
        for message in workspace.manifest.warnings:
            if message not in _WARNED:
                _WARNED.add(message)
                warn(message)
    return workspace


_WARNED: set[str] = set()  # a command may load the workspace again after editing it


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2)
    sys.stdout.write("\n")


def say(args: argparse.Namespace, message: str) -> None:
    """A one-line result on stderr (stdout stays clean for the command's own output)."""
    if not args.quiet:
        print(message, file=sys.stderr)


def remember_task_names(workspace) -> None:  # type: ignore[no-untyped-def]
    """Record every task name of the workspace for `run`'s import-light path, which must not
    mistake a task for a command (written by `install` and `run`)."""
    from pyxi.env.quickrun import write_task_names

    names = {name for env in workspace.environments.values() for name in env.tasks(None)}
    for env in workspace.environments.values():
        for platform in env.platforms:
            names |= set(env.tasks(platform))
    write_task_names(workspace.root, workspace.manifest.sha256, sorted(names))


def vouch_for_lock(workspace) -> None:  # type: ignore[no-untyped-def]
    """The lock was just checked against the manifest (not `--frozen`): let the next no-op
    `install` trust these bytes without parsing anything (see sync/noop.py). The bytes are the
    ones that were parsed and checked, not the files as they are now: either may have been
    edited meanwhile."""
    from pyxi.sync.noop import record_verified

    if not workspace.checked_lock_sha256:
        return
    record_verified(
        workspace.manifest.path,
        (workspace.manifest.sha256, workspace.checked_lock_sha256),
        list(workspace.manifest.warnings),
        {e.name: (str(e.prefix), e.system_requirements.cuda) for e in workspace.environments.values()},
    )
