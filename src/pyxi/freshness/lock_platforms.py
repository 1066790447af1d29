"""The `platforms:` entries of pixi.lock, named as pixi (≥ 0.71) names them.

A platform whose solver virtual packages are just the subdir's defaults is written bare
(`name: linux-64`). Any other combination — a rich platform, or a bare one that an
environment's `[system-requirements]` change (e.g. `cuda = "12.0"`) — is a platform of its own,
written under an alias `p1`, `p2`, … with its subdir and its virtual packages: the declared ones
first, then the defaults they leave in place.
"""

from __future__ import annotations

from pyxi.lockfile.model import LockedPlatform
from pyxi.manifest.model import PlatformSpec
from pyxi.workspace.environment import Environment, Workspace
from pyxi.workspace.virtual_packages import default_virtual_packages

Identity = tuple[str, tuple[str, ...]]


def lock_platform_entry(env: Environment, platform: PlatformSpec) -> tuple[str, list[str]]:
    """(subdir, virtual packages in lock order) of one environment's platform."""
    defaults = default_virtual_packages(platform.subdir)
    declared = env.virtual_packages(platform)
    extra = [vp for vp in declared if vp not in defaults]
    changed = {vp.name for vp in extra}
    kept = [vp for vp in defaults if vp.name not in changed]
    return platform.subdir, [str(vp) for vp in extra + kept]


def assign_lock_platforms(workspace: Workspace) -> dict[tuple[str, str], LockedPlatform]:
    """(environment, manifest platform name) → the lock platform it is written under."""
    by_identity: dict[Identity, LockedPlatform] = {}
    result: dict[tuple[str, str], LockedPlatform] = {}
    aliases = 0
    for platform_index in range(max((len(e.platforms) for e in workspace.environments.values()), default=0)):
        for env in workspace.environments.values():
            if platform_index >= len(env.platforms):
                continue
            platform = env.platforms[platform_index]
            subdir, virtual = lock_platform_entry(env, platform)
            defaults = [str(vp) for vp in default_virtual_packages(subdir)]
            identity = (subdir, tuple(sorted(virtual)))
            if identity not in by_identity:
                if virtual == defaults and not platform.is_rich:
                    by_identity[identity] = LockedPlatform(subdir, None, virtual)
                else:
                    aliases += 1
                    by_identity[identity] = LockedPlatform(f"p{aliases}", subdir, virtual)
            result[(env.name, platform.name)] = by_identity[identity]
    return result
