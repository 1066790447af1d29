"""`pyxi global tree -e ENV [REGEX] [-i]`: the dependency tree of a global environment (from
its installed packages); `-i/--invert` shows what depends on the packages matching REGEX."""

from __future__ import annotations

import argparse

from pyxi.cli.global_.common import add_environment_flag


def configure(parser: argparse.ArgumentParser) -> None:
    add_environment_flag(parser, required=True)
    parser.add_argument("regex", nargs="?", help="only the trees of dependencies matching this")
    parser.add_argument(
        "-i",
        "--invert",
        action="store_true",
        help="show what depends on the packages matching REGEX",
    )


def execute(args: argparse.Namespace) -> int:
    import re

    from pyxi.cli.global_.common import load
    from pyxi.cli.tree import _graph, _inverted, _lines
    from pyxi.diagnostics import PyxiError
    from pyxi.global_.records import installed_records
    from pyxi.names import normalize_pypi_name

    if args.invert and not args.regex:
        raise PyxiError(
            "`--invert` needs a REGEX naming the packages",
            help="e.g. `pyxi global tree -e ENV -i python`",
        )
    project = load(args)
    name = args.environment.lower()
    if name not in project.manifest.envs:
        raise PyxiError(
            f"Environment not found: {name}", help="`pyxi global list` shows the environments"
        )
    graph = _graph([r.package for r in installed_records(project.prefix(name))])
    pattern = re.compile(args.regex) if args.regex else None
    if args.invert:
        roots = [n for n in graph if pattern and pattern.search(n)]
        lines = _lines(_inverted(graph), sorted(roots))
    else:
        direct = [normalize_pypi_name(n) for n in project.env(name).dependencies]
        lines = _lines(graph, [n for n in direct if pattern is None or pattern.search(n)])
    print("\n".join(lines))
    return 0
