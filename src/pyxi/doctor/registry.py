"""Every check `pyxi doctor` runs, in order. A check is a function `DoctorContext -> Finding*`;
adding one is adding a row here."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pyxi.datamodel import model
from pyxi.doctor.check_cuda import check_cuda_requirement, check_gpu_resolved_cpu, check_host_driver
from pyxi.doctor.check_installed import check_installed
from pyxi.doctor.check_lock import check_lock_state
from pyxi.doctor.check_prefix import check_prefix_state
from pyxi.doctor.check_sources import check_channel_sets, check_conda_and_pypi, check_stack_channels
from pyxi.doctor.check_two_step import check_conda_needs_pypi
from pyxi.doctor.check_wheels import check_wheels
from pyxi.doctor.context import DoctorContext
from pyxi.doctor.finding import Finding, warning

CheckFn = Callable[[DoctorContext], Iterable[Finding]]


@model(frozen=True)
class Check:
    name: str
    run: CheckFn
    ids: tuple[str, ...]  # the finding ids it can produce


CHECKS: tuple[Check, ...] = (
    Check("lock", check_lock_state, ("lock-missing", "lock-stale")),
    Check("conda-and-pypi", check_conda_and_pypi, ("conda-and-pypi",)),
    Check("stack-channels", check_stack_channels, ("mixed-channels",)),
    Check("channel-sets", check_channel_sets, ("conda-forge-with-legacy-channels", "legacy-pytorch-channels")),
    Check("two-step", check_conda_needs_pypi, ("conda-needs-pypi", "requested-from-conda-and-pypi")),
    Check("cuda-requirement", check_cuda_requirement, ("cuda-requirement-missing",)),
    Check("host-driver", check_host_driver, ("cuda-driver-missing", "cuda-driver-too-old")),
    Check("gpu-resolved-cpu", check_gpu_resolved_cpu, ("gpu-resolved-to-cpu",)),
    Check("wheels", check_wheels, ("no-wheels-for-platform", "no-wheels-for-python")),
    Check("prefix", check_prefix_state,
          ("installed-metadata-missing", "installed-records-unreadable", "installed-elsewhere")),
    Check("installed", check_installed,
          ("installed-differs-from-lock", "installed-files-changed", "installed-outside-lock")),
)


def run_checks(ctx: DoctorContext, checks: Iterable[Check] = CHECKS) -> list[Finding]:
    findings: list[Finding] = []
    for check in checks:
        try:
            findings.extend(check.run(ctx))
        except Exception as exc:  # noqa: BLE001 - one broken check must not hide the others' findings
            findings.append(warning(
                "doctor-check-failed", f"the `{check.name}` check could not run: {type(exc).__name__}: {exc}",
                fix="report this as a pyxi bug (run with -v for details)",
            ))
    return merge_platforms(findings)


def merge_platforms(findings: list[Finding]) -> list[Finding]:
    """One finding per problem: identical findings on several platforms become one."""
    merged: dict[tuple[object, ...], Finding] = {}
    for finding in findings:
        key = finding.merge_key()
        if key in merged:
            previous = merged[key]
            platforms = tuple(dict.fromkeys(previous.platforms + finding.platforms))
            merged[key] = _with_platforms(previous, platforms)
        else:
            merged[key] = finding
    return sorted(merged.values(), key=lambda f: f.sort_key())


def _with_platforms(finding: Finding, platforms: tuple[str, ...]) -> Finding:
    from dataclasses import replace

    return replace(finding, platforms=platforms)
