"""Make `.pixi/envs/NAME` match the lock, doing nothing when its stamp says it already does."""

from __future__ import annotations

import contextlib
from dataclasses import field

from pyxi import consts, quickstate
from pyxi.cache import cache_dir
from pyxi.datamodel import model
from pyxi.diagnostics import Location, os_error_help
from pyxi.env.host_check import check_host, expected_of_host, host_constraints, host_requirements
from pyxi.env.host_platform import platform_candidates, select_platform
from pyxi.env.pixi_marker import marker_path, write_pixi_marker
from pyxi.env.prefix import empty_prefix, installed_elsewhere
from pyxi.env.stamp import EnvStamp, environment_hash, read_stamp, real_prefix, write_stamp
from pyxi.freshness.fresh import lock_platform_name
from pyxi.lockfile.model import (
    CondaPackage,
    LockedPackage,
    LockFile,
    PypiPackage,
    duplicate_packages,
)
from pyxi.manifest.model import PlatformSpec
from pyxi.progress import Progress
from pyxi.sync.install_sources import built_sources
from pyxi.sync.workspace_lock import acquire, is_held, pause_point
from pyxi.workspace.environment import Environment, Workspace
from pyxi.workspace.unsupported import check_installable


@model
class InstallResult:
    """What installing one environment did."""

    environment: Environment
    platform: PlatformSpec
    changed: bool
    warnings: list[str] = field(default_factory=list)


def ensure_installed(
    workspace: Workspace,
    env: Environment,
    lock: LockFile,
    progress: Progress,
    *,
    lock_checked: bool = True,
    requested_platform: str | None = None,
    reinstall: frozenset[str] | None = None,
) -> InstallResult:
    """`lock_checked=False` (a `--frozen` lock, never compared with the manifest): the stamp
    then does not vouch for the manifest, so `run`'s shortcut cannot skip the check later.
    `requested_platform` (`--platform`) replaces the platform selected for this machine.
    `reinstall` (`pyxi reinstall`): these packages again, or (empty) the whole environment."""
    platform = select_platform(env, requested_platform)
    locked_name = lock_platform_name(env, platform, lock)
    check_installable(env, lock, locked_name, lock_checked, workspace.lock_path)
    built = built_sources(workspace, env, lock, locked_name, platform, progress)  # pixi-build
    packages = _locked_packages(workspace, env, lock, platform) + built
    warnings = check_host(env, platform, packages)
    wanted = _stamp(workspace, env, platform, packages, lock.sha256)
    if not lock_checked:
        wanted.manifest_sha256 = ""
    if reinstall is None and _in_place(workspace, env) and _up_to_date(workspace, env, wanted):
        return InstallResult(env, platform, False, warnings)
    if not is_held(workspace.state_root) and acquire(workspace.state_root):
        _check_lock_unchanged(workspace, env, platform, wanted, built)
        # Another process may have installed it while this one waited.
        if reinstall is None and _in_place(workspace, env) and _up_to_date(workspace, env, wanted):
            return InstallResult(env, platform, False, warnings)
    moved_from = _prepare_place(workspace, env, warnings)
    fresh = moved_from is not None or reinstall == frozenset()
    warnings += _install(workspace, env, platform, packages, progress, fresh, reinstall)
    pause_point("install:before-stamp")
    _write_stamp(env, wanted)
    quickstate.mark_sources(env.prefix, bool(built))
    # pixi's own marker too, so pixi knows whose prefix this is (and revalidates it cheaply).
    with contextlib.suppress(OSError):
        write_pixi_marker(env.prefix, workspace.manifest.path, env.name, wanted.environment_hash)
    return InstallResult(env, platform, True, warnings)


