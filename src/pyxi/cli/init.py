"""`pyxi init [PATH] [--format pixi|pyproject] [-c CHANNEL…] [-p PLATFORM…] [-i ENV_FILE]
[--scm github|gitlab|codeberg] [-s SCRIPT.py] [--conda-pypi-map MAP]`.

Creates a new workspace: a manifest and the git helpers. In a folder with a pyproject.toml the
`[tool.pixi]` tables are added to it (with an environment per group of optional dependencies
and dependency groups); `--script` gives a Python script a PEP 723 metadata block instead.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.cli.common import say
from pyxi.diagnostics import PyxiError

if TYPE_CHECKING:
    from pyxi.manifest.edit_init import InitOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".",
                        help="Where to place the workspace (defaults to current path)")
    parser.add_argument("-s", "--script", metavar="PATH",
                        help="Create a PEP 723 metadata block in a Python script")
    parser.add_argument("-c", "--channel", action="append", metavar="CHANNEL",
                        help="Channel to use in the workspace (repeatable; default: the "
                        "configuration's `default-channels`, else conda-forge)")
    parser.add_argument("-p", "--platform", action="append", metavar="NEW_PLATFORM",
                        help="Platforms that the workspace supports (repeatable; default: this machine's)")
    parser.add_argument("-i", "--import", dest="env_file", metavar="ENVIRONMENT_FILE",
                        help="Environment.yml file to bootstrap the workspace")
    parser.add_argument("--format", type=str.lower, choices=("pixi", "pyproject"),
                        help="The manifest format to create (default: pyproject when the folder "
                        "has a pyproject.toml, else pixi)")
    parser.add_argument("--pyproject", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scm", type=str.lower, choices=("github", "gitlab", "codeberg"),
                        help="Source Control Management used for this workspace (.gitattributes)")
    parser.add_argument("--conda-pypi-map", metavar="CONDA_PYPI_MAP",
                        help="Set conda↔PyPI mapping configuration: `false`, or "
                        "CHANNEL=LOCATION[,CHANNEL=LOCATION]")


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.render import warn

    _check_conflicts(args)
    if args.script:
        from pyxi.manifest.script_init import initialize_script

        path = initialize_script(Path(args.script), args.channel or [])
        say(args, f"✔ Initialized script at {path}")
        return 0
    folder = Path(args.path)
    _refuse_pixi_home_parent(folder)
    options = _options(args)
    if args.env_file:
        from pyxi.manifest.init_import import init_from_env_file

        init_from_env_file(folder, Path(args.env_file), options)
    else:
        from pyxi.config.load import active
        from pyxi.manifest.edit_init import init_workspace
        from pyxi.manifest.edit_options import add_pypi_indexes

        config = active()
        manifest = init_workspace(folder, options)
        add_pypi_indexes(manifest, config.pypi_index_url, config.pypi_extra_index_urls)
    for message in options.warnings:
        warn(message)
    for message in options.messages:
        say(args, message if message.startswith("Nothing") else f"✔ {message}")
    return 0


def _options(args: argparse.Namespace) -> InitOptions:
    from pyxi.cli.init_options import conda_pypi_map_value
    from pyxi.conda.host import host_subdir
    from pyxi.config.load import active
    from pyxi.manifest.edit_init import InitOptions

    if args.pyproject:
        from pyxi.cli.render import warn

        warn("The '--pyproject' option is deprecated and will be removed in the future.\n"
             "Use '--format pyproject' instead.")
    fmt = "pyproject" if args.pyproject else args.format or "auto"
    platforms = list(dict.fromkeys(args.platform or [host_subdir()]))
    return InitOptions(args.channel or active().default_channels, platforms, fmt, args.scm or "github",
                       conda_pypi_map_value(args.conda_pypi_map))


def _check_conflicts(args: argparse.Namespace) -> None:
    """pixi's rules: `--script` stands alone; `--import` takes the channels and format from
    the file."""
    if args.script:
        given = [flag for flag, on in (
            ("[PATH]", args.path != "."), ("--import", args.env_file), ("--platform", args.platform),
            ("--format", args.format or args.pyproject), ("--scm", args.scm),
            ("--conda-pypi-map", args.conda_pypi_map)) if on]
        if given:
            raise PyxiError(f"the argument '--script <PATH>' cannot be used with '{given[0]}'",
                            help="`--script` only takes `--channel`", exit_code=2)
    if args.env_file:
        given = [flag for flag, on in (("--channel", args.channel),
                                       ("--format", args.format or args.pyproject)) if on]
        if given:
            raise PyxiError(f"the argument '--import <ENVIRONMENT_FILE>' cannot be used with "
                            f"'{given[0]}'", help="the channels come from the imported file",
                            exit_code=2)


def _refuse_pixi_home_parent(folder: Path) -> None:
    """pixi refuses to make the parent of `$PIXI_HOME` (your home folder) a workspace."""
    from pyxi.global_.paths import pixi_home

    folder.mkdir(parents=True, exist_ok=True)
    if folder.resolve() == pixi_home().resolve().parent:
        raise PyxiError(
            "initialization without a name in the parent directory of your PIXI_HOME is not "
            "allowed.",
            help="create the workspace in a subfolder: `pyxi init my_workspace` (pixi init "
            "refuses this folder too)",
        )
