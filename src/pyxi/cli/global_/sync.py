"""`pyxi global sync`: make `envs/` and `bin/` match the global manifest (install what is
missing or outdated, remove environments it no longer has, rewrite exposed commands)."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import say
    from pyxi.cli.global_.common import fail, load, report
    from pyxi.diagnostics import PyxiError

    project = load(args)
    pruned = project.prune_old_envs()
    report(args, pruned)
    changed = pruned.changed
    failures: list[tuple[str, PyxiError]] = []
    for name in project.manifest.envs:
        try:
            changes = project.sync_env(name)
        except PyxiError as error:
            failures.append((name, error))
            continue
        changed = changed or changes.changed
        report(args, changes)
    if not changed and not failures:
        say(args, "✔ Nothing to do. The global installation is already up-to-date.")
    return fail(args, "sync", failures)
