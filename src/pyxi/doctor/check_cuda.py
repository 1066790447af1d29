"""CUDA: GPU packages without a declared `cuda` system requirement, a host driver older than the
locked CUDA builds need, and GPU environments that resolved to CPU builds."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyxi.doctor.check_sources import evidence_for
from pyxi.doctor.context import DoctorContext, can_have_cuda, declares_cuda
from pyxi.doctor.families import GPU_CONDA_NAMES, cuda_index_tag, torch_flavour
from pyxi.doctor.finding import Evidence, Finding, error, warning
from pyxi.doctor.manifest_refs import env_flag, gpu_feature, table_name
from pyxi.lockfile.model import CondaPackage, LockedPackage
from pyxi.manifest.model import CondaDependency, PlatformSpec
from pyxi.workspace.environment import Environment


def _gpu_requests(env: Environment, platform: PlatformSpec) -> list[CondaDependency]:
    return [d for d in env.conda_dependencies(platform)
            if d.name in GPU_CONDA_NAMES or "cuda" in (d.build or "").lower()]


def suggested_cuda(env: Environment, platform: PlatformSpec, locked: list[CondaPackage]) -> str:
    """A realistic `system-requirements.cuda`: the major of a `cuda-version` pin, else 12.0."""
    for dep in env.conda_dependencies(platform):
        if dep.name == "cuda-version" and (m := re.search(r"(\d+)", dep.version)):
            return f"{m.group(1)}.0"
    version = next((p.version for p in locked if p.name == "cuda-version"), None)
    return f"{version.split('.')[0]}.0" if version else "12.0"


def check_cuda_requirement(ctx: DoctorContext) -> Iterator[Finding]:
    for env, platform in ctx.pairs():
        if not can_have_cuda(platform) or declares_cuda(env, platform):
            continue
        locked = ctx.locked_conda(env, platform)
        needing = [p for p in locked if any(d.split()[0] == "__cuda" for d in p.depends)]
        requests = _gpu_requests(env, platform)
        if requests or needing:
            yield _missing_requirement(ctx, env, platform, requests, needing, locked)


def _missing_requirement(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
                         requests: list[CondaDependency], needing: list[CondaPackage],
                         locked: list[CondaPackage]) -> Finding:
    feature = gpu_feature(env)
    table = table_name(ctx.workspace, feature, "system")
    cuda = suggested_cuda(env, platform, locked)
    asked = ", ".join(f"`{d.display()}`" for d in requests) or ", ".join(f"`{p.name}`" for p in needing)
    return error(
        "cuda-requirement-missing",
        f"{asked} needs CUDA, but the environment declares no `cuda` system requirement, so the solver "
        "assumes a machine without a GPU and cannot use (or lock) CUDA builds",
        environment=env.name, platforms=(platform.name,),
        evidence=(*(Evidence("manifest", d.name, d.version, d.build, "[dependencies]") for d in requests),
                  *(evidence_for(p) for p in needing)),
        location=requests[0].location if requests else None,
        fix=f"add `cuda = \"{cuda}\"` under {table} in {ctx.manifest_name}, then run `pyxi lock`",
        notes=(("`system-requirements.cuda` tells the solver which CUDA version the target machines "
                "have; without it, pixi and pyxi pick CPU-only builds"),),
    )


def cuda_needs(env: Environment, platform: PlatformSpec, locked: list[CondaPackage]) -> list[tuple[str, CondaPackage]]:
    """(`__cuda >=12`, package) for every locked depends/constrains on `__cuda`."""
    declared = declares_cuda(env, platform)
    found = []
    for package in locked:
        for spec in [*package.depends, *package.constrains]:
            name, _, constraint = spec.strip().partition(" ")
            if name != "__cuda":
                continue
            if not constraint.strip():
                if not declared or spec not in package.depends:
                    continue
                constraint = f">={declared}"
            found.append((f"__cuda {constraint.strip()}", package))
    return found


def check_host_driver(ctx: DoctorContext) -> Iterator[Finding]:
    for env in ctx.environments:
        platform = ctx.host_platform(env)
        if platform is None or not can_have_cuda(platform):
            continue
        unmet = _unmet(ctx, cuda_needs(env, platform, ctx.locked_conda(env, platform)), platform)
        if unmet:
            yield _driver_finding(ctx, env, platform, unmet)


def _unmet(ctx: DoctorContext, needs: list[tuple[str, CondaPackage]],
           platform: PlatformSpec) -> list[tuple[str, CondaPackage]]:
    from pyxi.conda.match import virtual_matches

    available = list(ctx.host.virtual_packages)
    return [(spec, pkg) for spec, pkg in needs if not virtual_matches(spec, available, platform.subdir)]


def _required_version(unmet: list[tuple[str, CondaPackage]]) -> str:
    versions = [m.group(1) for spec, _ in unmet if (m := re.search(r">=\s*(\d+(?:\.\d+)*)", spec))]
    return max(versions, key=lambda v: tuple(int(x) for x in v.split('.'))) if versions else "12.0"


def _driver_finding(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
                    unmet: list[tuple[str, CondaPackage]]) -> Finding:
    host = ctx.host.virtual("__cuda")
    needed = _required_version(unmet)
    evidence = tuple([evidence_for(p) for _, p in unmet]
                     + [Evidence("host", "__cuda", host.version if host else None,
                                 detail="this machine" if host else "not detected on this machine")])
    specs = ", ".join(sorted({f"`{spec}` ({pkg.name})" for spec, pkg in unmet}))
    if host is None:
        return warning(
            "cuda-driver-missing",
            f"this machine has no CUDA driver, but the locked packages need {specs}: "
            f"`pyxi run{env_flag(env)}` will refuse to start here",
            environment=env.name, platforms=(platform.name,), evidence=evidence,
            fix=_no_driver_fix(ctx, env, needed),
        )
    return error(
        "cuda-driver-too-old",
        f"this machine's driver supports CUDA {host.version}, but the locked packages need {specs}",
        environment=env.name, platforms=(platform.name,), evidence=evidence,
        fix=_old_driver_fix(ctx, env, host.version, needed),
    )


def _no_driver_fix(ctx: DoctorContext, env: Environment, needed: str) -> str:
    text = (f"run it on a machine with an NVIDIA driver for CUDA >= {needed}; if this machine has one "
            f"that was not detected, set CONDA_OVERRIDE_CUDA={needed} (e.g. "
            f"`CONDA_OVERRIDE_CUDA={needed} pyxi run{env_flag(env)} …`)")
    cpu = _cpu_environment(ctx, env)
    return text + (f"; on this machine use `pyxi run -e {cpu} …`" if cpu else "")


def _old_driver_fix(ctx: DoctorContext, env: Environment, have: str, needed: str) -> str:
    feature = gpu_feature(env)
    table = table_name(ctx.workspace, feature, "conda")
    minor = ".".join(have.split(".")[:2])
    return (f"update the NVIDIA driver to one for CUDA >= {needed}, or lock builds for this driver: set "
            f"`cuda-version = \"{minor}.*\"` under {table} and run `pyxi lock`; if the driver is newer than "
            f"detected, set CONDA_OVERRIDE_CUDA={needed}")


def _cpu_environment(ctx: DoctorContext, gpu_env: Environment) -> str | None:
    for env in ctx.workspace.environments.values():
        platform = ctx.host_platform(env)
        if env is gpu_env or platform is None:
            continue
        if not declares_cuda(env, platform) and any(
            torch_flavour(p) == "cpu" for p in ctx.locked(env, platform)
        ):
            return env.name
    return None


def gpu_intent(ctx: DoctorContext, env: Environment, platform: PlatformSpec) -> str | None:
    """Why this environment looks meant for a GPU on this platform (None: it does not)."""
    if declares_cuda(env, platform):
        return f"it declares `cuda = \"{declares_cuda(env, platform)}\"`"
    if requests := _gpu_requests(env, platform):
        return f"it asks for `{requests[0].display()}`"
    for dep in env.pypi_dependencies(platform):
        if cuda_index_tag(dep.index):
            return f"`{dep.name}` comes from the CUDA index {dep.index}"
    named = [n for n in [env.name, *env.feature_names] if re.search(r"gpu|cuda", n, re.IGNORECASE)]
    return f"it is named `{named[0]}`" if named else None


def check_gpu_resolved_cpu(ctx: DoctorContext) -> Iterator[Finding]:
    from pyxi.doctor.gpu_causes import cpu_causes

    for env, platform in ctx.pairs():
        if not can_have_cuda(platform):
            continue
        torch = [p for p in ctx.locked(env, platform) if torch_flavour(p) is not None]
        cpu = [p for p in torch if torch_flavour(p) == "cpu"]
        intent = gpu_intent(ctx, env, platform) if cpu and not any(torch_flavour(p) == "cuda" for p in torch) else None
        if intent and not _replaced_pypi_request(env, platform, cpu):
            causes, fix = cpu_causes(ctx, env, platform, cpu)
            yield error(
                "gpu-resolved-to-cpu",
                f"this looks like a GPU environment ({intent}), but PyTorch resolved to a CPU build",
                environment=env.name, platforms=(platform.name,),
                evidence=tuple(evidence_for(p) for p in cpu), notes=tuple(causes), fix=fix,
            )


def _replaced_pypi_request(env: Environment, platform: PlatformSpec,
                           cpu: list[LockedPackage]) -> bool:
    """PyPI torch was asked for but conda's was installed: `conda-needs-pypi` explains that."""
    asks = any(d.name.lower() == "torch" for d in env.pypi_dependencies(platform))
    return asks and all(isinstance(p, CondaPackage) for p in cpu)