def _prepare_place(workspace: Workspace, env: Environment, warnings: list[str]) -> str | None:
    """Where the environment goes: `.pixi/envs` linked to a detached folder when configured;
    the place it was installed at before, when it was moved (it is then installed again)."""
    if env.envs_dir is not None and workspace.manifest.kind != "script":  # a script: no .pixi
        from pyxi.env.detached import link_envs_dir

        warnings += [w for w in [link_envs_dir(workspace.root, env.envs_dir)] if w]
    moved_from = installed_elsewhere(env.prefix, workspace.manifest.path)
    if moved_from is not None:
        warnings.append(
            f"environment `{env.name}` was installed at {moved_from} and has been moved or "
            f"copied to {env.prefix}; conda environments are not relocatable (packages record "
            "their location in their files), so it is installed again from the lock"
        )
    return moved_from


def _locked_packages(
    workspace: Workspace, env: Environment, lock: LockFile, platform: PlatformSpec
) -> list[LockedPackage]:
    from pyxi.diagnostics import LockFileError

    if env.name not in lock.environments:
        raise LockFileError(
            f"environment `{env.name}` is not in {workspace.lock_path.name}",
            help="run `pyxi lock` (without --frozen) to add it",
        )
    platform_name = lock_platform_name(env, platform, lock)
    packages = lock.packages_for(env.name, platform_name)
    twice = duplicate_packages(packages)
    if twice:
        first, second = twice
        raise LockFileError(
            f"{workspace.lock_path.name} locks the {first.kind} package `{first.name}` twice for "
            f"environment `{env.name}` on {platform_name}; installing both would put two "
            "copies into one environment",
            location=Location(workspace.lock_path, key=f"environments.{env.name}.packages.{platform_name}"),
            notes=[f"entry: {first.location}", f"entry: {second.location}"],
            help="run `pyxi lock` (without --frozen) to solve it again, or delete one of the "
            "two entries",
        )
    return packages


def _in_place(workspace: Workspace, env: Environment) -> bool:
    return installed_elsewhere(env.prefix, workspace.manifest.path) is None


def _up_to_date(workspace: Workspace, env: Environment, wanted: EnvStamp) -> bool:
    """True when the prefix already holds what `wanted` describes. When only the rest of its
    stamp is outdated (file hashes, host facts) it is refreshed, under the workspace lock."""
    if not _matches(env, wanted):
        return False
    current = read_stamp(env.prefix)
    if current and current != wanted and acquire(workspace.state_root):
        if not _matches(env, wanted):  # another process is installing it right now
            return False
        with contextlib.suppress(OSError):  # a read-only prefix keeps its older stamp
            write_stamp(env.prefix, wanted)
    return True


def _matches(env: Environment, wanted: EnvStamp) -> bool:
    current = read_stamp(env.prefix)
    return current is not None and current.environment_hash == wanted.environment_hash and _present(env)


def _check_lock_unchanged(
    workspace: Workspace, env: Environment, platform: PlatformSpec, wanted: EnvStamp, built: list[CondaPackage]
) -> None:
    """After waiting for the workspace lock: pixi.lock must still pin what is about to be
    installed, or the stamp would vouch for a lock this environment does not match."""
    from pyxi.diagnostics import LockFileError
    from pyxi.sync.lock import read_existing_lock

    if wanted.lock_sha256 and quickstate.file_sha256(workspace.lock_path) == wanted.lock_sha256:
        return  # the very bytes that were read: nothing to compare
    current = read_existing_lock(workspace)
    packages = (current.packages_for(env.name, lock_platform_name(env, platform, current)) if current else []) + built
    if _stamp(workspace, env, platform, packages, "").environment_hash != wanted.environment_hash:
        raise LockFileError(
            f"{workspace.lock_path.name} was changed by another pyxi process while this one "
            f"was waiting to install environment `{env.name}`",
            help="run the command again to install the new lock",
        )
    wanted.lock_sha256 = current.sha256 if current else ""


def _write_stamp(env: Environment, stamp: EnvStamp) -> None:
    try:
        write_stamp(env.prefix, stamp)
    except OSError as error:
        raise _prefix_error(env, "record the installed state of", error) from error


