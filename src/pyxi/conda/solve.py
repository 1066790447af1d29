"""Conda solves through `rattler.solve`, many at once, all sharing one `Gateway`."""

from __future__ import annotations

import asyncio
import datetime
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import field
from typing import Any

import rattler

from pyxi.config.load import active
from pyxi.datamodel import model
from pyxi.diagnostics import SolveError
from pyxi.lockfile.model import CondaPackage
from pyxi.manifest.model import SolveStrategy
from pyxi.workspace.virtual_packages import VirtualPackage

from .network import OFFLINE_HELP, http_timeout, make_gateway
from .records import to_lock_package, to_repodata_record

__all__ = ["SolveRequest", "http_timeout", "make_gateway", "solve_all"]

logger = logging.getLogger("pyxi.conda.solve")

_PRIORITY = {
    "strict": rattler.ChannelPriority.Strict,
    "flexible": rattler.ChannelPriority.Flexible,
    "disabled": rattler.ChannelPriority.Disabled,
}
_STRATEGY: dict[str, SolveStrategy] = {"highest": "highest", "lowest": "lowest", "lowest-direct": "lowest-direct"}


@model
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
    # `exclude-newer`: records newer than this are left out (records without a timestamp are
    # kept, as pixi keeps them).
    exclude_newer: datetime.datetime | None = None
    # `[constraints]`: bind a package only where something else pulls it in.
    constraints: list[str] = field(default_factory=list)


def solve_all(
    requests: Sequence[SolveRequest],
    gateway: rattler.Gateway,
    on_done: Callable[[SolveRequest], None] | None = None,
) -> list[list[CondaPackage]]:
    """Run the solves concurrently (at most `concurrency.solves` at a time, pixi's
    `--concurrent-solves`, when set; else all at once); results come back in request order.

    The first failure is raised as a `SolveError` naming the environment and platform.
    """
    limit = active().solve_slots(len(requests))
    records = _Records()

    async def run_all() -> list[list[CondaPackage] | BaseException]:
        slots = asyncio.Semaphore(limit)

        async def run_one(request: SolveRequest) -> list[CondaPackage]:
            async with slots:
                logger.debug(f"solving {request.label}: {', '.join(request.specs) or 'nothing'}")
                result = await _solve(request, gateway, records)
            if on_done:
                on_done(request)
            return result

        # Wait for every solve even when one fails: leaving rattler futures in flight while the
        # interpreter shuts down crashes the process.
        return list(await asyncio.gather(*(run_one(r) for r in requests), return_exceptions=True))

    solved: list[list[CondaPackage]] = []
    for result in asyncio.run(run_all()):
        if isinstance(result, BaseException):
            raise result
        solved.append(result)
    return solved


class _Records:
    """Conversions shared by the solves of one run: a record most solves pick (or are hinted
    with) is converted once."""

    def __init__(self) -> None:
        self.solved: dict[str, CondaPackage] = {}
        self.hints: dict[str, rattler.RepoDataRecord] = {}

    def package(self, record: rattler.RepoDataRecord) -> CondaPackage:
        url = record.url
        package = self.solved.get(url)
        if package is None:
            package = self.solved[url] = to_lock_package(record)
        return package

    def hint(self, package: CondaPackage) -> rattler.RepoDataRecord:
        record = self.hints.get(package.location)
        if record is None:
            record = self.hints[package.location] = to_repodata_record(package)
        return record


async def _solve(request: SolveRequest, gateway: rattler.Gateway, records: _Records) -> list[CondaPackage]:
    subdirs = [request.subdir] if request.subdir == "noarch" else [request.subdir, "noarch"]
    platforms = [rattler.Subdir(subdir) for subdir in subdirs]
    excluded: dict[str, set[str]] = {}
    try:
        solved = await rattler.solve(
            sources=await _sources(request, gateway, excluded),
            # Parsed leniently, as pixi reads manifests: `python = "3.11"` means ==3.11.
            specs=[rattler.MatchSpec(spec) for spec in request.specs],
            gateway=gateway,
            platforms=platforms,
            virtual_packages=[_generic(vp) for vp in request.virtual_packages],
            locked_packages=[records.hint(p) for p in request.locked] or None,
            channel_priority=_PRIORITY[request.channel_priority],
            strategy=_STRATEGY.get(request.strategy, "highest"),
            exclude_newer=request.exclude_newer,
            timestamp_policy="allow-missing",
            constraints=[rattler.MatchSpec(spec) for spec in request.constraints] or None,
        )
    except Exception as exc:  # rattler raises several types; all mean "could not solve"
        raise _solve_error(request, exc, excluded) from exc
    return sorted((records.package(r) for r in solved), key=lambda p: p.location)


