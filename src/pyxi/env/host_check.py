"""Can this machine run an environment on its selected platform? Refuse early and say why.

In this order, each refusal naming what needs what and what this machine has:
1. every locked conda package's dependency on a checked virtual package (`__cuda`, `__glibc`…);
2. every such constraint (`constrains: __cuda >=12` of `cuda-version`) on a virtual package
   this machine has: conda applies a constraint when the constrained package is present;
3. what the platform entry itself declares (`{ …, cuda = "12.0" }`): the machine it is for;
4. a `cuda` system requirement: refused when a locked PyPI package is a CUDA build (a
   `+cu124` wheel or an `nvidia-…-cu12` one), else only a warning that says what is true.
"""

from __future__ import annotations

import re

from pyxi.datamodel import model
from pyxi.diagnostics import HostError
from pyxi.env.host_platform import declared, host_map
from pyxi.env.platform_select import shortfall, unmet_declarations
from pyxi.lockfile.model import CondaPackage, LockedPackage, PypiPackage
from pyxi.manifest.model import PlatformSpec
from pyxi.workspace.environment import Environment
from pyxi.workspace.virtual_packages import VirtualPackage

# The virtual packages pixi checks on the host; `__unix` and `__archspec` are never refused.
CHECKED = ("__glibc", "__musl", "__eglibc", "__cuda", "__osx", "__win", "__linux")
_OVERRIDES = {
    "__cuda": ("CONDA_OVERRIDE_CUDA", "12.0", ("linux", "win")),
    "__glibc": ("CONDA_OVERRIDE_GLIBC", "2.17", ("linux",)),
    "__osx": ("CONDA_OVERRIDE_OSX", "10.15", ("osx",)),
}
_CUDA_WHEEL = re.compile(r"\+cu\d+$")
_CUDA_WHEEL_NAME = re.compile(r"^nvidia-.+-cu\d+$")


def host_requirements(packages: list[LockedPackage]) -> list[tuple[str, str]]:
    """(`__cuda >=12`, required-by file name) for every checked virtual dependency."""
    return _virtual_specs(packages, "depends")


def host_constraints(packages: list[LockedPackage]) -> list[tuple[str, str]]:
    """(`__cuda >=12`, constrained-by file name) for every checked virtual constraint."""
    return _virtual_specs(packages, "constrains")


