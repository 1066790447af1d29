"""`pyxi workspace platform list [--json]`: this machine as detected, then every workspace
platform with what it declares, whether this machine runs it, and which environments and
features use it (pixi's layout and JSON shape, see docs/json-output.md)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from pyxi.cli.workspace_common import Subparsers, command

if TYPE_CHECKING:
    from pyxi.manifest.model import PlatformSpec
    from pyxi.sync.workspace_host import HostMachine
    from pyxi.workspace.environment import Workspace

SUPPORTED = " (supported by current machine)"


def add_list_parser(sub: Subparsers) -> None:
    listing = command(sub, "list", "List every workspace platform with full detail, preceded by "
                      "the auto-detected host as a separate entry", _list, aliases=("ls",))
    output = listing.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true",
                        help="Emit machine-readable JSON instead of the human view")
    output.add_argument("--machine-readable", action="store_true", help=argparse.SUPPRESS)


def _list(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load, print_json
    from pyxi.cli.workspace_common import print_lines
    from pyxi.output import use_color
    from pyxi.sync.workspace_host import HostMachine

    workspace = load(args)
    platforms = workspace.manifest.workspace.platforms
    if args.machine_readable:
        return print_lines(" ".join(p.name for p in platforms))
    machine = HostMachine.detect()
    if args.json:
        print_json(as_json(workspace, machine))
        return 0
    return print_lines(human(workspace, machine, use_color(args.color, sys.stdout)))


def human(workspace: Workspace, machine: HostMachine, color: bool) -> list[str]:
    from pyxi.manifest.edit_platforms import PlatformDecl
    from pyxi.manifest.platform_names import rendered
    from pyxi.output import paint
    from pyxi.sync.workspace_host import unreachable, users_of

    host = ", ".join([f"platform={machine.subdir}", *rendered(machine.subdir, machine.detected)])
    lines = ["Your current machine was detected as:", f"    {host}"]
    platforms = workspace.manifest.workspace.platforms
    if platforms:
        lines += ["", paint("Platforms:", "1", color)]
    dim_envs, dim_features = unreachable(workspace, machine)
    several = len(workspace.environments) > 1
    for spec in platforms:
        decl = PlatformDecl.of(spec)
        runs = machine.runs(decl)
        lines.append(_row(decl, machine, color) + (SUPPORTED if runs else ""))
        users = users_of(workspace, spec.name)
        if several and users.environments:
            lines.append(f"    Used in environments: {_names(users.environments, dim_envs, color)}")
        if users.features:
            lines.append(f"    Used in features    : {_names(users.features, dim_features, color)}")
    return lines


def _row(decl: Any, machine: HostMachine, color: bool) -> str:
    from pyxi.env.platform_select import runnable_subdirs
    from pyxi.manifest.platform_names import rendered
    from pyxi.output import paint

    subdir_runs = decl.subdir in runnable_subdirs(machine.subdir)
    parts = [paint(f"platform={decl.subdir}", "2", color and not subdir_runs)]
    for package, text in zip(_packages(decl.declared), rendered(decl.subdir, decl.declared), strict=True):
        met = all(machine.provides(p, decl.declared[p]) for p in package)
        parts.append(paint(text, "2", color and not met))
    name = paint(decl.name, "1", color and machine.runs(decl))
    return f"{name}: {', '.join(parts)}"


def _packages(declared: dict[str, str]) -> list[tuple[str, ...]]:
    """The virtual packages behind each rendered declaration (the cuda table stands for two)."""
    from pyxi.manifest.platform_names import FRIENDLY, FRIENDLY_KEY

    grouped = "__cuda" in declared and "__cuda_arch" in declared
    result: list[tuple[str, ...]] = []
    for _, package in FRIENDLY:
        if package in declared:
            result.append(("__cuda", "__cuda_arch") if package == "__cuda" and grouped else (package,))
    for package in sorted(p for p in declared if p not in FRIENDLY_KEY):
        if not (package == "__cuda_arch" and grouped):
            result.append((package,))
    return result


def _names(names: list[str], dim: set[str], color: bool) -> str:
    from pyxi.output import paint

    return ", ".join(paint(name, "2", color and name in dim) for name in names)


def as_json(workspace: Workspace, machine: HostMachine) -> dict[str, Any]:
    from pyxi.manifest.platform_names import rendered
    from pyxi.sync.workspace_host import users_of

    current = {
        "name": "current", "subdir": machine.subdir, "virtual_packages": [],
        "detected_virtual_packages": rendered(machine.subdir, machine.detected, defaults=True),
        "features": [], "declared_inline_in_environments": [], "environments": [],
        "is_current": True, "is_autodetected": True,
    }  # fmt: skip
    rows: list[dict[str, Any]] = [current]
    for spec in workspace.manifest.workspace.platforms:
        users = users_of(workspace, spec.name)
        rows.append({
            "name": spec.name, "subdir": spec.subdir,
            "virtual_packages": rendered(spec.subdir, dict(spec.virtual_packages)),
            "detected_virtual_packages": rendered(spec.subdir, _solver_view(spec), defaults=True),
            "features": users.features, "declared_inline_in_environments": [],
            "environments": users.environments,
        })  # fmt: skip
    return {"current_subdir": machine.subdir, "platforms": rows}


def _solver_view(spec: PlatformSpec) -> dict[str, str]:
    """Every virtual package the solver assumes for the platform, as declarations."""
    from pyxi.manifest.model import SystemRequirements
    from pyxi.workspace.virtual_packages import solver_virtual_packages

    return {vp.name: vp.build if vp.name == "__archspec" else vp.version
            for vp in solver_virtual_packages(spec, SystemRequirements())}
