"""The two-step solve: conda first, PyPI second. A conda package that depends on something the
manifest wants from PyPI gets the conda copy instead, so the PyPI request is silently replaced
(or the PyPI step fails)."""

from __future__ import annotations

from collections.abc import Iterator

from pyxi.conda.names import spec_name
from pyxi.doctor.check_sources import evidence_for
from pyxi.doctor.context import DoctorContext
from pyxi.doctor.families import conda_family, provided_pypi_names, pypi_family
from pyxi.doctor.finding import Evidence, Finding, error
from pyxi.doctor.manifest_refs import Declared, declared
from pyxi.lockfile.model import CondaPackage
from pyxi.manifest.model import PlatformSpec, PypiDependency
from pyxi.names import normalize_pypi_name
from pyxi.workspace.environment import Environment


def _pypi_requests(env: Environment, platform: PlatformSpec) -> dict[str, PypiDependency]:
    return {normalize_pypi_name(d.name): d for d in env.pypi_dependencies(platform) if d.is_registry}


def check_conda_needs_pypi(ctx: DoctorContext) -> Iterator[Finding]:
    for env, platform in ctx.pairs():
        requests = _pypi_requests(env, platform)
        if not requests:
            continue
        conda = ctx.locked_conda(env, platform)
        if conda:
            yield from _from_lock(ctx, env, platform, conda, requests)
        else:
            yield from _from_manifest(ctx, env, platform, requests)


def _from_lock(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
               conda: list[CondaPackage], requests: dict[str, PypiDependency]) -> Iterator[Finding]:
    by_name = {p.name: p for p in conda}
    reported: set[str] = set()
    yield from _declared_twice(ctx, env, platform, conda, requests)
    for package in conda:
        for spec in package.depends:
            provider = by_name.get(spec_name(spec))
            if provider is None or _same_family(package, provider):
                continue
            wanted = sorted(provided_pypi_names(provider) & set(requests) - reported)
            if wanted:
                reported.add(wanted[0])
                yield _finding(ctx, env, platform, package, provider, requests[wanted[0]], conda)


def _same_family(a: CondaPackage, b: CondaPackage) -> bool:
    family = conda_family(a)
    return family is not None and family == conda_family(b)


def _finding(ctx: DoctorContext, env: Environment, platform: PlatformSpec, dependent: CondaPackage,
             provider: CondaPackage, request: PypiDependency, conda: list[CondaPackage]) -> Finding:
    roots = requested_roots(dependent, conda, env, platform)
    via = f" (pulled in by {', '.join(f'`{r}`' for r in roots)} from [dependencies])" if roots and roots != [dependent.name] else ""
    pypi_decl = declared(env, platform, "pypi", request.name, ctx.workspace)
    return error(
        "conda-needs-pypi",
        f"conda package `{dependent.name}`{via} depends on `{provider.name}`, which this environment asks "
        f"for from PyPI as `{request.name}`: conda is solved first, so the conda `{provider.name}` is "
        f"installed and the PyPI request{_index_text(request)} is not used",
        environment=env.name, platforms=(platform.name,),
        evidence=(evidence_for(dependent), evidence_for(provider), _request_evidence(pypi_decl, request)),
        location=request.location,
        fix=_fix(ctx, env, platform, roots or [dependent.name], request, pypi_decl),
        notes=("the guide: when torch comes from PyPI, every package that depends on torch must come from PyPI too",),
    )


def _index_text(request: PypiDependency) -> str:
    return f" (index {request.index})" if request.index else ""


def _request_evidence(decl: Declared | None, request: PypiDependency) -> Evidence:
    return Evidence("manifest", request.name, request.version, None,
                    decl.table if decl else "[pypi-dependencies]", detail=f"index {request.index}" if request.index else None)


