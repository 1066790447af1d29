"""The PyPI half of locking and installing, fed by the conda half's result."""

from __future__ import annotations

from pathlib import Path

from pyxi.diagnostics import SolveError
from pyxi.lockfile.model import CondaPackage, LockedPackage, LockFile, PypiPackage
from pyxi.manifest.model import PlatformSpec
from pyxi.progress import Progress
from pyxi.workspace.environment import Environment, Workspace


def resolve_pypi_for(
    env: Environment,
    platform: PlatformSpec,
    records: list[LockedPackage],
    old: LockFile | None,
    cache_dir: Path,
) -> list[LockedPackage]:
    """Conda records (their `purls` already derived, `pyxi.pypi.purls`) followed by the
    resolved PyPI packages; conda records that are PyPI packages are left out of the PyPI step."""
    from pyxi.pypi.mapping import conda_provided
    from pyxi.pypi.resolve import PypiResolveRequest, resolve_pypi

    conda = [r for r in records if isinstance(r, CondaPackage)]
    python = next((r for r in conda if r.name == "python"), None)
    if python is None:
        raise SolveError(
            f"environment `{env.name}` on {platform.name} has PyPI dependencies but no python",
            help='add python to the conda dependencies, e.g. `python = ">=3.11,<3.13"`',
        )
    declared = {vp.name: vp.version for vp in env.virtual_packages(platform)}
    previous: list[PypiPackage] = []
    if old is not None:
        from pyxi.freshness.fresh import lock_platform_name

        locked = old.packages_for(env.name, lock_platform_name(env, platform, old))
        previous = [p for p in locked if isinstance(p, PypiPackage)]
    request = PypiResolveRequest(
        environment=env.name,
        platform=platform.name,
        subdir=platform.subdir,
        python_version=python.version,
        requirements=env.pypi_dependencies(platform),
        workspace_root=env.root,
        cache_dir=cache_dir / "uv",
        options=env.pypi_options(),
        conda_provided=conda_provided(conda),
        glibc=declared.get("__glibc"),
        osx=declared.get("__osx"),
        free_threaded=any(d.startswith("python_abi") and d.rstrip().endswith("t") for d in python.depends),
        preferences=previous,
        exclude_newer=env.exclude_newer.default,
        exclude_newer_packages=env.exclude_newer.pypi_packages,
    )
    return [*conda, *resolve_pypi(request)]


def solve_pypi_all(
    workspace: Workspace,
    packages: dict[tuple[str, str], list[LockedPackage]],
    old: LockFile | None,
    cache_dir: Path,
    progress: Progress,
) -> None:
    """One uv resolve per (environment, platform) with PyPI dependencies, run side by side
    (each is a separate uv process)."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = []
    for (env_name, platform_name), records in packages.items():
        env = workspace.environments[env_name]
        platform = env.platform(platform_name)
        if platform is not None and env.pypi_dependencies(platform):
            jobs.append(((env_name, platform_name), env, platform, records))
    if not jobs:
        return
    from pyxi.pypi.purls import deriver_for

    deriver = deriver_for(workspace)  # which conda records are PyPI packages (pixi's mapping)
    jobs = [(key, env, platform, deriver.amend(records)) for key, env, platform, records in jobs]
    from pyxi.pypi.uv import find_uv

    find_uv()  # first use of sysconfig is not thread-safe: look uv up before the threads start
    label = f"Resolving PyPI packages ({len(jobs)} environment/platform combinations)"
    from pyxi.config.load import active

    workers = active().solve_slots(len(jobs))
    with progress.step(label), ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [
            (key, pool.submit(resolve_pypi_for, env, platform, records, old, cache_dir))
            for key, env, platform, records in jobs
        ]
        for key, future in futures:
            packages[key] = future.result()


def install_pypi_for(
    workspace: Workspace, env: Environment, platform: PlatformSpec, packages: list[PypiPackage],
    force: frozenset[str] = frozenset(),
) -> None:
    if not packages and not _has_pyxi_installed_dists(env.prefix):
        return  # nothing to install and nothing of ours to remove: skip loading the PyPI layer
    from pyxi.cache import uv_cache_dir
    from pyxi.pypi.install import install_pypi

    editable = {d.name for d in env.pypi_dependencies(platform) if d.editable}
    install_pypi(
        env.prefix,
        packages,
        editable_names=editable,
        workspace_root=workspace.root,
        cache_dir=uv_cache_dir(),
        force=force,
        options=env.pypi_options(),
    )


def _has_pyxi_installed_dists(prefix: Path) -> bool:
    """Does the prefix hold PyPI packages that pyxi (or pixi) installed (`INSTALLER` uv-pixi)?"""
    patterns = ("lib/python*/site-packages/*.dist-info/INSTALLER", "Lib/site-packages/*.dist-info/INSTALLER")
    for pattern in patterns:
        for installer in prefix.glob(pattern):
            try:
                if installer.read_text().strip() == "uv-pixi":
                    return True
            except OSError:
                continue
    return False