def _prefix_error(env: Environment, what: str, error: OSError) -> Exception:
    from pyxi.diagnostics import InstallError

    reason = error.strerror or str(error)
    cause = os_error_help(error)
    return InstallError(
        f"cannot {what} environment `{env.name}` in {env.prefix}: {reason}",
        help=(f"{cause}; or " if cause else "") + "remove the environment with `pyxi clean` "
        "and install again",
    )


def _present(env: Environment) -> bool:
    return (env.prefix / consts.CONDA_META).is_dir()


def _stamp(
    workspace: Workspace,
    env: Environment,
    platform: PlatformSpec,
    packages: list[LockedPackage],
    lock_sha256: str,
) -> EnvStamp:
    """The stamp for these packages; the hashes are those of the bytes that were parsed (the
    files may have been edited since)."""
    entries = [(p.location, _package_hash(p)) for p in packages]
    editable = sorted(
        d.name for d in env.pypi_dependencies(platform) if d.editable
    )
    virtual = [str(vp) for vp in env.virtual_packages(platform)] + [f"editable:{n}" for n in editable]
    manifest_sha256 = workspace.manifest.sha256 or quickstate.file_sha256(workspace.manifest.path)
    needs = [spec for spec, _ in host_requirements(packages)] + expected_of_host(env, platform)
    return EnvStamp(
        environment=env.name,
        platform=platform.name,
        # The platform variant is part of what is installed: switching it re-installs.
        environment_hash=environment_hash(entries, [*virtual, f"platform:{platform.name}"]),
        manifest_sha256=manifest_sha256,
        lock_sha256=lock_sha256 or quickstate.file_sha256(workspace.lock_path),
        host_requirements=sorted(set(needs)),
        task_names=sorted(env.tasks(platform)),
        host_constraints=sorted({spec for spec, _ in host_constraints(packages)}),
        platform_candidates=_candidates_json(env),
        candidates_manifest_sha256=manifest_sha256,
        prefix=real_prefix(env.prefix),
    )


def _candidates_json(env: Environment) -> list[list[object]]:
    """The environment's platforms as `run`'s shortcut reads them back from the stamp."""
    return [[name, subdir, [list(d) for d in ds]] for name, subdir, ds in platform_candidates(env)]


def _package_hash(package: LockedPackage) -> str:
    return package.sha256 or package.md5 or ""


def _install(
    workspace: Workspace,
    env: Environment,
    platform: PlatformSpec,
    packages: list[LockedPackage],
    progress: Progress,
    fresh: bool = False,
    reinstall: frozenset[str] | None = None,
) -> list[str]:
    """`fresh`: empty the prefix first (it holds an environment made for another place, or
    all of it is to be installed again); `reinstall`: packages to install again.
    Returns what was repaired on the way (package records a full disk left unreadable)."""
    from pyxi.conda.install import install_conda
    from pyxi.conda.prefix_records import repair_records

    try:
        quickstate.remove_stamp(env.prefix)
        marker_path(env.prefix).unlink(missing_ok=True)
        if fresh:
            empty_prefix(env.prefix)
        env.prefix.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _prefix_error(env, "install", error) from error
    repaired = repair_records(env.prefix)
    pause_point("install:conda")
    conda = [p for p in packages if isinstance(p, CondaPackage)]
    pypi = [p for p in packages if isinstance(p, PypiPackage)]
    again = reinstall or frozenset()
    install_conda(env.prefix, conda, subdir=platform.subdir, cache_dir=cache_dir(),
                  progress=progress, reinstall=again)
    from pyxi.sync.pypi_step import install_pypi_for

    pause_point("install:pypi")
    step = f"Installing {len(pypi)} PyPI packages into `{env.name}`"
    with progress.step(step) if pypi else contextlib.nullcontext():
        install_pypi_for(workspace, env, platform, pypi, force=again)
    return repaired