def _fix(ctx: DoctorContext, env: Environment, platform: PlatformSpec, roots: list[str],
         request: PypiDependency, pypi_decl: Declared | None) -> str:
    moves = []
    for root in roots:
        decl = declared(env, platform, "conda", root, ctx.workspace)
        table = decl.table if decl else "[dependencies]"
        index = f', index = "{request.index}"' if request.index else ""
        moves.append(f"remove `{root}` from {table} and add `{root} = {{ version = \"*\"{index} }}` "
                     f"to {pypi_decl.table if pypi_decl else '[pypi-dependencies]'}")
    other = (f"or drop `{request.name}` from {pypi_decl.table if pypi_decl else '[pypi-dependencies]'} "
             "and take it from conda")
    return "; ".join(moves) + f"; {other}; then run `pyxi lock`"


def requested_roots(target: CondaPackage, conda: list[CondaPackage], env: Environment,
                    platform: PlatformSpec) -> list[str]:
    """The explicit conda dependencies of the environment that (transitively) pull in `target`."""
    explicit = {d.name.lower() for d in env.conda_dependencies(platform)}
    dependents: dict[str, set[str]] = {}
    for package in conda:
        for spec in package.depends:
            dependents.setdefault(spec_name(spec), set()).add(package.name)
    seen, queue, roots = {target.name}, [target.name], []
    while queue:
        name = queue.pop(0)
        if name in explicit:
            roots.append(name)
        for parent in sorted(dependents.get(name, ())):
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return sorted(roots)


def _from_manifest(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
                   requests: dict[str, PypiDependency]) -> Iterator[Finding]:
    """No lock to read: an explicit conda package of the same stack as a PyPI request."""
    stacks = {pypi_family(name).stack: dep for name, dep in requests.items()}
    for dep in env.conda_dependencies(platform):
        family = _conda_stack(dep.name)
        request = stacks.get(family) if family else None
        if request is None:
            continue
        pypi_decl = declared(env, platform, "pypi", request.name, ctx.workspace)
        yield error(
            "conda-needs-pypi",
            f"conda package `{dep.name}` belongs with `{request.name}`, which this environment asks for from "
            f"PyPI: conda is solved first, so `{dep.name}` brings its own conda copy and the two clash",
            environment=env.name, platforms=(platform.name,),
            evidence=(Evidence("manifest", dep.name, dep.version, None, "[dependencies]"),
                      _request_evidence(pypi_decl, request)),
            location=dep.location,
            fix=_fix(ctx, env, platform, [dep.name], request, pypi_decl),
        )


def _conda_stack(name: str) -> str | None:
    from pyxi.doctor.families import FAMILIES

    return next((f.stack for f in FAMILIES if name in f.conda), None)


def _declared_twice(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
                    conda: list[CondaPackage], requests: dict[str, PypiDependency]) -> Iterator[Finding]:
    explicit = {d.name.lower() for d in env.conda_dependencies(platform)}
    for package in conda:
        both = sorted(provided_pypi_names(package) & set(requests))
        if package.name not in explicit or not both:
            continue
        request = requests[both[0]]
        conda_decl = declared(env, platform, "conda", package.name, ctx.workspace)
        pypi_decl = declared(env, platform, "pypi", request.name, ctx.workspace)
        conda_table = conda_decl.table if conda_decl else "[dependencies]"
        pypi_table = pypi_decl.table if pypi_decl else "[pypi-dependencies]"
        yield error(
            "requested-from-conda-and-pypi",
            f"`{package.name}` is asked for from conda ({conda_table}) and as `{request.name}` from PyPI "
            f"({pypi_table}): conda is solved first, so the conda build is installed and the PyPI "
            f"request{_index_text(request)} only pins its version",
            environment=env.name, platforms=(platform.name,),
            evidence=(evidence_for(package), _request_evidence(pypi_decl, request)),
            location=request.location,
            fix=(f"keep one: remove `{request.name}` from {pypi_table}, or remove `{package.name}` from "
                 f"{conda_table} (and every conda package that depends on it); then run `pyxi lock`"),
        )
