"""Why a GPU environment got a CPU build of PyTorch: what in the manifest (or its sources) did it,
and the change that gets the CUDA build."""

from __future__ import annotations

from pyxi.doctor.context import DoctorContext, declares_cuda
from pyxi.doctor.families import (
    CPU_CONDA_NAMES,
    channel_kind,
    channel_label,
    cuda_index_for,
    is_cpu_index,
)
from pyxi.doctor.manifest_refs import declared, gpu_feature, table_name
from pyxi.lockfile.model import CondaPackage, LockedPackage, PypiPackage
from pyxi.manifest.model import CondaDependency, PlatformSpec
from pyxi.workspace.environment import Environment

CUDA_INDEX = "https://download.pytorch.org/whl/cu124"


def cpu_causes(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
               cpu: list[LockedPackage]) -> tuple[list[str], str]:
    """(causes, fix), most specific first."""
    if any(isinstance(p, PypiPackage) for p in cpu):
        return _pypi_causes(ctx, env, platform, next(p for p in cpu if isinstance(p, PypiPackage)))
    conda = [p for p in cpu if isinstance(p, CondaPackage)]
    for finder in (_cpu_pins, _no_cuda_declared, _channel_without_cuda):
        found = finder(ctx, env, platform, conda)
        if found is not None:
            return found
    return _fallback(ctx, env, conda)


def _cpu_pins(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
              conda: list[CondaPackage]) -> tuple[list[str], str] | None:
    for dep in env.conda_dependencies(platform):
        forces = dep.name in CPU_CONDA_NAMES or (
            dep.name in ("pytorch", "libtorch") and "cpu" in f"{dep.build or ''}{dep.version}".lower())
        if not forces:
            continue
        decl = declared(env, platform, "conda", dep.name, ctx.workspace)
        table = decl.table if decl else "[dependencies]"
        cause = f"`{dep.display()}` in {table} forces the CPU build"
        if dep.name == "pytorch-cpu":
            fix = f"replace `pytorch-cpu` with `pytorch-gpu = \"*\"` in {table}"
        elif dep.name == "cpuonly":
            fix = f"remove `cpuonly` from {table} and add `pytorch-cuda = \"12.*\"`"
        else:
            fix = f"remove the CPU build pin from `{dep.name}` in {table} (e.g. `{dep.name} = \"{dep.version}\"`)"
        return [cause], fix + ", then run `pyxi lock`"
    return None


def _no_cuda_declared(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
                      conda: list[CondaPackage]) -> tuple[list[str], str] | None:
    if declares_cuda(env, platform):
        return None
    feature = gpu_feature(env)
    table = table_name(ctx.workspace, feature, "system")
    cause = ("nothing declares CUDA for this environment (no `cuda` system requirement), so the solver "
             "assumes a machine without a GPU and only CPU builds are possible")
    return [cause], f"add `cuda = \"12.0\"` under {table}, then run `pyxi lock`"


def _channel_without_cuda(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
                          conda: list[CondaPackage]) -> tuple[list[str], str] | None:
    torch = next((p for p in conda if p.name == "pytorch"), None)
    if torch is None or ctx.channel_probe is None or not torch.channel:
        return None
    builds = ctx.channel_probe(torch.channel, platform.subdir, "pytorch")
    if builds is None:
        return None
    cuda_versions = sorted({v for v, b in builds if "cuda" in b.lower()})
    label = channel_label(torch.channel)
    if not cuda_versions:
        cause = f"channel `{label}` has no CUDA build of pytorch for {platform.subdir}"
        return [cause], ("take pytorch from a channel with CUDA builds: conda-forge with `pytorch-gpu = \"*\"`, "
                         "then run `pyxi lock`")
    decl = declared(env, platform, "conda", "pytorch", ctx.workspace)
    if decl is not None and isinstance(decl.dependency, CondaDependency) \
            and torch.version not in cuda_versions:
        cause = (f"`{decl.dependency.display()}` in {decl.table} selects pytorch {torch.version}, but channel "
                 f"`{label}` has CUDA builds only for {', '.join(cuda_versions)}")
        return [cause], f"allow a version with CUDA builds, e.g. `pytorch = \"{cuda_versions[-1]}.*\"`, then run `pyxi lock`"
    return None


def _fallback(ctx: DoctorContext, env: Environment, conda: list[CondaPackage]) -> tuple[list[str], str]:
    feature = gpu_feature(env)
    table = table_name(ctx.workspace, feature, "conda")
    legacy = any(channel_kind(p.channel) == "pytorch" for p in conda)
    force = "`pytorch-cuda = \"12.*\"`" if legacy else "`pytorch-gpu = \"*\"`"
    cause = "the solver preferred a CPU build; nothing in the manifest requires the CUDA build"
    return [cause], (f"add {force} under {table} to require the CUDA build, then run `pyxi lock` "
                     "(if it fails, its message names what prevents the CUDA build)")


def _pypi_causes(ctx: DoctorContext, env: Environment, platform: PlatformSpec,
                 torch: PypiPackage) -> tuple[list[str], str]:
    decl = declared(env, platform, "pypi", "torch", ctx.workspace)
    index = torch.index or "https://pypi.org/simple"
    table = decl.table if decl else table_name(ctx.workspace, gpu_feature(env), "pypi")
    cuda_url = cuda_index_for(index) if is_cpu_index(index) else CUDA_INDEX
    cause = f"`torch` comes from {index}, which serves CPU wheels (`{torch.version}`)"
    version = decl.dependency.version if decl and decl.dependency.version else "*"
    return [cause], (f"take torch (and torchvision/torchaudio) from the CUDA index: `torch = {{ version = "
                     f"\"{version}\", index = \"{cuda_url}\" }}` under {table}, then run `pyxi lock`")
