"""Gather the facts once (lock, freshness, host, probes), run every check, return a `Report`."""

from __future__ import annotations

from functools import partial

from pyxi.diagnostics import PyxiError
from pyxi.doctor.context import DoctorContext, HostFacts
from pyxi.doctor.finding import Finding, Report, error
from pyxi.doctor.registry import run_checks
from pyxi.lockfile.model import LockFile
from pyxi.workspace.environment import Workspace


def detect_host() -> HostFacts:
    from pyxi.conda.host import host_subdir, host_virtual_packages

    return HostFacts(host_subdir(), tuple(host_virtual_packages()))


def build_context(workspace: Workspace, environment: str | None = None, *, offline: bool = False,
                  host: HostFacts | None = None) -> tuple[DoctorContext, list[Finding]]:
    """The context for the checks, plus findings about reading the lock itself."""
    from pyxi.doctor.probes import channel_builds, wheel_files

    names = [workspace.environment(environment).name] if environment else []
    lock, problems = _read_lock(workspace)
    ctx = DoctorContext(
        workspace=workspace, lock=lock, host=host or detect_host(), environment_names=names,
        probe=partial(wheel_files, offline=offline), channel_probe=partial(channel_builds, offline=offline),
    )
    if lock is not None:
        from pyxi.freshness.fresh import check_lock

        ctx.stale = dict(check_lock(workspace, lock).reasons)
    return ctx, problems


def _read_lock(workspace: Workspace) -> tuple[LockFile | None, list[Finding]]:
    from pyxi.sync.lock import read_existing_lock

    try:
        return read_existing_lock(workspace), []
    except PyxiError as exc:
        finding = error("lock-unreadable", f"{workspace.lock_path.name} cannot be read: {exc.message}",
                        fix=exc.help or "run `pyxi lock` to write it again", notes=tuple(exc.notes))
        return None, [finding]


def diagnose(workspace: Workspace, environment: str | None = None, *, offline: bool = False,
             host: HostFacts | None = None) -> Report:
    ctx, findings = build_context(workspace, environment, offline=offline, host=host)
    return Report(findings + run_checks(ctx))
