"""Make `.pixi/envs/NAME` match the lock, doing nothing when its stamp says it already does."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyxi import consts
from pyxi.cache import cache_dir
from pyxi.env.host_check import check_host, host_requirements, select_platform
from pyxi.env.stamp import (
    EnvStamp,
    environment_hash,
    file_sha256,
    read_stamp,
    remove_stamp,
    write_stamp,
)
from pyxi.lock.model import CondaPackage, LockedPackage, LockFile, PypiPackage
from pyxi.manifest.model import PlatformSpec
from pyxi.progress import Progress
from pyxi.workspace.environment import Environment, Workspace


@dataclass
class InstallResult:
    environment: Environment
    platform: PlatformSpec
    changed: bool
    warnings: list[str] = field(default_factory=list)


def ensure_installed(
    workspace: Workspace, env: Environment, lock: LockFile, progress: Progress
) -> InstallResult:
    from pyxi.conda.host import host_subdir

    platform = select_platform(env, host_subdir())
    packages = lock.packages_for(env.name, platform.name)
    if env.name not in lock.environments:
        from pyxi.diagnostics import LockFileError

        raise LockFileError(
            f"environment `{env.name}` is not in {workspace.lock_path.name}",
            help="run `pyxi lock` (without --frozen) to add it",
        )
    warnings = check_host(env, platform, packages)
    wanted = _stamp(workspace, env, platform, packages)
    current = read_stamp(env.prefix)
    if current is not None and current.environment_hash == wanted.environment_hash and _present(env):
        if (current.manifest_sha256, current.lock_sha256) != (wanted.manifest_sha256, wanted.lock_sha256):
            write_stamp(env.prefix, wanted)
        return InstallResult(env, platform, False, warnings)
    _install(workspace, env, platform, packages, progress)
    write_stamp(env.prefix, wanted)
    return InstallResult(env, platform, True, warnings)


def _present(env: Environment) -> bool:
    return (env.prefix / consts.CONDA_META).is_dir()


def _stamp(
    workspace: Workspace, env: Environment, platform: PlatformSpec, packages: list[LockedPackage]
) -> EnvStamp:
    entries = [(p.location, _package_hash(p)) for p in packages]
    editable = sorted(
        d.name for d in env.pypi_dependencies(platform) if d.editable
    )
    virtual = [str(vp) for vp in env.virtual_packages(platform)] + [f"editable:{n}" for n in editable]
    return EnvStamp(
        environment=env.name,
        platform=platform.name,
        environment_hash=environment_hash(entries, virtual),
        manifest_sha256=file_sha256(workspace.manifest.path),
        lock_sha256=file_sha256(workspace.lock_path),
        host_requirements=sorted({spec for spec, _ in host_requirements(packages)}),
        task_names=sorted(env.tasks(platform)),
    )


def _package_hash(package: LockedPackage) -> str:
    return package.sha256 or package.md5 or ""


def _install(
    workspace: Workspace,
    env: Environment,
    platform: PlatformSpec,
    packages: list[LockedPackage],
    progress: Progress,
) -> None:
    from pyxi.conda.install import install_conda

    remove_stamp(env.prefix)
    conda = [p for p in packages if isinstance(p, CondaPackage)]
    pypi = [p for p in packages if isinstance(p, PypiPackage)]
    with progress.step(f"Installing environment `{env.name}` ({len(conda)} conda packages)"):
        install_conda(
            env.prefix, conda, subdir=platform.subdir, cache_dir=cache_dir(), show_progress=False
        )
    from pyxi.sync.pypi_step import install_pypi_for

    with progress.step(f"Installing {len(pypi)} PyPI packages into `{env.name}`"):
        install_pypi_for(workspace, env, platform, pypi)
    progress.done(f"environment `{env.name}` installed")