def _virtual_specs(packages: list[LockedPackage], field: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for package in packages:
        if isinstance(package, CondaPackage):
            specs = getattr(package, field)
            found += [(spec, package.file_name) for spec in specs if spec.split()[0] in CHECKED]
    return found


def cuda_wheels(packages: list[LockedPackage]) -> list[str]:
    """`torch 2.5.1+cu124` for every locked PyPI package built for CUDA (`+cu…` ones first)."""
    pypi = [p for p in packages if isinstance(p, PypiPackage)]
    local = [p for p in pypi if _CUDA_WHEEL.search(p.version or "")]
    named = [p for p in pypi if p not in local and _CUDA_WHEEL_NAME.match(p.name.lower())]
    return [f"{p.name} {p.version}" for p in local + named]


def expected_of_host(env: Environment, platform: PlatformSpec) -> list[str]:
    """What the environment declares of the machine (the platform entry, a `cuda` system
    requirement) as specs: `run`'s shortcut leaves any it cannot confirm to the full path."""
    specs = [f"{name} >={version}" for name, version in declared(platform)]
    cuda = env.system_requirements.cuda
    return specs + ([f"__cuda >={cuda}"] if cuda else [])


@model(frozen=True)
class HostSubject:
    """What the refusals say about the environment being checked: a workspace's environment,
    or one known only by its packages (an unpacked archive)."""

    name: str
    declared_cuda: str | None = None  # the `cuda` system requirement
    platform_cuda: str | None = None  # the `__cuda` the solver assumed on the platform
    platforms: tuple[PlatformSpec, ...] = ()  # where `--platform` could choose another
    command: str = ""  # the command the override hint shows

    @classmethod
    def of(cls, env: Environment, platform: PlatformSpec) -> HostSubject:
        cuda = next((vp.version for vp in env.virtual_packages(platform) if vp.name == "__cuda"), None)
        return cls(env.name, env.system_requirements.cuda, cuda, tuple(env.platforms),
                   f"pyxi run -e {env.name} …")


def check_host(
    env: Environment, platform: PlatformSpec, packages: list[LockedPackage]
) -> list[str]:
    """Raise `HostError` when this machine cannot run the environment on `platform`; return
    warnings (a declaration the machine falls short of that nothing locked needs)."""
    return check_subject(HostSubject.of(env, platform), platform, packages)


def check_host_packages(
    name: str, subdir: str, packages: list[LockedPackage], declared_cuda: str | None, command: str
) -> list[str]:
    """`check_host` for an environment known by its packages only (an unpacked archive)."""
    subject = HostSubject(name, declared_cuda, declared_cuda, (), command)
    return check_subject(subject, PlatformSpec(subdir, subdir), packages)


def check_subject(
    subject: HostSubject, platform: PlatformSpec, packages: list[LockedPackage]
) -> list[str]:
    from pyxi.conda.host import host_virtual_packages

    available = list(host_virtual_packages())
    for spec, required_by in host_requirements(packages):
        if not _met(spec, available, platform):
            raise _refusal(subject, platform, spec, f"required by {required_by}", available)
    present = {vp.name for vp in available}
    for spec, constrained_by in host_constraints(packages):
        if spec.split()[0] in present and not _met(spec, available, platform):
            raise _refusal(subject, platform, spec, f"a constraint of {constrained_by}", available)
    missing = unmet_declarations(declared(platform), host_map(available))
    if missing is None or missing:
        raise _platform_refusal(subject, platform, missing or list(declared(platform)), available)
    return _cuda_requirement(subject, platform, packages, available)


def _met(spec: str, available: list[VirtualPackage], platform: PlatformSpec) -> bool:
    from pyxi.conda.match import virtual_matches

    return virtual_matches(spec, available, platform.subdir)


def _cuda_requirement(subject: HostSubject, platform: PlatformSpec, packages: list[LockedPackage],
                      available: list[VirtualPackage]) -> list[str]:
    """The `cuda` system requirement (the classic, per-environment declaration)."""
    cuda = subject.declared_cuda
    if not cuda or _met(f"__cuda >={cuda}", available, platform):
        return []
    have = next((vp for vp in available if vp.name == "__cuda"), None)
    has = f"has `__cuda={have.version}`" if have else "has no CUDA driver (no `__cuda`)"
    declares = f"environment `{subject.name}` declares `cuda = \"{cuda}\"`"
    wheels = cuda_wheels(packages)
    if wheels:
        more = f" (and {len(wheels) - 1} more)" if len(wheels) > 1 else ""
        raise HostError(
            f"environment `{subject.name}` cannot run on this machine: it declares "
            f"`cuda = \"{cuda}\"` and its PyPI package {wheels[0]} is a CUDA build{more}, but "
            f"this machine {has}",
            notes=[_listing(available)],
            help=_override_hint("__cuda", f"__cuda >={cuda}", platform.subdir, subject.command),
        )
    specs = host_requirements(packages) + host_constraints(packages)
    needs = list(dict.fromkeys(s for s, _ in specs if s.split()[0] == "__cuda"))
    if needs:
        only = ", ".join(f"`{s}`" for s in needs)
        return [(f"{declares} but this machine {has}; its locked packages need only {only}, "
                 "which it meets: continuing")]
    return [(f"{declares} but this machine {has}; none of its locked packages needs a CUDA "
             "driver: continuing")]


def _refusal(subject: HostSubject, platform: PlatformSpec, spec: str, why: str,
             available: list[VirtualPackage]) -> HostError:
    name = spec.split()[0]
    have = [vp for vp in available if vp.name == name]
    has_text = f"this machine has {have[0].display()}" if have else f"this machine has no {name}"
    notes = [_listing(available)]
    cuda = subject.platform_cuda
    if name == "__cuda" and cuda:
        notes.insert(0, f"environment `{subject.name}` declares `__cuda >={cuda}` "
                        f"on platform `{platform.name}`")
    hint_spec = spec
    if name == "__cuda" and cuda:  # the override must meet both the package and the platform
        hint_spec = f"__cuda >={_higher(_version_in(spec), cuda)}"
    hint = _override_hint(name, hint_spec, platform.subdir, subject.command)
    return HostError(
        f"environment `{subject.name}` cannot run on this machine: it needs `{spec}` ({why}), "
        f"but {has_text}",
        notes=notes,
        help=_with_alternative(subject, platform, available, hint),
    )


def _platform_refusal(subject: HostSubject, platform: PlatformSpec,
                      missing: list[tuple[str, str]], available: list[VirtualPackage]) -> HostError:
    name, version = missing[0]
    hint = _override_hint(name, f"{name} >={version}", platform.subdir, subject.command)
    return HostError(
        f"environment `{subject.name}` cannot run on this machine with platform "
        f"`{platform.name}`: {shortfall(missing, host_map(available))}",
        notes=[_listing(available)],
        help=_with_alternative(subject, platform, available, hint),
    )


def _with_alternative(subject: HostSubject, platform: PlatformSpec,
                      available: list[VirtualPackage], hint: str | None) -> str | None:
    """The hint, after the other platform of the environment that this machine provides."""
    host = host_map(available)
    other = next((p.name for p in subject.platforms if p.subdir == platform.subdir
                  and p is not platform and unmet_declarations(declared(p), host) == []), None)
    if other is None:
        return hint
    alternative = f"run it with `--platform {other}`, a platform this machine provides"
    return f"{alternative}; or {hint}" if hint else alternative


def _version_in(spec: str) -> str | None:
    match = re.search(r"(\d+(?:\.\d+)*)", spec.split(maxsplit=1)[1] if " " in spec else "")
    return match.group(1) if match else None


def _higher(first: str | None, second: str) -> str:
    if first is None:
        return second
    return max(first, second, key=lambda v: tuple(int(part) for part in re.findall(r"\d+", v)))


def _listing(available: list[VirtualPackage]) -> str:
    return "virtual packages on this machine: [" + ", ".join(vp.display() for vp in available) + "]"


def _override_hint(name: str, spec: str, subdir: str, command: str) -> str | None:
    if name not in _OVERRIDES:
        return None
    variable, example, families = _OVERRIDES[name]
    if subdir.split("-")[0] not in families:
        return None
    version = _version_in(spec) or example
    if name == "__cuda":
        return (
            f"run on a machine with an NVIDIA driver for CUDA >= {version}, or, if this machine "
            f"really has one that was not detected, set {variable}={version} "
            f"(e.g. `{variable}={version} {command}`)"
        )
    return f"if this machine can run it anyway, set {variable}={version}"
