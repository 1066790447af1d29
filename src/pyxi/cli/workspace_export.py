"""`pyxi workspace export conda-explicit-spec | conda-environment`: the `export` family of
`pyxi workspace`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.cli.options import add_lock_usage, global_options

if TYPE_CHECKING:
    from pyxi.lockfile.model import LockFile
    from pyxi.manifest.model import PlatformSpec
    from pyxi.workspace.environment import Environment, Workspace


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = subparsers.add_parser("export", help="Commands to export workspaces to other formats",
                                   parents=[global_options(for_command=True)])
    export.set_defaults(workspace_run=execute_export)
    kinds = export.add_subparsers(dest="export_kind", metavar="FORMAT", required=True)
    spec = kinds.add_parser("conda-explicit-spec", parents=[global_options(for_command=True)],
                            help="conda explicit specification files, one per environment and platform")
    spec.add_argument("output_dir", metavar="OUTPUT_DIR", type=Path,
                      help="the folder for the rendered spec files")
    spec.add_argument("-e", "--environment", action="append", metavar="ENV",
                      help="an environment to render (repeatable; default: all)")
    spec.add_argument("-p", "--platform", action="append", metavar="PLATFORM",
                      help="a platform name or conda subdir (repeatable; default: all)")
    spec.add_argument("--ignore-pypi-errors", action="store_true",
                      help="leave out PyPI packages instead of failing")
    spec.add_argument("--ignore-source-errors", action="store_true",
                      help="leave out conda source packages instead of failing")
    add_lock_usage(spec)
    env = kinds.add_parser("conda-environment", parents=[global_options(for_command=True)],
                           help="a conda environment.yml")
    env.add_argument("output_path", metavar="OUTPUT_PATH", type=Path, nargs="?",
                     help="where to write it (default: standard output)")
    env.add_argument("-p", "--platform", metavar="PLATFORM", help="default: this machine's")
    env.add_argument("-e", "--environment", metavar="ENV", help="default: `default`")
    env.add_argument("-n", "--name", help="the environment name in the file (default: ENV)")
    env.add_argument("--no-pypi", action="store_true", help="leave out the pip section")
    env.add_argument("--from-lock-file", action="store_true",
                     help="pin every package to its locked version instead of the manifest's specs")


def execute_export(args: argparse.Namespace) -> int:
    if args.export_kind == "conda-explicit-spec":
        return _explicit_spec(args)
    return _environment(args)


def _explicit_spec(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load, lock_usage, progress_for, say
    from pyxi.pack.export_spec import SpecRequest, export_explicit_specs
    from pyxi.sync.lock import ensure_lock

    workspace = load(args)
    lock, _ = ensure_lock(workspace, lock_usage(args), progress_for(args))
    request = SpecRequest(args.environment, args.platform, args.ignore_pypi_errors,
                          args.ignore_source_errors)
    written = export_explicit_specs(lock, args.output_dir, request)
    say(args, f"✔ Wrote {len(written)} explicit spec file(s) to {args.output_dir}")
    return 0


def _environment(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load
    from pyxi.env.host_platform import select_platform
    from pyxi.pack.export_env import conda_environment

    workspace = load(args)
    env = workspace.environment(args.environment)
    platform = select_platform(env, args.platform, to_run=False)
    lock = lock_platform = None
    if args.from_lock_file:
        lock, lock_platform = _read_lock(workspace, env, platform)
    document = conda_environment(env, platform, args.name, not args.no_pypi, lock, lock_platform)
    if args.output_path is None:
        sys.stdout.write(document.render())
    else:
        args.output_path.write_text(document.render())
    return 0


def _read_lock(workspace: Workspace, env: Environment, platform: PlatformSpec) -> tuple[LockFile, str]:
    from pyxi.diagnostics import LockFileError
    from pyxi.freshness.fresh import lock_platform_name
    from pyxi.lockfile.read import read_lock

    if not workspace.lock_path.is_file():
        raise LockFileError(f"there is no lock file at {workspace.lock_path}",
                            help="run `pyxi lock` first")
    lock = read_lock(workspace.lock_path)
    return lock, lock_platform_name(env, platform, lock)
