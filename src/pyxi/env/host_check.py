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
    from pyxi.conda.host import host_virtual_packages
    from pyxi.conda.match import virtual_matches

    available = host_virtual_packages()
    for spec, required_by in host_requirements(packages):
        if not virtual_matches(spec, list(available), platform.subdir):
            raise _refusal(env, platform, spec, required_by, available)
    warnings = []
    cuda = env.system_requirements.cuda
    if cuda and not virtual_matches(f"__cuda >={cuda}", list(available), platform.subdir):
        warnings.append(
            f"environment `{env.name}` declares `cuda = \"{cuda}\"` but this machine has no "
            f"matching CUDA driver; its locked packages do not need one, continuing"
        )
    return warnings


def _refusal(env, platform, spec, required_by, available) -> HostError:  # type: ignore[no-untyped-def]
    name = spec.split()[0]
    requirement = _effective_requirement(env, spec)
    have = [vp for vp in available if vp.name == name]
    has_text = f"this machine has {have[0].display()}" if have else f"this machine has no {name}"
    listing = ", ".join(vp.display() for vp in available)
    return HostError(
        f"environment `{env.name}` cannot run on this machine: it needs `{requirement}` "
        f"(required by {required_by}), but {has_text}",
        notes=[f"virtual packages on this machine: [{listing}]"],
        help=_override_hint(name, requirement, platform.subdir, env.name),
    )


def _effective_requirement(env: Environment, spec: str) -> str:
    """A bare `__cuda` dependency means "the declared CUDA version": say which one."""
    name, _, constraint = spec.partition(" ")
    if not constraint.strip() and name == "__cuda" and env.system_requirements.cuda:
        return f"__cuda >={env.system_requirements.cuda}"
    return spec


def _override_hint(name: str, spec: str, subdir: str, env_name: str) -> str | None:
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
            f"(e.g. `{variable}={version} pyxi run -e {env_name} …`)"
        )
    return f"if this machine can run it anyway, set {variable}={version}"
