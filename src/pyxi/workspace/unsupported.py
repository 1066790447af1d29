"""Which of the manifest's unsupported parts (`pyxi.manifest.unsupported`) each environment
needs, and the checks that raise their located error where they are needed: solving an
environment, installing it, or trusting its lock.

A part is needed by an environment when it sits in one of the environment's features (the
root tables are the `default` feature), in its own `[environments.NAME]` table, or in the
workspace table (which every environment inherits; `s3-options` only matters to environments
with an `s3://` channel). Conda dependencies from a path, git or URL source are built
(`pyxi.build`); what pixi-build offers beyond that (`extras`, `flags`) is a `build` part.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from pyxi import consts
from pyxi.lockfile.model import LockFile
from pyxi.manifest.model import Feature, Manifest
from pyxi.manifest.unsupported import Stage, Unsupported

_WORKSPACE_TABLES = ("workspace", "project")
_ROOT_ONLY = ("exclude-newer", "pypi-exclude-newer")  # workspace-wide root tables


def environment_unsupported(
    manifest: Manifest, env_name: str, features: list[Feature], channels: Iterable[str]
) -> list[Unsupported]:
    """The unsupported parts `env_name` (made of `features`, using `channels`) needs."""
    names = {feature.name for feature in features}
    uses_s3 = any(url.startswith("s3://") for url in channels)
    needed = [part for part in manifest.unsupported
              if part.stage != "package" and _needs(part.path, env_name, names, uses_s3)]
    return needed


def _needs(path: tuple[str, ...], env: str, features: set[str], uses_s3: bool) -> bool:
    head = path[0] if path else ""
    if head == "feature":
        return len(path) > 1 and path[1] in features
    if head == "environments":
        return len(path) > 1 and path[1] == env
    if head in _WORKSPACE_TABLES:
        return uses_s3 if path[1:2] == ("s3-options",) else True
    if head in _ROOT_ONLY:
        return True
    return consts.DEFAULT_FEATURE in features


class HasUnsupported(Protocol):
    """An environment (`workspace.environment.Environment`, which imports this module)."""

    name: str
    unsupported: list[Unsupported]


def first_of(parts: list[Unsupported], stages: tuple[Stage, ...]) -> Unsupported | None:
    return next((part for part in parts if part.stage in stages), None)


def check_solvable(env_name: str, parts: list[Unsupported]) -> None:
    """Raise the located error when pyxi cannot solve the environment."""
    part = first_of(parts, ("build", "unknown", "solve"))
    if part is not None:
        raise part.error(env_name, "solve it")


def check_installable(env: HasUnsupported, lock: LockFile, locked_platform: str, checked: bool,
                      lock_path: Path) -> None:
    """Raise the located error when pyxi cannot install the environment: a build part, or,
    unless the lock is used as it is (`--frozen`: it then says exactly what to install), a part
    pyxi does not understand."""
    env_name = env.name
    part = first_of(env.unsupported, ("build", "unknown") if checked else ("build",))
    if part is not None:
        raise part.error(env_name, "install it")

