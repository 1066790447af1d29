"""The guide's first reasons for broken installations: one package family (or the PyTorch stack)
taken from two conda channels, or from conda and PyPI at once, and channel sets that mix
conda-forge with the legacy `pytorch`/`main` channels."""

from __future__ import annotations

from collections.abc import Iterator

from pyxi import consts
from pyxi.doctor.context import DoctorContext
from pyxi.doctor.families import channel_kind, channel_label, family_of
from pyxi.doctor.finding import Evidence, Finding, error, note
from pyxi.doctor.manifest_refs import declared
from pyxi.lockfile.model import CondaPackage, LockedPackage, PypiPackage
from pyxi.manifest.model import PlatformSpec
from pyxi.workspace.environment import Environment

LEGACY = ("main", "nvidia", "pytorch")


def evidence_for(package: LockedPackage) -> Evidence:
    if isinstance(package, CondaPackage):
        return Evidence("conda", package.name, package.version, package.build, package.channel)
    return Evidence("pypi", package.name, package.version, None, package.index or consts.DEFAULT_PYPI_INDEX)


def _stacks(packages: list[LockedPackage]) -> dict[str, list[LockedPackage]]:
    stacks: dict[str, list[LockedPackage]] = {}
    for package in packages:
        family = family_of(package)
        if family is not None:
            stacks.setdefault(family.stack, []).append(package)
    return stacks


def check_conda_and_pypi(ctx: DoctorContext) -> Iterator[Finding]:
    for env, platform in ctx.pairs():
        for stack, members in _stacks(ctx.locked(env, platform)).items():
            conda = [p for p in members if isinstance(p, CondaPackage)]
            pypi = [p for p in members if isinstance(p, PypiPackage)]
            if conda and pypi:
                yield _conda_and_pypi(ctx, env, platform, stack, conda, pypi)


def _conda_and_pypi(ctx: DoctorContext, env: Environment, platform: PlatformSpec, stack: str,
                    conda: list[CondaPackage], pypi: list[PypiPackage]) -> Finding:
    conda_names = ", ".join(f"`{p.name}`" for p in conda)
    pypi_names = ", ".join(f"`{p.name}`" for p in pypi)
    return error(
        "conda-and-pypi",
        f"the {stack} packages come from both conda ({conda_names}) and PyPI ({pypi_names}): "
        "they install over each other's files and were built against different libraries",
        environment=env.name, platforms=(platform.name,),
        evidence=tuple(evidence_for(p) for p in _locked(conda, pypi)),
        fix=_pick_one_source(ctx, env, platform, conda, pypi),
        notes=(("pyxi solves conda first and PyPI second; a PyPI package can never replace a "
                "conda package that another conda package depends on"),),
    )


def _pick_one_source(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
                     conda: list[CondaPackage], pypi: list[PypiPackage]) -> str:
    pypi_decl = [d for p in pypi if (d := declared(env, platform, "pypi", p.name, ctx.workspace))]
    conda_decl = [d for p in conda if (d := declared(env, platform, "conda", p.name, ctx.workspace))]
    options = []
    if pypi_decl:
        where = "; ".join(f"`{d.dependency.name}` from {d.table}" for d in pypi_decl)
        options.append(f"take them all from conda: remove {where}")
    if conda_decl:
        where = "; ".join(f"`{d.dependency.name}` from {d.table}" for d in conda_decl)
        names = ", ".join(sorted({p.name for p in pypi}))
        options.append(f"take them all from PyPI: remove {where} and list {names} (and every package "
                       "that depends on them) under [pypi-dependencies]")
    if not options:
        options.append("declare the whole stack in one place: either [dependencies] or [pypi-dependencies]")
    return "pick one source, then run `pyxi lock`: " + ", or ".join(options)


def check_stack_channels(ctx: DoctorContext) -> Iterator[Finding]:
    for env, platform in ctx.pairs():
        for stack, members in _stacks(ctx.locked(env, platform)).items():
            conda = [p for p in members if isinstance(p, CondaPackage)]
            channels = sorted({p.channel or "" for p in conda})
            if len(channels) > 1:
                yield _stack_from_channels(env, platform, stack, conda, channels)


