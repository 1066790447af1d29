"""`pyxi completion --values KIND`: the words a completion script offers for a value, read
from the workspace in the current folder (one per line; nothing outside a workspace)."""

from __future__ import annotations

KINDS = ("tasks", "environments", "platforms", "features")


def values(kind: str) -> list[str]:
    from pyxi.diagnostics import PyxiError
    from pyxi.sync.lock import load_workspace

    try:
        workspace = load_workspace(None)
    except (PyxiError, OSError):
        return []
    manifest = workspace.manifest
    if kind == "tasks":
        names = {name for env in workspace.environments.values() for name in env.tasks(None)}
        return sorted(name for name in names if not name.startswith("_"))
    if kind == "environments":
        return sorted(workspace.environments)
    if kind == "platforms":
        return sorted({p.name for env in workspace.environments.values() for p in env.platforms})
    return sorted(manifest.features)
