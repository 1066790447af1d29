"""`pyxi remove SPEC… [--pypi] [-f FEATURE | -e ENV] [-p PLATFORM…] [--no-install]`.

In a pyproject.toml a PyPI dependency is also removed from `[project] dependencies` (from the
feature's `[project.optional-dependencies]` / `[dependency-groups]` arrays with `-f`)."""

from __future__ import annotations

import argparse

from pyxi.cli.add import add_edit_target, manifest_path, options_of, report, target_of
from pyxi.cli.common import progress_for


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("specs", nargs="+", metavar="SPEC",
                        help="The dependency as names, conda MatchSpecs or PyPi requirements")
    add_edit_target(parser)


def execute(args: argparse.Namespace) -> int:
    from pyxi.manifest.edit_spec import parse_conda_spec, parse_pypi_spec
    from pyxi.sync.remove import remove_packages

    target = target_of(args)
    specs = [(parse_pypi_spec if args.pypi else parse_conda_spec)(text) for text in args.specs]
    outcome = remove_packages(
        manifest_path(args), [spec.name for spec in specs], args.pypi, target, options_of(args),
        progress_for(args),
    )
    report(args, specs, outcome, target, "Removed")
    return 0
