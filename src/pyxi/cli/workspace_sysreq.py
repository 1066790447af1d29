"""`pyxi workspace system-requirements add|list`: pixi's deprecated (hidden) way of declaring
virtual packages, kept so old scripts work: it writes `[system-requirements]` (or
`[feature.X.system-requirements]`), which pixi still reads. New workspaces declare them per
platform: `pyxi workspace platform add NAME=SUBDIR --cuda 12`."""

from __future__ import annotations

import argparse

from pyxi.cli.workspace_common import (
    Subparsers,
    actions,
    add_no_install,
    command,
    manifest,
    outcome,
    settings,
)

DEPRECATED = ("`pyxi workspace system-requirements` is deprecated: declare virtual packages per "
              "platform instead, e.g. `pyxi workspace platform add linux-64-cuda=linux-64 --cuda 12` "
              "(list them with `pyxi workspace platform list`)")
KINDS = ("linux", "cuda", "macos", "glibc", "other-libc")


def add_parser(subparsers: Subparsers) -> None:
    group = command(subparsers, "system-requirements", "Commands to manage workspace system "
                    "requirements (deprecated: use `platform`)", hidden=True)
    sub = actions(group, "sysreq_action")
    add = command(sub, "add", "Adds a system requirement to the manifest and updates the lock "
                  "file", _add, aliases=("a",))
    add.add_argument("requirement", choices=KINDS, metavar="REQUIREMENT",
                     help=f"The name of the system requirement ({', '.join(KINDS)})")
    add.add_argument("version", metavar="VERSION", help="The version of the requirement")
    add.add_argument("--family", help="The libc family, for `other-libc`")
    add.add_argument("-f", "--feature", help="The name of the feature to modify")
    add_no_install(add)
    listing = command(sub, "list", "List the system requirements", _list, aliases=("ls",))
    listing.add_argument("--json", action="store_true", help="Output in JSON format")
    listing.add_argument("-e", "--environment", help="The environment to list (default: `default`)")


def _add(args: argparse.Namespace) -> int:
    from pyxi.cli.render import warn
    from pyxi.sync.workspace_sysreq import add_requirement

    if not args.quiet:
        warn(DEPRECATED)
    return outcome(args, add_requirement(manifest(args), args.requirement, args.version,
                                         args.family, args.feature, settings(args)))


def _list(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load, print_json
    from pyxi.cli.workspace_common import print_lines

    requirements = load(args).environment(args.environment).system_requirements
    data: dict[str, object] = {key: getattr(requirements, key)
                               for key in ("cuda", "linux", "macos", "archspec")
                               if getattr(requirements, key)}
    if requirements.libc:
        data["libc"] = {"family": requirements.libc.family, "version": requirements.libc.version}
    if args.json:
        print_json(data)
        return 0
    lines = [f"{key}: {value['family']} {value['version']}" if isinstance(value, dict)
             else f"{key}: {value}" for key, value in data.items()]
    return print_lines(lines or ["No system requirements declared."])
