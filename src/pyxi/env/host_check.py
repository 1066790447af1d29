"""Can this machine run an environment? Refuse early, say why, and compute the override."""

from __future__ import annotations

import re

from pyxi.diagnostics import HostError
from pyxi.lock.model import CondaPackage, LockedPackage
from pyxi.manifest.model import PlatformSpec
from pyxi.workspace.environment import Environment

# The virtual packages pixi checks on the host; `__unix` and `__archspec` are never refused.
CHECKED = ("__glibc", "__musl", "__eglibc", "__cuda", "__osx", "__win", "__linux")
_OVERRIDES = {
    "__cuda": ("CONDA_OVERRIDE_CUDA", "12.0", ("linux", "win")),
    "__glibc": ("CONDA_OVERRIDE_GLIBC", "2.17", ("linux",)),
    "__osx": ("CONDA_OVERRIDE_OSX", "10.15", ("osx",)),
}


def select_platform(env: Environment, host_subdir: str) -> PlatformSpec:
    """The first declared platform of the environment for this machine's subdir."""
    for platform in env.platforms:
        if platform.subdir == host_subdir:
            return platform
    declared = ", ".join(p.name for p in env.platforms)
    if env.name == "default":
        message = f"the workspace does not support '{host_subdir}' (it declares: {declared})"
    else:
        message = f"the environment '{env.name}' does not support '{host_subdir}' (it declares: {declared})"
    raise HostError(message, help=f'add "{host_subdir}" to `platforms` in the manifest, then run `pyxi lock`')


def host_requirements(packages: list[LockedPackage]) -> list[tuple[str, str]]:
    """(`__cuda >=12`, required-by file name) for every checked virtual dependency."""
    found: list[tuple[str, str]] = []
    for package in packages:
        if not isinstance(package, CondaPackage):
            continue
        for dependency in package.depends:
            if dependency.split()[0] in CHECKED:
                found.append((dependency, package.file_name))
    return found


def check_host(env: Environment, platform: PlatformSpec, packages: list[LockedPackage]) -> list[str]:
    """Raise `HostError` when a locked package needs a virtual package this machine lacks.

    Returns warnings (the environment declares more than its packages need and the machine
    falls short of the declaration only)."""
    return check_host_packages(env.name, platform.subdir, packages, env.system_requirements.cuda)


def check_host_packages(
    env_name: str,
    subdir: str,
    packages: list[LockedPackage],
    declared_cuda: str | None = None,
    command: str | None = None,
) -> list[str]:
    """`check_host` for an environment known by its packages only (an unpacked archive);
    `command` is what the override hint shows (default: `pyxi run -e ENV …`)."""
    from pyxi.conda.host import host_virtual_packages
    from pyxi.conda.match import virtual_matches

    available = host_virtual_packages()
    for spec, required_by in host_requirements(packages):
        if not virtual_matches(spec, list(available), subdir):
            requirement = _effective_requirement(declared_cuda, spec)
            hint = _override_hint(spec.split()[0], requirement, subdir,
                                  command or f"pyxi run -e {env_name} …")
            raise _refusal(env_name, spec, requirement, required_by, available, hint)
    warnings = []
    if declared_cuda and not virtual_matches(f"__cuda >={declared_cuda}", list(available), subdir):
        warnings.append(
            f"environment `{env_name}` declares `cuda = \"{declared_cuda}\"` but this machine has "
            f"no matching CUDA driver; its locked packages do not need one, continuing"
        )
    return warnings


def _refusal(env_name, spec, requirement, required_by, available, hint) -> HostError:  # type: ignore[no-untyped-def]
    name = spec.split()[0]
    have = [vp for vp in available if vp.name == name]
    has_text = f"this machine has {have[0].display()}" if have else f"this machine has no {name}"
    listing = ", ".join(vp.display() for vp in available)
    return HostError(
        f"environment `{env_name}` cannot run on this machine: it needs `{requirement}` "
        f"(required by {required_by}), but {has_text}",
        notes=[f"virtual packages on this machine: [{listing}]"],
        help=hint,
    )


def _effective_requirement(declared_cuda: str | None, spec: str) -> str:
    """A bare `__cuda` dependency means "the declared CUDA version": say which one."""
    name, _, constraint = spec.partition(" ")
    if not constraint.strip() and name == "__cuda" and declared_cuda:
        return f"__cuda >={declared_cuda}"
    return spec


def _override_hint(name: str, spec: str, subdir: str, command: str) -> str | None:
    if name not in _OVERRIDES:
        return None
    variable, example, families = _OVERRIDES[name]
    if subdir.split("-")[0] not in families:
        return None
    match = re.search(r"(\d+(?:\.\d+)*)", spec.split(maxsplit=1)[1] if " " in spec else "")
    version = match.group(1) if match else example
    if name == "__cuda":
        return (
            f"run on a machine with an NVIDIA driver for CUDA >= {version}, or, if this machine "
            f"really has one that was not detected, set {variable}={version} "
            f"(e.g. `{variable}={version} {command}`)"
        )
    return f"if this machine can run it anyway, set {variable}={version}"
