"""`pyxi global install PKG… [-e ENV] [--expose E=X] [--with PKG] [-c CH] [-p PLATFORM]
[--force-reinstall]`: each package into its own environment (or all into `-e ENV`), with its
commands exposed in `$PIXI_HOME/bin`; then the installed environments are listed."""

from __future__ import annotations

import argparse

from pyxi.cli.global_.common import add_environment_flag, add_expose_flag
from pyxi.cli.options import add_channel_flags


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packages", nargs="+", metavar="PACKAGE", help='e.g. ruff "python=3.12"')
    add_channel_flags(parser)
    add_environment_flag(parser, required=False)
    add_expose_flag(parser, "expose only these commands (repeatable)")
    parser.add_argument(
        "--with",
        dest="with_",
        action="append",
        default=[],
        metavar="PACKAGE",
        help="add these packages too, without exposing their commands",
    )
    parser.add_argument("--force-reinstall", action="store_true", help="recreate the environment")
    parser.add_argument(
        "--no-shortcuts", action="store_true", help="no menu entries (pyxi creates none anyway)"
    )


def execute(args: argparse.Namespace) -> int:
    from functools import partial

    from pyxi.cli.global_.common import fail, load
    from pyxi.consts import KNOWN_SUBDIRS
    from pyxi.diagnostics import PyxiError
    from pyxi.global_.attempt import attempt
    from pyxi.global_.install import InstallOptions, environments_for, install_environment
    from pyxi.global_.listing import environments_tree, selected
    from pyxi.global_.model import parse_mapping
    from pyxi.global_.specs import normalize_channel, parse_specs

    if args.platform and args.platform not in KNOWN_SUBDIRS:
        raise PyxiError(
            f"unknown platform `{args.platform}`", help="known: " + ", ".join(KNOWN_SUBDIRS)
        )
    options = InstallOptions(
        [normalize_channel(c) for c in args.channel], args.platform,
        [parse_mapping(m) for m in args.expose], parse_specs(args.with_), args.force_reinstall,
    )  # fmt: skip
    plan = environments_for(parse_specs(args.packages), args.environment, options)
    project = load(args)
    states, failures = {}, []
    for name, specs in plan.items():
        step = partial(install_environment, project, name, specs, options)
        changed, error = attempt(project, name, step)
        if error is not None:
            failures.append((name, error))
        else:
            states[name] = "installed" if changed else "already installed"
    listed = selected(project.manifest.envs, None, list(states))
    if listed:
        print(environments_tree(project.paths, listed, states))
    return fail(args, "install", failures)
