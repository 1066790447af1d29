"""`pyxi tree [REGEX] [-e ENV] [-p PLATFORM] [-i/--invert]`: the locked dependency tree.

Roots are the environment's direct dependencies (conda, then PyPI); a package shown before is
marked `(*)` and not expanded again. REGEX keeps the roots whose names match it (or, when no
direct dependency matches, the matching packages deeper down, as pixi does); `--invert` shows
what pulls the matching packages in instead.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from pyxi.cli.common import load, lock_usage, progress_for
from pyxi.cli.options import add_environment, add_lock_usage, add_platform
from pyxi.names import normalize_pypi_name

if TYPE_CHECKING:
    from pyxi.lockfile.model import LockedPackage

_NAME = re.compile(r"^\s*(?:[^\s:]+::)?([A-Za-z0-9_.\-]+)")


def configure(parser: argparse.ArgumentParser) -> None:
    add_environment(parser)
    add_lock_usage(parser)
    add_platform(parser, "to show")
    parser.add_argument("regex", nargs="?", metavar="REGEX",
                        help="list only packages matching a regular expression")
    parser.add_argument("-i", "--invert", action="store_true",
                        help="invert the tree: show what depends on the packages REGEX matches")


Graph = dict[str, tuple[str, list[str]]]  # name → (version, dependency names in the lock)


def _graph(packages: list[LockedPackage]) -> Graph:
    """{name: (version, [dependency names present in the lock])}."""
    from pyxi.lockfile.model import CondaPackage

    names = {normalize_pypi_name(p.name) for p in packages}
    graph: Graph = {}
    for package in packages:
        specs = package.depends if isinstance(package, CondaPackage) else package.requires_dist
        if not isinstance(package, CondaPackage):
            specs = [s for s in specs if "extra ==" not in s]
        found = [normalize_pypi_name(m.group(1)) for m in map(_NAME.match, specs) if m]
        children = list(dict.fromkeys(n for n in found if n in names))
        graph[normalize_pypi_name(package.name)] = (package.version or package.location, children)
    return graph


def _lines(graph: Graph, roots: list[str]) -> list[str]:
    """The tree, depth first; iterative, so a dependency chain thousands of packages long needs
    no deep Python stack."""
    lines: list[str] = []
    shown: set[str] = set()
    pending = [(root, "", True, 0) for root in reversed(roots) if root in graph]
    while pending:
        name, prefix, last, depth = pending.pop()
        branch = "" if depth == 0 else ("└── " if last else "├── ")
        version, children = graph[name]
        repeated = name in shown and children
        lines.append(f"{prefix}{branch}{name} {version}{' (*)' if repeated else ''}")
        if repeated:
            continue
        shown.add(name)
        inner = prefix + ("" if depth == 0 else ("    " if last else "│   "))
        pending += [
            (child, inner, index == len(children) - 1, depth + 1)
            for index, child in reversed(list(enumerate(children)))
        ]
    return lines


def _inverted(graph: Graph) -> Graph:
    parents: dict[str, list[str]] = {name: [] for name in graph}
    for name, (_, children) in graph.items():
        for child in children:
            parents[child].append(name)
    return {name: (graph[name][0], sorted(parents[name])) for name in graph}


def execute(args: argparse.Namespace) -> int:
    from pyxi.env.host_platform import select_platform
    from pyxi.freshness.fresh import lock_platform_name
    from pyxi.sync.lock import ensure_lock

    if args.invert and not args.regex:
        from pyxi.diagnostics import PyxiError

        raise PyxiError("the -i flag requires a package name (a regular expression)",
                        help="e.g. pyxi tree --invert cuda-version", exit_code=2)
    workspace = load(args)
    env = workspace.environment(args.environment)
    lock, _ = ensure_lock(workspace, lock_usage(args), progress_for(args))
    platform = select_platform(env, args.platform, to_run=False)
    graph = _graph(lock.packages_for(env.name, lock_platform_name(env, platform, lock)))
    if args.invert:
        lines = _lines(_inverted(graph), _matching(sorted(graph), args.regex,
                                                    "Nothing depends on the given regular expression"))
    else:
        direct = [d.name for d in env.conda_dependencies(platform)]
        direct += [d.name for d in env.pypi_dependencies(platform)]
        roots = list(dict.fromkeys(normalize_pypi_name(n) for n in direct))
        if args.regex:
            roots = _matching(roots, args.regex, None) or _matching(
                sorted(graph), args.regex, "No dependencies matched the given regular expression")
        lines = _lines(graph, roots)
    print("\n".join(lines))
    return 0


def _matching(names: list[str], pattern: str, missing: str | None) -> list[str]:
    """The names the regular expression matches (anywhere); with `missing`, an error when none."""
    from pyxi.diagnostics import PyxiError

    try:
        found = re.compile(pattern)
    except re.error as error:
        raise PyxiError(f"Invalid regular expression `{pattern}`: {error}") from None
    matched = [name for name in names if found.search(name)]
    if not matched and missing:
        raise PyxiError(missing)
    return matched
