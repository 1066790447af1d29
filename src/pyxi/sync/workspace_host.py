"""This machine as `pyxi workspace platform` sees it: its subdir (`PIXI_OVERRIDE_PLATFORM`
targets another) and its virtual packages as platform declarations (`CONDA_OVERRIDE_*`, and
`CONDA_OVERRIDE_CUDA_ARCH` for the compute capability), and which workspace platforms,
environments and features it can run."""

from __future__ import annotations

import os

from pyxi.datamodel import model
from pyxi.env.host_facts import at_least
from pyxi.env.platform_select import runnable_subdirs
from pyxi.manifest.edit_platforms import PlatformDecl
from pyxi.manifest.platform_names import customised, family
from pyxi.workspace.environment import Workspace

# Which subdir families a detected virtual package belongs to (others: any).
_FAMILY_OF = {"__glibc": "linux", "__linux": "linux", "__osx": "osx", "__win": "win"}


@model
class HostMachine:
    subdir: str
    detected: dict[str, str]  # every detected virtual package except `__unix`, as declarations

    @classmethod
    def detect(cls) -> HostMachine:
        from pyxi.conda.host import host_subdir, host_virtual_packages

        real = host_subdir()
        subdir = os.environ.get("PIXI_OVERRIDE_PLATFORM", "").strip() or real
        detected: dict[str, str] = {}
        for vp in host_virtual_packages():
            if vp.name == "__unix" or _FAMILY_OF.get(vp.name, family(subdir)) != family(subdir):
                continue
            if vp.name == "__archspec":
                if subdir == real:
                    detected[vp.name] = vp.build
            else:
                detected[vp.name] = vp.version
        arch = os.environ.get("CONDA_OVERRIDE_CUDA_ARCH", "").strip()
        if arch and "__cuda" in detected:
            detected["__cuda_arch"] = arch
        return cls(subdir, detected)

    @property
    def customised(self) -> dict[str, str]:
        return customised(self.subdir, self.detected.items())

    def runs(self, decl: PlatformDecl) -> bool:
        """Its subdir runs here and this machine provides every declaration (at least that
        version; for `__archspec` only the presence counts, as in platform selection)."""
        if decl.subdir not in runnable_subdirs(self.subdir):
            return False
        return all(self.provides(package, value) for package, value in decl.declared.items())

    def provides(self, package: str, value: str) -> bool:
        have = self.detected.get(package)
        if have is None:
            return False
        return package == "__archspec" or bool(at_least(have, value))


@model
class PlatformUsers:
    environments: list[str]
    features: list[str]


def users_of(workspace: Workspace, name: str) -> PlatformUsers:
    """The environments that have platform `name`, and the features that list it."""
    environments = [env.name for env in workspace.environments.values()
                    if any(p.name == name for p in env.platforms)]
    features = [feature.name for feature in workspace.manifest.features.values()
                if feature.name != "default" and name in (feature.platforms or [])]
    return PlatformUsers(environments, features)


def unreachable(workspace: Workspace, machine: HostMachine) -> tuple[set[str], set[str]]:
    """The environments, and the features with a `platforms` list, none of whose platforms
    runs on this machine."""
    runnable = {p.name for p in workspace.manifest.workspace.platforms
                if machine.runs(PlatformDecl.of(p))}
    environments = {env.name for env in workspace.environments.values()
                    if not any(p.name in runnable for p in env.platforms)}
    features = {feature.name for feature in workspace.manifest.features.values()
                if feature.platforms is not None and not set(feature.platforms) & runnable}
    return environments, features