def _stack_from_channels(env: Environment, platform: PlatformSpec, stack: str,
                         conda: list[CondaPackage], channels: list[str]) -> Finding:
    by_channel = {c: [p.name for p in conda if (p.channel or "") == c] for c in channels}
    described = "; ".join(f"{channel_label(c)}: {', '.join(names)}" for c, names in by_channel.items())
    keep = _main_channel(conda)
    return error(
        "mixed-channels",
        f"the {stack} packages come from {len(channels)} channels ({described}); builds from different "
        "channels are not made to work together",
        environment=env.name, platforms=(platform.name,),
        evidence=tuple(evidence_for(p) for p in conda),
        fix=(f"take every {stack} package from one channel, e.g. `{{ version = \"*\", channel = "
             f"\"{channel_label(keep)}\" }}` for each of them, or drop the other channel from `channels`; "
             "then run `pyxi lock`"),
    )


def _main_channel(conda: list[CondaPackage]) -> str:
    main = next((p for p in conda if p.name in ("pytorch", "numpy")), conda[0])
    return main.channel or ""


def check_channel_sets(ctx: DoctorContext) -> Iterator[Finding]:
    for env in ctx.environments:
        used = _channels_used(ctx, env)
        kinds = {channel_kind(url) for url in used}
        if "conda-forge" in kinds and kinds & {"pytorch", "main"}:
            yield _forge_with_legacy(env, used)
        elif "pytorch" in kinds and kinds <= set(LEGACY):
            yield _legacy_note(env, used)


def _channels_used(ctx: DoctorContext, env: Environment) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for platform in env.platforms:
        for package in ctx.locked_conda(env, platform):
            used.setdefault(package.channel or "", set()).add(package.name)
    return used


def _listing(used: dict[str, set[str]]) -> str:
    return "; ".join(f"{channel_label(url)}: {', '.join(sorted(names)[:6])}"
                     + (" …" if len(names) > 6 else "") for url, names in used.items())


def _forge_with_legacy(env: Environment, used: dict[str, set[str]]) -> Finding:
    legacy = sorted(channel_label(u) for u in used if channel_kind(u) in ("pytorch", "main"))
    return error(
        "conda-forge-with-legacy-channels",
        f"packages come from conda-forge and from {', '.join(legacy)}: conda-forge builds and Anaconda/"
        "pytorch-channel builds link against different libraries and conflict at run time",
        environment=env.name,
        evidence=tuple(Evidence("manifest", channel_label(u), detail=", ".join(sorted(n)))
                       for u, n in used.items()),
        fix=("use one channel set: `channels = [\"conda-forge\"]` with `pytorch-gpu`/`pytorch-cpu` "
             "(recommended), or `channels = [\"main\", \"nvidia\", \"pytorch\"]` for the legacy pytorch "
             "channel; then run `pyxi lock`"),
        notes=(f"channels used: {_listing(used)}",),
    )


def _legacy_note(env: Environment, used: dict[str, set[str]]) -> Finding:
    return note(
        "legacy-pytorch-channels",
        "this environment mixes the main, nvidia and pytorch channels on purpose, as the guide's "
        "legacy setup does: pytorch from `pytorch`, CUDA libraries from `nvidia`, the rest from `main`",
        environment=env.name,
        evidence=tuple(Evidence("manifest", channel_label(u), detail=", ".join(sorted(n)))
                       for u, n in used.items()),
        notes=(f"channels used: {_listing(used)}",
               ("the pytorch channel is discontinued (no newer PyTorch) and `main` is not free for "
                "organisations over 200 people; conda-forge's pytorch-gpu/pytorch-cpu are the "
                "maintained path")),
    )


def _locked(conda: list[CondaPackage], pypi: list[PypiPackage]) -> list[LockedPackage]:
    return [*conda, *pypi]