async def _sources(request: SolveRequest, gateway: rattler.Gateway,
                   excluded: dict[str, set[str]]) -> list[Any]:
    """The channels; offline, on this machine's platform, only what is installable without a
    download (the other platforms solve from cached repodata: their packages never come
    here)."""
    from .host import host_subdir

    if not active().offline or request.subdir != host_subdir():
        return [rattler.Channel(url) for url in request.channels]
    from pyxi.cache import cache_dir

    from .offline import local_sources

    return await local_sources(gateway, request.channels, cache_dir(), excluded)


def _generic(vp: VirtualPackage) -> rattler.GenericVirtualPackage:
    return rattler.GenericVirtualPackage(
        rattler.PackageName(vp.name), rattler.Version(vp.version), rattler.BuildString(vp.build)
    )


def _solve_error(request: SolveRequest, exc: Exception,
                 excluded: dict[str, set[str]] | None = None) -> SolveError:
    text = str(exc).strip()
    if active().offline:
        offline = _offline_error(request, text, excluded or {})
        if offline is not None:
            return offline
    from pyxi.config.network_errors import explain

    failure = explain(text, active())
    if failure is not None:
        return SolveError(f"cannot fetch the packages of {request.label}: {failure.message}",
                          notes=failure.notes, help=failure.help)
    unreachable = _unreachable_channel(request, text)
    if unreachable is not None:
        return unreachable
    declared = ", ".join(vp.display() for vp in request.virtual_packages)
    notes = [f"virtual packages assumed for the solve: {declared}"]
    help_text = (
        "a conda version needs an operator: write `\"==1.0\"`, `\">=1.0\"` or `\"1.0.*\"`"
        if "range specifier" in text or "invalid" in text.lower()
        else "relax the version constraints, or add a channel that provides the missing "
        "packages (`pyxi info` shows the channels and virtual packages used)"
    )
    if "__cuda" in text and not any(vp.name == "__cuda" for vp in request.virtual_packages):
        help_text = (
            "a package needs a CUDA driver (`__cuda`), but this environment declares none: add "
            '`[system-requirements] cuda = "12.0"` (or to the feature that needs CUDA)'
        )
    return SolveError(
        f"cannot solve {request.label}:\n{text}", help=help_text, notes=notes
    )


def _offline_error(request: SolveRequest, text: str,
                   excluded: dict[str, set[str]]) -> SolveError | None:
    """A solve that failed because of offline mode: the packages it ruled out, or the
    repodata that is not cached."""
    from .offline import explain_exclusions

    if excluded:
        lines = explain_exclusions(text, excluded)
        return SolveError(f"cannot solve {request.label}:\n{text}\n" + "\n".join(lines),
                          help=OFFLINE_HELP)
    if re.search(_FETCH_FAILURE, text) or "cache" in text.lower():
        return SolveError(f"cannot solve {request.label} offline: the repodata of "
                          f"{', '.join(request.channels)} is not in the cache",
                          notes=[text], help=OFFLINE_HELP)
    return None


# Patterns for failures only: compiled (and cached by `re`) on first use, not at import.
_FETCH_FAILURE = (
    r"(?i)could not find subdir|error sending request|failed to open file|HTTP status|"
    r"tcp connect|timed out|dns error|connection (?:refused|reset|closed)|failed to fetch"
)
_URL = r"(?:url \(|channel ')(?P<url>[a-z][a-z0-9+.-]*://[^)'\s]+)"


def _unreachable_channel(request: SolveRequest, text: str) -> SolveError | None:
    """Repodata that could not be fetched: name the URL and the cause, not a solver failure."""
    if not re.search(_FETCH_FAILURE, text):
        return None
    match = re.search(_URL, text)
    url = match.group("url") if match else ", ".join(request.channels)
    causes = [line.removeprefix("Caused by: ").strip() for line in text.splitlines()[1:]]
    return SolveError(
        f"cannot fetch the packages of {request.label} from {url}",
        notes=[cause for cause in causes if cause] or [text],
        help="check the channel URL in the manifest and that it can be reached from here "
        "(network, proxy, credentials); for a local channel, that the folder exists and is "
        "indexed (it needs a `noarch/repodata.json`)",
    )
