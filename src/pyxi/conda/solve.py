"""Conda solves through `rattler.solve`, many at once, all sharing one `Gateway`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import rattler

from pyxi.diagnostics import SolveError
from pyxi.lock.model import CondaPackage
from pyxi.workspace.virtual_packages import VirtualPackage

from .records import to_lock_package, to_repodata_record

_PRIORITY = {
    "strict": rattler.ChannelPriority.Strict,
    "flexible": getattr(rattler.ChannelPriority, "Flexible", rattler.ChannelPriority.Strict),
    "disabled": rattler.ChannelPriority.Disabled,
}
_STRATEGY = {"highest": "highest", "lowest": "lowest", "lowest-direct": "lowest-direct"}


@dataclass
class SolveRequest:
    """One conda solve: a solve group (or a lone environment) on one platform."""

    label: str  # e.g. "environment `gpu` on linux-64", used in errors
    subdir: str
    channels: list[str]
    specs: list[str]
    virtual_packages: list[VirtualPackage]
    channel_priority: str = "strict"
    strategy: str = "highest"
    locked: list[CondaPackage] = field(default_factory=list)


def make_gateway(cache_dir: Path) -> rattler.Gateway:
    return rattler.Gateway(cache_dir=cache_dir / "repodata")


def solve_all(
    requests: Sequence[SolveRequest],
    gateway: rattler.Gateway,
    on_done: Callable[[SolveRequest], None] | None = None,
) -> list[list[CondaPackage]]:
    """Run every solve concurrently; results come back in request order.

    The first failure is raised as a `SolveError` naming the environment and platform.
    """

    async def run_one(request: SolveRequest) -> list[CondaPackage]:
        result = await _solve(request, gateway)
        if on_done:
            on_done(request)
        return result

    async def run_all() -> list[list[CondaPackage] | BaseException]:
        # Wait for every solve even when one fails: leaving rattler futures in flight while the
        # interpreter shuts down crashes the process.
        return list(await asyncio.gather(*(run_one(r) for r in requests), return_exceptions=True))

    results = asyncio.run(run_all())
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]


async def _solve(request: SolveRequest, gateway: rattler.Gateway) -> list[CondaPackage]:
    platforms = [request.subdir] if request.subdir == "noarch" else [request.subdir, "noarch"]
    try:
        records = await rattler.solve(
            sources=[rattler.Channel(url) for url in request.channels],
            specs=request.specs,
            gateway=gateway,
            platforms=platforms,
            virtual_packages=[_generic(vp) for vp in request.virtual_packages],
            locked_packages=[to_repodata_record(p) for p in request.locked] or None,
            channel_priority=_PRIORITY[request.channel_priority],
            strategy=_STRATEGY.get(request.strategy, "highest"),
        )
    except Exception as exc:  # rattler raises several types; all mean "could not solve"
        raise _solve_error(request, exc) from exc
    return sorted((to_lock_package(r) for r in records), key=lambda p: p.location)


def _generic(vp: VirtualPackage) -> rattler.GenericVirtualPackage:
    return rattler.GenericVirtualPackage(
        rattler.PackageName(vp.name), rattler.Version(vp.version), rattler.BuildString(vp.build)
    )


def _solve_error(request: SolveRequest, exc: Exception) -> SolveError:
    text = str(exc).strip()
    kind = type(exc).__name__
    declared = ", ".join(vp.display() for vp in request.virtual_packages)
    notes = [f"virtual packages assumed for the solve: {declared}"]
    help_text = None
    if "__cuda" in text and not any(vp.name == "__cuda" for vp in request.virtual_packages):
        help_text = (
            "a package needs a CUDA driver (`__cuda`), but this environment declares none: add "
            '`[system-requirements] cuda = "12.0"` (or to the feature that needs CUDA)'
        )
    elif "channel" in kind.lower() or "fetch" in text.lower() or "connect" in text.lower():
        help_text = "check that every channel URL of the environment is reachable"
    return SolveError(
        f"cannot solve {request.label}:\n{text}", help=help_text, notes=notes
    )
