"""What this machine offers: its platform and its virtual packages (`CONDA_OVERRIDE_*` honoured)."""

from __future__ import annotations

from functools import cache

import rattler

from pyxi.conda.overrides import (
    VARIABLES,
    InvalidOverride,
    Virtual,
    apply_overrides,
    read_overrides,
)
from pyxi.workspace.virtual_packages import VirtualPackage


@cache
def host_subdir() -> str:
    return str(rattler.Subdir.current())


@cache
def detected_virtual_packages() -> tuple[Virtual, ...]:
    """Detected through rattler, before any override: `__unix`, `__linux`, `__glibc`, `__osx`,
    `__win`, `__cuda`, `__archspec`, as (name, version, build)."""
    result = []
    for package in rattler.VirtualPackage.detect(rattler.VirtualPackageOverrides()):
        generic = package.into_generic()
        name, version = str(generic.name.normalized), str(generic.version)
        result.append((name, version, str(generic.build_string)))
    return tuple(result)


@cache
def host_virtual_packages() -> tuple[VirtualPackage, ...]:
    """The detected virtual packages, each replaced (or removed, when set empty) by its
    `CONDA_OVERRIDE_*`. A value that cannot be a version is a `HostError`."""
    try:
        overrides = read_overrides()
    except InvalidOverride as error:
        raise override_error(error) from None
    host = apply_overrides(detected_virtual_packages(), overrides)
    return tuple(VirtualPackage(*vp) for vp in host)


_EXAMPLES = {
    "__cuda": "12.6", "__glibc": "2.28", "__osx": "13.0", "__linux": "5.15", "__win": "10.0",
    "__archspec": "x86_64_v3",
}


def override_error(error: InvalidOverride) -> Exception:
    from pyxi.diagnostics import HostError

    name = next(n for n, v in VARIABLES.items() if v == error.variable)
    example = _EXAMPLES.get(name, "1.0")
    return HostError(
        f"{error.variable}={error.value!r} {error.reason}",
        help=f"set it to what this machine should report as `{name}` (e.g. "
        f"{error.variable}={example}), set it empty for no `{name}`, or unset it",
    )
