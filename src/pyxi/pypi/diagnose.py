"""Turn uv's resolution failures into messages that say what to change (uv-recipes §6).

Two dead ends get their own message: no wheel for the environment's Python ABI, and no wheel
for the platform. Conflicts with conda-pinned versions get pixi's help line. Anything else
shows uv's own text, prefixed with the environment and the platform.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import field

from pyxi.config.network_errors import NetworkFailure
from pyxi.datamodel import model
from pyxi.diagnostics import SolveError
from pyxi.manifest.model import PypiDependency
from pyxi.names import normalize_pypi_name

ABI = re.compile(
    r"You require CPython (?P<py>\d+\.\d+) \(`(?P<tag>cp\d+t?)`\), but we only found wheels for "
    r"`(?P<pkg>[^`]+)` \(v(?P<ver>[^)]+)\) with the following Python (?:ABI|implementation) tags?: (?P<have>.+)"
)
PLAT = re.compile(
    r"Wheels are available for `(?P<pkg>[^`]+)` \(v(?P<ver>[^)]+)\) on the following platforms?: (?P<have>.+)"
)
WANT = re.compile(r"has no wheels with a matching platform tag \(e\.g\., `(?P<want>[^`]+)`\)")
_TICKED = re.compile(r"`([^`]+)`")


@model(frozen=True)
class FailureContext:
    environment: str
    platform: str
    subdir: str
    python_version: str
    requirements: Sequence[PypiDependency] = ()
    conda_provided: Mapping[str, str] = field(default_factory=dict)
    project_name: str = "pyxi-env"


def _where(ctx: FailureContext) -> str:
    return f"environment `{ctx.environment}` on platform `{ctx.platform}`"


def _clean(text: str, ctx: FailureContext) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    text = text.replace(ctx.project_name, f"{ctx.environment} ({ctx.platform})")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def conda_platform_of(tag: str) -> str:
    """A wheel platform tag → the conda platform it serves (`win_amd64` → `win-64`)."""
    rules = [(r"^win_amd64$", "win-64"), (r"^win_arm64$", "win-arm64"), (r"^win32$", "win-32"),
             (r"^macosx_.*_arm64$", "osx-arm64"), (r"^macosx_.*_x86_64$", "osx-64"),
             (r"^macosx_.*_universal2$", "osx-64/osx-arm64"), (r"linux.*_x86_64$", "linux-64"),
             (r"linux.*_aarch64$", "linux-aarch64"), (r"linux.*_ppc64le$", "linux-ppc64le"),
             (r"linux.*_s390x$", "linux-s390x")]
    return next((conda for pattern, conda in rules if re.search(pattern, tag)), tag)


def _python_of(tag: str) -> str:
    match = re.match(r"^cp(\d)(\d+)", tag)
    return f"{match[1]}.{match[2]}" if match else tag


def _requirement(ctx: FailureContext, package: str) -> PypiDependency | None:
    wanted = normalize_pypi_name(package)
    return next((d for d in ctx.requirements if normalize_pypi_name(d.name) == wanted), None)


def abi_error(match: re.Match[str], ctx: FailureContext, uv_text: str) -> SolveError:
    have = _TICKED.findall(match["have"])
    pythons = sorted({_python_of(t) for t in have}, key=lambda v: tuple(int(x) for x in v.split(".")))
    pkg, ver = match["pkg"], match["ver"]
    best = pythons[-1] if pythons else None
    help_text = (
        f"lower the Python version of environment `{ctx.environment}` to one that these wheels support "
        f"({', '.join(pythons)}): in pixi.toml set e.g. `python = \"{best}.*\"` under [dependencies], "
        f"or in pyproject.toml set `requires-python = \">={pythons[0]},<{_next_minor(best)}\"`"
        if best else "lower `python` in [dependencies] (or `requires-python` in pyproject.toml)"
    )
    return SolveError(
        f"failed to resolve PyPI dependencies for {_where(ctx)}: `{pkg}` {ver} has no wheel for "
        f"Python {match['py']} (`{match['tag']}`)",
        notes=[
            (f"environment `{ctx.environment}` has Python {ctx.python_version} on `{ctx.platform}` "
             f"(the conda `python` package), so it needs wheels tagged `{match['tag']}`"),
            (f"`{pkg}` {ver} only has wheels for the ABI tags {', '.join(f'`{t}`' for t in have)} "
             f"(Python {', '.join(pythons)})"),
            "uv said:\n" + _clean(uv_text, ctx),
        ],
        help=help_text,
    )


def _next_minor(version: str | None) -> str:
    major, minor = (version or "3.0").split(".")[:2]
    return f"{major}.{int(minor) + 1}"


def cpu_index_for(index: str | None) -> str | None:
    """The CPU variant of a CUDA index URL (`…/whl/cu124` → `…/whl/cpu`), if it looks like one."""
    if not index or not re.search(r"cu\d{2,3}", index):
        return None
    return re.sub(r"cu\d{2,3}", "cpu", index)


def _snippet(ctx: FailureContext, pkg: str, index: str | None) -> str:
    replacement = cpu_index_for(index) or "<an index with wheels for this platform>"
    same_index = [d for d in ctx.requirements if index and d.index == index] or [
        d for d in [_requirement(ctx, pkg)] if d is not None]
    lines = [f"[target.{ctx.platform}.pypi-dependencies]"]
    for dep in same_index or [PypiDependency(pkg)]:
        version = f'version = "{dep.version}", ' if dep.version else ""
        lines.append(f'{dep.name} = {{ {version}index = "{replacement}" }}')
    return "\n".join(lines)


def platform_error(match: re.Match[str], want: str | None, ctx: FailureContext, uv_text: str) -> SolveError:
    pkg, ver = match["pkg"], match["ver"]
    have = _TICKED.findall(match["have"])
    covered = sorted({conda_platform_of(t) for t in have})
    dep = _requirement(ctx, pkg)
    index = dep.index if dep is not None else None
    notes = [
        (f"`{pkg}` {ver} only has wheels for {', '.join(f'`{t}`' for t in have)}, "
         f"that is the platforms {', '.join(covered)}"),
        f"`{ctx.platform}` needs a wheel tagged like `{want or ctx.subdir}`",
    ]
    if index:
        notes.insert(0, f"`{pkg}` is pinned to the index {index}")
    if "+cu" in ver and ctx.subdir.startswith("osx"):
        notes.append("CUDA builds do not exist for macOS; use the CPU build there")
    notes.append("uv said:\n" + _clean(uv_text, ctx))
    return SolveError(
        f"failed to resolve PyPI dependencies for {_where(ctx)}: `{pkg}` {ver} has no wheel for "
        f"platform `{ctx.platform}`",
        notes=notes,
        help=(f"use the CPU index for `{ctx.platform}` with a target-specific table, which replaces "
              f"the general entry on that platform only:\n\n{_snippet(ctx, pkg, index)}"),
    )


def conda_pin_notes(uv_text: str, ctx: FailureContext) -> list[str]:
    pinned = [f"{n}=={v}" for n, v in sorted(ctx.conda_provided.items())
              if re.search(rf"\b{re.escape(n)}(==|\s)", uv_text)]
    if not pinned:
        return []
    return ["The following PyPI packages have been pinned by the conda solve, and this version "
            "may be causing a conflict: " + ", ".join(pinned)]


def diagnose(uv_text: str, ctx: FailureContext) -> SolveError:
    """The best `SolveError` for uv's failure output `uv_text` (stderr, `--color never`)."""
    flat = re.sub(r"\s+", " ", re.sub(r"\x1b\[[0-9;]*m", "", uv_text))
    abi = ABI.search(flat)
    if abi:
        return abi_error(abi, ctx, uv_text)
    plat = PLAT.search(flat)
    if plat:
        want = WANT.search(flat)
        return platform_error(plat, want["want"] if want else None, ctx, uv_text)
    network = _network_failure(flat)
    if network is not None:
        return SolveError(f"failed to resolve PyPI dependencies for {_where(ctx)}: "
                          f"{network.message}", notes=[*network.notes, _clean(uv_text, ctx)],
                          help=network.help)
    unreachable = UNREACHABLE.search(flat)
    if unreachable:
        return SolveError(
            f"failed to resolve PyPI dependencies for {_where(ctx)}: cannot reach "
            f"{unreachable['url']}",
            notes=[_clean(uv_text, ctx)],
            help="check the network and the index URLs in [pypi-options] and in the `index` of "
            "[pypi-dependencies] entries; a lock that exists still installs with `--frozen` "
            "when its wheels are in the cache",
        )
    pins = conda_pin_notes(flat, ctx)
    return SolveError(
        f"failed to resolve PyPI dependencies for {_where(ctx)}",
        notes=[_clean(uv_text, ctx)],
        help=pins[0] if pins else "the notes above are uv's own explanation of the conflict",
    )


def _network_failure(flat: str) -> NetworkFailure | None:
    """An index that wants credentials (401) or refuses them (403), a proxy, a mirror."""
    from pyxi.config.load import active
    from pyxi.config.network_errors import explain

    return explain(flat, active())


# uv: "Failed to fetch: `URL`" / "error sending request for url (URL)" (with or without backticks).
UNREACHABLE = re.compile(r"Failed to fetch: `?(?P<url>[^`\s]+?)`?(?: |$)")
