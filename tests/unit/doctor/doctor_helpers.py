"""Hand-built locks, packages and contexts for the doctor's unit tests."""

from __future__ import annotations

from pyxi.doctor.context import DoctorContext, HostFacts
from pyxi.lockfile.model import CondaPackage, LockEnvironment, LockFile, PackageRef, PypiPackage
from pyxi.workspace.environment import Workspace
from pyxi.workspace.virtual_packages import VirtualPackage

LINUX = HostFacts("linux-64", (VirtualPackage("__unix", "0", "0"), VirtualPackage("__glibc", "2.36")))


def conda(name: str, version: str, build: str, channel: str, depends=(), constrains=()) -> CondaPackage:
    subdir = "linux-64"
    return CondaPackage(f"{channel}{subdir}/{name}-{version}-{build}.conda", name, version, build,
                        subdir=subdir, channel=channel, depends=list(depends), constrains=list(constrains))


def pypi(name: str, version: str, index: str) -> PypiPackage:
    return PypiPackage(f"{index}/{name}-{version}.whl", name, version, index=index)


def lock_of(packages: dict[str, list], platform: str = "linux-64") -> LockFile:
    lock = LockFile()
    for env, items in packages.items():
        refs = []
        for item in items:
            table = lock.conda_packages if isinstance(item, CondaPackage) else lock.pypi_packages
            table[item.location] = item
            refs.append(PackageRef(item.kind, item.location))
        lock.environments[env] = LockEnvironment(packages={platform: refs})
    return lock


def context(ws: Workspace, lock: LockFile | None, host: HostFacts = LINUX) -> DoctorContext:
    return DoctorContext(ws, lock, host)
