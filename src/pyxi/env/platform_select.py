"""Which of an environment's platforms this machine uses: the one home of that rule, for every
command and for the import-light paths (`env/quickrun.py`, `sync/noop.py`). Stdlib only.

pixi's rule (`best_declared_platform`): of the environment's platforms whose subdir this
machine runs (its own, then pixi's fallbacks: osx-arm64 → osx-64, win-arm64 → win-64,
win-64 → win-32), in manifest order, the first whose declared virtual packages (those that
differ from the subdir's defaults) this machine provides at the declared version or higher.
`--platform NAME` (a platform name, or a subdir for its first platform) overrides it. When no
platform's declaration is met, the first one for this machine's subdir is taken and the host
check decides whether it can run (`env/host_check.py`).
"""

from __future__ import annotations

from pyxi.env.host_facts import at_least

# (name, subdir, declared virtual packages other than the subdir's defaults: ((name, version), …))
Candidate = tuple[str, str, tuple[tuple[str, str], ...]]
_FALLBACKS = {"osx-arm64": ("osx-64",), "win-arm64": ("win-64",), "win-64": ("win-32",)}


class Choice:
    """The chosen platform (`name`, None when the environment has none for this machine),
    whether this machine provides what it declares (`fits`), and for every platform of the
    environment why it was or was not chosen (`reasons`, manifest order)."""

    __slots__ = ("fits", "name", "reasons", "requested")

    def __init__(
        self, name: str | None, fits: bool, requested: str | None, reasons: dict[str, str]
    ) -> None:
        self.name, self.fits, self.requested, self.reasons = name, fits, requested, reasons


def runnable_subdirs(host_subdir: str) -> tuple[str, ...]:
    return (host_subdir, *_FALLBACKS.get(host_subdir, ()))


def choose(
    candidates: list[Candidate], host_subdir: str, host: dict[str, str],
    requested: str | None = None, *, fast: bool = False,
) -> Choice | None:
    """`host`: this machine's virtual packages ({name: version}). With `fast`, a version this
    module cannot compare makes the answer None (the full path decides); without, it is unmet."""
    unmet = {}
    for name, subdir, declared in candidates:
        missing = unmet_declarations(declared, host)
        if missing is None:
            if fast:
                return None
            missing = list(declared)
        unmet[name] = missing
    if requested is not None:
        return _requested(candidates, host_subdir, host, requested, unmet)
    runnable = [c for s in runnable_subdirs(host_subdir) for c in candidates if c[1] == s]
    chosen = next((c[0] for c in runnable if not unmet[c[0]]), None)
    fits = chosen is not None
    if chosen is None and runnable:
        chosen = runnable[0][0]
    reasons = {
        c[0]: _reason(c, chosen, fits, runnable, unmet[c[0]], host, host_subdir) for c in candidates
    }
    return Choice(chosen, fits, None, reasons)


def unmet_declarations(
    declared: tuple[tuple[str, str], ...], host: dict[str, str]
) -> list[tuple[str, str]] | None:
    """The declarations `host` falls short of; None when a version cannot be compared."""
    missing = []
    for name, version in declared:
        have = host.get(name)
        answer = False if have is None else at_least(have, version)
        if answer is None:
            return None
        if not answer:
            missing.append((name, version))
    return missing


def _reason(candidate: Candidate, chosen: str | None, fits: bool, runnable: list[Candidate],
            missing: list[tuple[str, str]], host: dict[str, str], host_subdir: str) -> str:
    name, subdir = candidate[0], candidate[1]
    if candidate not in runnable:
        return f"not selected: it is for {subdir}, this machine is {host_subdir}"
    if name == chosen and fits and runnable[0][0] == name:
        return (f"selected: the first platform for {subdir}, and this machine provides what "
                f"it declares")
    if name == chosen and fits:
        return f"selected: the first platform for {subdir} whose declarations this machine provides"
    if name == chosen:
        return (f"selected although {shortfall(missing, host)}: no platform for {host_subdir} "
                f"fits this machine, so the first one is taken")
    if missing:
        return f"not selected: {shortfall(missing, host)}"
    return f"not selected: it fits too, but `{chosen}` comes first in the manifest"


def _requested(candidates: list[Candidate], host_subdir: str, host: dict[str, str], requested: str,
               unmet: dict[str, list[tuple[str, str]]]) -> Choice:
    match = next((c for c in candidates if c[0] == requested), None)
    match = match or next((c for c in candidates if c[1] == requested), None)
    if match is None:
        return Choice(None, False, requested, {c[0]: "not selected" for c in candidates})
    runs = match[1] in runnable_subdirs(host_subdir)
    fits = runs and not unmet[match[0]]
    reasons = {c[0]: f"not selected: `--platform {requested}` was asked for" for c in candidates}
    if not runs:
        reasons[match[0]] = (f"requested with --platform, but it is for {match[1]} and this "
                             f"machine is {host_subdir}")
    elif not fits:
        reasons[match[0]] = (f"requested with --platform, although "
                             f"{shortfall(unmet[match[0]], host)}")
    else:
        reasons[match[0]] = "selected with --platform"
    return Choice(match[0], fits, requested, reasons)


def shortfall(missing: list[tuple[str, str]], host: dict[str, str]) -> str:
    """`it declares \\`__cuda >=12.0\\` and this machine has no \\`__cuda\\``."""
    parts = []
    for name, version in missing:
        have = host.get(name)
        has = f"has `{name}={have}`" if have is not None else f"has no `{name}`"
        parts.append(f"it declares `{name} >={version}` and this machine {has}")
    return "; ".join(parts)
