"""`pyxi add SPEC… [--pypi] [-f FEATURE | -e ENV] [-p PLATFORM…] [--git URL …] [--no-install]`.

The dependencies are conda MatchSpecs, PyPI requirements (`--pypi`) or the path of a local
`.conda` file. Without a version, the one the solver picks is pinned with pixi's semver
strategy (`>=2.1.3,<3`). In a pyproject.toml a PyPI dependency goes to `[project]
dependencies` (to `[dependency-groups] FEATURE` with `-f`), unless only pixi's tables can say
it (`--platform`, `--editable`, `--index`).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.cli.common import lock_usage, progress_for, say
from pyxi.cli.options import add_lock_usage

if TYPE_CHECKING:
    from pyxi.manifest.edit_spec import PackageSpec
    from pyxi.sync.add import AddOptions, EditOutcome, Target


def add_edit_target(parser: argparse.ArgumentParser, verb: str = "modified") -> None:
    """The flags `add` and `remove` share: which table, which feature or environment."""
    parser.add_argument("--pypi", action="store_true", help="The specified dependencies are pypi dependencies")
    parser.add_argument("--host", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "-p", "--platform", action="append", metavar="PLATFORM",
        help=f"The platform for which the dependency should be {verb} (repeatable)",
    )
    parser.add_argument("-f", "--feature", metavar="FEATURE",
                        help=f"The feature for which the dependency should be {verb} [default: default]")
    parser.add_argument(
        "-e", "--environment", metavar="ENVIRONMENT",
        help=f"The environment for which the dependency should be {verb}: the content written "
        "inline on the environment, created if it does not exist",
    )
    parser.add_argument("--no-install", action="store_true",
                        help="Don't modify the environment, only modify the lock file (env: PIXI_NO_INSTALL)")
    add_lock_usage(parser)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("specs", nargs="+", metavar="SPEC",
                        help="The dependency as names, conda MatchSpecs or PyPi requirements")
    add_edit_target(parser)
    parser.add_argument("--editable", action="store_true", help="Whether the pypi requirement should be editable")
    parser.add_argument("--index", metavar="INDEX", help="The PyPI index URL to use for this dependency (with --pypi)")
    git = parser.add_argument_group("git options")
    git.add_argument("-g", "--git", metavar="GIT", help="The git url to use when adding a git dependency")
    rev = git.add_mutually_exclusive_group()
    rev.add_argument("--branch", metavar="BRANCH", help="The git branch")
    rev.add_argument("--tag", metavar="TAG", help="The git tag")
    rev.add_argument("--rev", metavar="REV", help="The git revision")
    git.add_argument("--subdirectory", metavar="SUBDIRECTORY", help="The subdirectory of the git repository to use")
    git.add_argument("--subdir", dest="subdir", metavar="SUBDIR", help=argparse.SUPPRESS)


def manifest_path(args: argparse.Namespace) -> Path:
    from pyxi.manifest.discover import find_manifest

    return find_manifest(Path.cwd(), args.manifest_path)


def target_of(args: argparse.Namespace) -> Target:
    from pyxi.sync.add import Target

    check_flags(args)
    kind = "host" if args.host else "build" if args.build else "run"
    return Target(args.feature, args.platform or [], args.environment, kind)


def options_of(args: argparse.Namespace) -> AddOptions:
    from pyxi.envflags import env_flag
    from pyxi.sync.add import AddOptions
    from pyxi.sync.usage import LockUsage

    no_install = args.no_install or env_flag("PIXI_NO_INSTALL")
    return AddOptions(install=not no_install, relock=lock_usage(args) is LockUsage.UPDATE)


def check_flags(args: argparse.Namespace) -> None:
    from pyxi.diagnostics import PyxiError

    given = [flag for flag, on in (("--pypi", args.pypi), ("--host", args.host),
                                   ("--build", args.build)) if on]
    if args.environment:
        given += ["--feature"] * bool(args.feature)
        clash = next((flag for flag in given if flag != "--pypi"), None)
        if clash:
            raise PyxiError(f"the argument '--environment <ENVIRONMENT>' cannot be used with "
                            f"'{clash}'", help="inline content belongs to one environment: "
                            "drop one of the flags", exit_code=2)
    if len(given) > 1:
        raise PyxiError(f"the argument '{given[0]}' cannot be used with '{given[1]}'",
                        help="a dependency goes to one table: drop one of the flags", exit_code=2)


def execute(args: argparse.Namespace) -> int:
    from pyxi.sync.add import add_packages

    target = target_of(args)
    specs = parse_specs(args)
    outcome = add_packages(manifest_path(args), specs, target, options_of(args), progress_for(args))
    report(args, specs, outcome, target, "Added")
    return 0


def parse_specs(args: argparse.Namespace) -> list[PackageSpec]:
    from pyxi.cli.add_specs import pypi_specs
    from pyxi.manifest.edit_spec import parse_conda_spec

    if args.pypi:
        return pypi_specs(args)
    from pyxi.cli.add_specs import refuse_pypi_only_flags

    refuse_pypi_only_flags(args)
    return [parse_conda_spec(text) for text in args.specs]


def report(
    args: argparse.Namespace, specs: list[PackageSpec], outcome: EditOutcome, target: Target,
    verb: str,
) -> None:
    """pixi's summary: one line per package (with the pin it got), then where."""
    from pyxi.cli.render import warn

    for text, spec in zip(args.specs, specs):
        if spec.name in outcome.skipped:
            say(args, f"✔ {spec.name} is already a dependency{os.linesep}"
                      f"  Run `pyxi upgrade {spec.name}` to get the newest compatible version")
            continue
        value = outcome.written.get(spec.name)
        pin = f" {value}" if spec.needs_pin and isinstance(value, str) and value != "*" else ""
        say(args, f"✔ {verb} {text}{pin}")
    for message in _where(target, verb):
        say(args, message)
    for message in outcome.warnings:
        warn(message)
    for message in outcome.hints:
        warn(message)


def _where(target: Target, verb: str) -> list[str]:
    lines = []
    if target.spec_type != "run":
        lines.append(f"{verb} these as {target.table(False)}.")
    if target.platforms:
        lines.append(f"{verb} these only for platform(s): {', '.join(target.platforms)}")
    if target.environment:
        lines.append(f"{verb} these only for environment: {target.environment}")
    elif target.feature and target.feature != "default":
        lines.append(f"{verb} these only for feature: {target.feature}")
    return lines
