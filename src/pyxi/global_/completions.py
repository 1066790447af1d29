"""Shell completions of exposed commands, linked as pixi links them.

A package's completion scripts (`share/bash-completion/completions/NAME`,
`share/zsh/site-functions/_NAME`, `share/fish/vendor_completions.d/NAME.fish`) are symlinked
into `$PIXI_HOME/completions/{bash,zsh,fish}/` when the command `NAME` is exposed under its
own name; links whose target is gone are pruned. Not on Windows (as pixi).
"""

from __future__ import annotations

import os
from pathlib import Path

from pyxi.global_.model import GlobalEnv
from pyxi.global_.paths import GlobalPaths
from pyxi.global_.state import StateChanges

_SHELLS = {
    "bash": ("share/bash-completion/completions", "{}"),
    "zsh": ("share/zsh/site-functions", "_{}"),
    "fish": ("share/fish/vendor_completions.d", "{}.fish"),
}


def _completions(paths: GlobalPaths, prefix: Path, name: str) -> list[tuple[Path, Path]]:
    """(source in the prefix, link in PIXI_HOME) of each completion `name` has."""
    found = []
    for shell, (folder, pattern) in _SHELLS.items():
        source = prefix / folder / pattern.format(name)
        if source.is_file():
            found.append((source, paths.completions_dir / shell / pattern.format(name)))
    return found


def sync_completions(
    paths: GlobalPaths, env: GlobalEnv, prefix: Path, executable_names: list[str]
) -> StateChanges:
    changes = StateChanges().touch(env.name)
    if os.name == "nt":
        return changes
    self_exposed = {m.executable_name for m in env.exposed if m.exposed == m.executable_name}
    for name in sorted(set(executable_names)):
        for source, link in _completions(paths, prefix, name):
            if name in self_exposed and not link.is_symlink():
                link.parent.mkdir(parents=True, exist_ok=True)
                link.unlink(missing_ok=True)
                link.symlink_to(source)
                changes.add(env.name, "added_completion", name)
            elif name not in self_exposed and link.is_symlink() and link.readlink() == source:
                link.unlink()
                changes.add(env.name, "removed_completion", name)
    return changes


def prune_completions(paths: GlobalPaths) -> None:
    """Remove links whose environment is gone (and stray plain files, as pixi does)."""
    for shell in _SHELLS:
        folder = paths.completions_dir / shell
        for entry in folder.iterdir() if folder.is_dir() else []:
            if (entry.is_symlink() and not entry.exists()) or (
                not entry.is_symlink() and entry.is_file()
            ):
                entry.unlink()
