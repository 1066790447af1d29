"""What this machine offers: its platform and its virtual packages (`CONDA_OVERRIDE_*` honoured)."""

from __future__ import annotations

from functools import cache

import rattler

from pyxi.workspace.virtual_packages import VirtualPackage


@cache
def host_subdir() -> str:
    platform = getattr(rattler, "Platform", None) or rattler.Subdir
    return str(platform.current())


@cache
def host_virtual_packages() -> tuple[VirtualPackage, ...]:
    """Detected through rattler: `__unix`, `__linux`, `__glibc`, `__osx`, `__win`, `__cuda`,
    `__archspec`, each replaced (or removed, when set empty) by its `CONDA_OVERRIDE_*`."""
    overrides = rattler.VirtualPackageOverrides.from_env()
    detected = rattler.VirtualPackage.detect(overrides)
    result = []
    for package in detected:
        generic = package.into_generic()
        result.append(
            VirtualPackage(
                str(generic.name.normalized),
                str(generic.version),
                str(generic.build_string),
            )
        )
    return tuple(result)
