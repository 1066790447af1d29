"""An environment's platform on this machine: the workspace model put through the one rule in
`env/platform_select.py`, with rattler's host detection (remembered for the import-light paths)."""

from __future__ import annotations

from collections.abc import Iterable

from pyxi.diagnostics import HostError, PyxiError
from pyxi.env.platform_select import Candidate, Choice, choose, runnable_subdirs
from pyxi.manifest.model import PlatformSpec
from pyxi.workspace.environment import Environment
from pyxi.workspace.virtual_packages import VirtualPackage, default_virtual_packages


def declared(platform: PlatformSpec) -> tuple[tuple[str, str], ...]:
    """What a platform entry declares beyond its subdir's defaults, as (name, minimum version).
    `__archspec` names a microarchitecture, not a version: like pixi, only its presence counts."""
    defaults = {(vp.name, vp.version) for vp in default_virtual_packages(platform.subdir)}
    result = []
    for name, version in platform.virtual_packages:
        if name == "__archspec":
            result.append((name, "0"))
        elif (name, version) not in defaults:
            result.append((name, version))
    return tuple(result)


def platform_candidates(env: Environment) -> list[Candidate]:
    return [(p.name, p.subdir, declared(p)) for p in env.platforms]


def host_map(available: Iterable[VirtualPackage]) -> dict[str, str]:
    return {vp.name: vp.version for vp in available}


def choose_platform(
    env: Environment, host_subdir: str, available: Iterable[VirtualPackage],
    requested: str | None = None,
) -> tuple[PlatformSpec | None, Choice]:
    """The platform the rule picks for a machine described by `host_subdir`/`available`."""
    choice = choose(platform_candidates(env), host_subdir, host_map(available), requested)
    assert choice is not None  # only the fast variant can be undecided
    platform = next((p for p in env.platforms if p.name == choice.name), None)
    return platform, choice


def this_machine(
    env: Environment, requested: str | None = None, *, to_run: bool = False
) -> tuple[PlatformSpec | None, Choice]:
    """`choose_platform` for this machine (and its detection remembered for `run`'s shortcut)."""
    from pyxi.conda.host import detected_virtual_packages, host_subdir, host_virtual_packages
    from pyxi.env.host_facts import remember

    available = host_virtual_packages()
    if not env.in_script:
        remember(str(env.root), host_subdir(), detected_virtual_packages(), create=to_run)
    return choose_platform(env, host_subdir(), available, requested)


def runs_here(env: Environment) -> bool:
    """Whether one of the environment's platforms can run on this machine."""
    return any(p.subdir in runnable_subdirs(_subdir()) for p in env.platforms)


def select_platform(
    env: Environment, requested: str | None = None, *, to_run: bool = True
) -> PlatformSpec:
    """The platform to install, run or show. `to_run=False` (list, tree) accepts any platform
    of the environment and, when none is for this machine, shows the first."""
    if not env.platforms:
        raise HostError(
            f"environment '{env.name}' has no platform: its features' `platforms` do not overlap",
            help="make its features share a platform (`pyxi workspace platform add NAME "
            "--feature FEATURE`)",
        )
    platform, _ = this_machine(env, requested, to_run=to_run)
    if requested is not None and platform is None:
        raise PyxiError(
            f"platform '{requested}' is not part of environment '{env.name}'",
            help="platforms of the environment: " + ", ".join(p.name for p in env.platforms),
        )
    if not to_run:
        return platform or env.platforms[0]
    if platform is None or platform.subdir not in runnable_subdirs(_subdir()):
        raise _unsupported(env, platform)
    return platform


def _subdir() -> str:
    from pyxi.conda.host import host_subdir

    return host_subdir()


def _unsupported(env: Environment, platform: PlatformSpec | None) -> HostError:
    host = _subdir()
    declared_list = ", ".join(p.name for p in env.platforms)
    if platform is not None:  # a --platform for another subdir
        return HostError(
            f"platform '{platform.name}' of environment '{env.name}' is for {platform.subdir}; "
            f"this machine ({host}) cannot run it",
            help=f"`pyxi list -e {env.name} -p {platform.name}` shows what is locked for it; "
            f"to run here, choose one of: {declared_list}",
        )
    who = "the workspace" if env.name == "default" else f"the environment '{env.name}'"
    return HostError(
        f"{who} does not support '{host}' (it declares: {declared_list})",
        help=f"add it with `pyxi workspace platform add {host}`",
    )
