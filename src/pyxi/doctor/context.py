"""What the checks look at: the workspace, its lock (maybe none), the host, and a wheel probe.

Everything is gathered once, up front, so every check is a pure function of a `DoctorContext`
(unit tests build one by hand, with any host they like).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import field
from functools import cached_property

from pyxi.datamodel import model
from pyxi.freshness.reasons import Reason
from pyxi.lockfile.model import CondaPackage, LockedPackage, LockFile, PypiPackage
from pyxi.manifest.model import PlatformSpec
from pyxi.workspace.environment import Environment, Workspace
from pyxi.workspace.virtual_packages import VirtualPackage

# (index URL, project name) -> wheel file names on the index page, or None when unreadable.
WheelProbe = Callable[[str, str], "list[str] | None"]
# (channel URL, subdir, package name) -> (version, build) of its records, or None when unreadable.
ChannelProbe = Callable[[str, str, str], "list[tuple[str, str]] | None"]


@model(frozen=True)
class HostFacts:
    subdir: str
    virtual_packages: tuple[VirtualPackage, ...] = ()

    def virtual(self, name: str) -> VirtualPackage | None:
        return next((vp for vp in self.virtual_packages if vp.name == name), None)


@model
class DoctorContext:
    workspace: Workspace
    lock: LockFile | None
    host: HostFacts
    environment_names: list[str] = field(default_factory=list)
    probe: WheelProbe | None = None
    channel_probe: ChannelProbe | None = None
    # (environment, platform) -> why the lock does not satisfy the manifest there.
    stale: dict[tuple[str, str], Reason] = field(default_factory=dict)

    @property
    def environments(self) -> list[Environment]:
        names = self.environment_names or sorted(self.workspace.environments)
        return [self.workspace.environments[n] for n in names]

    def pairs(self) -> Iterator[tuple[Environment, PlatformSpec]]:
        for env in self.environments:
            for platform in env.platforms:
                yield env, platform

    def locked(self, env: Environment, platform: PlatformSpec) -> list[LockedPackage]:
        if self.lock is None:
            return []
        from pyxi.freshness.fresh import lock_platform_name

        # pixi keeps a platform with declared virtual packages under an alias (`p1`, …).
        return self.lock.packages_for(env.name, lock_platform_name(env, platform, self.lock))

    def locked_conda(self, env: Environment, platform: PlatformSpec) -> list[CondaPackage]:
        return [p for p in self.locked(env, platform) if isinstance(p, CondaPackage)]

    def locked_pypi(self, env: Environment, platform: PlatformSpec) -> list[PypiPackage]:
        return [p for p in self.locked(env, platform) if isinstance(p, PypiPackage)]

    def host_platform(self, env: Environment) -> PlatformSpec | None:
        """The environment's platform for this machine, selected as every command selects it."""
        from pyxi.env.host_platform import choose_platform

        return choose_platform(env, self.host.subdir, self.host.virtual_packages)[0]

    @cached_property
    def manifest_name(self) -> str:
        return self.workspace.manifest.path.name


def declares_cuda(env: Environment, platform: PlatformSpec) -> str | None:
    """The `__cuda` version the solver assumes for the environment on the platform, if any."""
    return next((vp.version for vp in env.virtual_packages(platform) if vp.name == "__cuda"), None)


def can_have_cuda(platform: PlatformSpec) -> bool:
    return platform.subdir.split("-", 1)[0] in ("linux", "win")
